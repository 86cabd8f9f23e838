import { RenderError } from '../../../model/index.js';
import { visitFieldSpec } from '../field-spec.js';
import type { FieldSpec } from '../kustomization.js';
import { isMap } from '../kustomization.js';
import type { ResMap } from '../res-map.js';
import { formatResId } from './decode.js';

/** A var's value: what its field held, if a primitive; anything else is left unexpanded. */
export type VarValue = string | number | bigint | boolean | undefined;

export type VarMapping = (name: string) => VarValue;

/**
 * Expands `$(NAME)` references; `$$` is a literal `$`, and an unknown or unclosed
 * reference stays as written. When the whole text is one reference, the var's own value
 * (a number or boolean included) is returned instead of a string.
 */
export function expandVarReferences(
  input: string,
  mapping: VarMapping,
): string | number | bigint | boolean {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === '$') out += '$';
    else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close < 0) out += '$(';
      else {
        const name = input.slice(cursor + 2, close);
        const value = mapping(name);
        const mapped = value === undefined ? `$(${name})` : value;
        if (input === `$(${name})`) return mapped;
        out += String(mapped);
        advance = close - cursor;
      }
    } else out += `$${next ?? ''}`;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

function expandNode(node: unknown, mapping: VarMapping, set: (value: unknown) => void): void {
  if (typeof node === 'string') {
    set(expandVarReferences(node, mapping));
    return;
  }
  if (isMap(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string') node[key] = expandVarReferences(value, mapping);
    }
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      if (typeof item !== 'string') throw new Error('invalid value type expect a string');
      node[index] = expandVarReferences(item, mapping);
    });
  }
}

/** Expands var references in every varReference field of every resource. */
export function expandVarsInResources(
  resmap: ResMap,
  specs: readonly FieldSpec[],
  mapping: VarMapping,
): void {
  for (const resource of resmap.resources()) {
    for (const spec of specs) {
      try {
        visitFieldSpec(resource.obj, { ...spec, create: false }, ({ holder, key }) => {
          const node = holder[key];
          if (node === null || node === undefined) return;
          expandNode(node, mapping, (value) => (holder[key] = value));
        });
      } catch (err) {
        const message =
          err instanceof RenderError || err instanceof Error ? err.message : String(err);
        throw new RenderError(
          '',
          `considering field '${spec.path}' of object ${formatResId(resource.id())}: ${message}`,
        );
      }
    }
  }
}
