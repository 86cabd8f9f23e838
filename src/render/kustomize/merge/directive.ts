import { isMap, MergeError, textOf } from './nodes.js';
import { setElement } from './list-ops.js';

/** A `$patch` directive: how a patch map or list applies to what it patches. */
export type Directive = 'merge' | 'replace' | 'delete';

const DIRECTIVE_KEY = '$patch';

/**
 * Reads (and removes, as kyaml does) the `$patch` directive of a patch node. On a map it
 * is the map's own `$patch` field; on a list it is the first element carrying `$patch`,
 * when that element has no other field — an element with more fields is an element
 * directive, handled when the element is merged. Throws on an unknown directive.
 */
export function takeDirective(patch: unknown): Directive {
  if (patch === undefined) return 'merge';
  if (Array.isArray(patch)) return takeListDirective(patch);
  if (isMap(patch)) return takeMapDirective(patch);
  throw new MergeError(`no implemented strategic merge patch strategy for '${textOf(patch)}'`);
}

/**
 * What remains of a node once its patch's directive is applied: a null patch or
 * `delete` removes it, `replace` takes the patch, `merge` keeps the (merged) node.
 */
export function applyDirective(dest: unknown, patch: unknown): unknown {
  if (patch === null) return undefined;
  switch (takeDirective(patch)) {
    case 'delete':
      return undefined;
    case 'replace':
      return patch;
    case 'merge':
      return dest;
  }
}

/** takeDirective for the callers that ignore its errors (kyaml drops them there). */
export function takeDirectiveLeniently(patch: unknown): Directive | 'unknown' {
  try {
    return takeDirective(patch);
  } catch (err) {
    if (err instanceof MergeError) return 'unknown';
    throw err;
  }
}

function takeMapDirective(patch: Record<string, unknown>): Directive {
  if (!Object.hasOwn(patch, DIRECTIVE_KEY)) return 'merge';
  const value = textOf(patch[DIRECTIVE_KEY]);
  const directive = asDirective(value);
  Reflect.deleteProperty(patch, DIRECTIVE_KEY);
  return directive;
}

function takeListDirective(patch: unknown[]): Directive {
  const holder = patch.find((item) => isMap(item) && Object.hasOwn(item, DIRECTIVE_KEY));
  if (!isMap(holder) || Object.keys(holder).length > 1) return 'merge';
  const value = textOf(holder[DIRECTIVE_KEY]);
  const directive = asDirective(value);
  setElement(patch, { element: undefined, keys: [DIRECTIVE_KEY], values: [value] });
  return directive;
}

function asDirective(value: string): Directive {
  if (value === 'merge' || value === 'replace' || value === 'delete') return value;
  throw new MergeError(`unknown patch strategy '${value}'`);
}
