import { RenderError } from '../../model/index.js';
import type { FieldSpec } from './kustomization.js';
import { isMap } from './kustomization.js';
import { splitApiVersion, type KObject } from './res-id.js';

/** Where a field spec landed: the container holding the field and the field's key. */
export interface FieldSlot {
  holder: KObject;
  key: string;
  /** Keys and list indices from the object's root to `holder`. */
  trail: readonly (string | number)[];
}

/** Kustomize parses `v1` and `v2…` without a slash as core-group versions. */
export function groupVersionOf(obj: KObject): { group: string; version: string } {
  const apiVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : '';
  return splitApiVersion(apiVersion);
}

export function fieldSpecMatches(spec: FieldSpec, obj: KObject): boolean {
  if (spec.kind && spec.kind !== obj['kind']) return false;
  const { group, version } = groupVersionOf(obj);
  if (spec.group && spec.group !== group) return false;
  if (spec.version && spec.version !== version) return false;
  return true;
}

const splitPaths = new Map<string, string[]>();

/** Splits a field-spec path on `/`, honouring `\\/` as a literal slash inside a key (memoized). */
export function splitFieldPath(path: string): string[] {
  let parts = splitPaths.get(path);
  if (!parts) {
    parts = [];
    for (const piece of path.split('/')) {
      const last = parts.length - 1;
      if (last >= 0 && parts[last]?.endsWith('\\'))
        parts[last] = `${parts[last].slice(0, -1)}/${piece}`;
      else parts.push(piece);
    }
    if (splitPaths.size > 4096) splitPaths.clear();
    splitPaths.set(path, parts);
  }
  return parts;
}

/**
 * Calls `visit` for every place the spec's path reaches in `obj`. Sequences met on the
 * way are entered element by element. Missing intermediate maps are created only when
 * the spec says `create`; the final field is visited when it exists or when `create`.
 */
export function visitFieldSpec(
  obj: KObject,
  spec: FieldSpec,
  visit: (slot: FieldSlot) => void,
  options: { neverCreate?: boolean } = {},
): void {
  if (!fieldSpecMatches(spec, obj)) return;
  // Some Kustomize filters (images) never create fields, whatever the spec says.
  const effective = options.neverCreate === true ? { ...spec, create: false } : spec;
  walk(obj, splitFieldPath(spec.path), 0, effective, visit, []);
}

function walk(
  node: unknown,
  path: string[],
  at: number,
  spec: FieldSpec,
  visit: (slot: FieldSlot) => void,
  trail: (string | number)[],
): void {
  if (Array.isArray(node)) {
    node.forEach((element: unknown, index) => {
      walk(element, path, at, spec, visit, [...trail, index]);
    });
    return;
  }
  if (!isMap(node))
    throw new RenderError('', `field path ${spec.path}: expected sequence or mapping node`);
  const segment = path[at] ?? '';
  const isSeq = segment.endsWith('[]');
  const key = isSeq ? segment.slice(0, -2) : segment;
  if (at === path.length - 1) {
    if (key in node || (spec.create === true && !isSeq)) visit({ holder: node, key, trail });
    return;
  }
  let child = node[key];
  if (child === undefined || child === null) {
    if (spec.create !== true || isSeq) return;
    child = {};
    node[key] = child;
  }
  walk(child, path, at + 1, spec, visit, [...trail, key]);
}
