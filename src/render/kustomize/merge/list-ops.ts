import {
  assertNodeKind,
  isEmptyMap,
  isMap,
  isMissingOrNull,
  kindOf,
  MergeError,
  textOf,
} from './nodes.js';

/**
 * kyaml's list primitives, kept with their quirks because merge results depend on them:
 * setting an element also drops every null or empty-map element of the list, replaces
 * every element that matches (not only the first), and matches a key given with an empty
 * value against any element that has that field at all.
 */
export interface ElementSpec {
  /** The element to put in place of the matches (or to append); undefined deletes. */
  element: unknown;
  keys: readonly string[];
  values: readonly string[];
}

/** kyaml ElementSetter: replaces (or deletes) matching elements in place, else appends. */
export function setElement(list: unknown[], spec: ElementSpec): void {
  const keys = spec.keys.length === 0 ? [''] : spec.keys;
  const { values, element } = spec;
  const mappingSetter = keys[0] !== '' && values.length > 0 && values[0] !== '';
  const kept: unknown[] = [];
  let matched = false;
  for (const item of list) {
    if (isEmptyMap(item)) continue;
    if (!isMap(item) && mappingSetter) {
      kept.push(item);
      continue;
    }
    let found = false;
    let isFound = true;
    for (let j = 0; j < keys.length; j++) {
      if (j < values.length) found = fieldMatches(item, keys[j] ?? '', values[j] ?? '');
      if (!found) {
        isFound = false;
        break;
      }
    }
    if (!isFound) {
      if (values.length > 0) kept.push(item);
      continue;
    }
    matched = true;
    if (element !== undefined) kept.push(element);
  }
  list.splice(0, list.length, ...kept);
  if (isMissingOrNull(element)) return;
  if (!matched) list.push(element);
}

/**
 * kyaml FieldMatcher as a predicate: with a name, whether the map has that field (with
 * that text, when a value is given); without one, whether the scalar has that text.
 */
export function fieldMatches(node: unknown, name: string, value: string): boolean {
  if (isMissingOrNull(node)) return false;
  if (name === '') {
    assertNodeKind(node, 'ScalarNode');
    return textOf(node) === value;
  }
  assertNodeKind(node, 'MappingNode');
  const map = node as Record<string, unknown>;
  if (!Object.hasOwn(map, name)) return false;
  return value === '' || textOf(map[name]) === value;
}

/** kyaml MatchField: the map has the field with exactly this text ('' included). */
function fieldEquals(node: unknown, name: string, value: string): boolean {
  if (!isMap(node) || !Object.hasOwn(node, name)) return false;
  return textOf(node[name]) === value;
}

/** kyaml ElementList/ElementMatcher: the first element whose keys have these values. */
export function findElement(
  list: unknown,
  keys: readonly string[],
  values: readonly string[],
): unknown {
  if (!Array.isArray(list)) return undefined;
  const ks = keys.length === 0 ? [''] : keys;
  const vs = values.length === 0 ? [''] : values;
  if ((ks[0] ?? '') === '') return list.find((item) => textOf(item) === vs[0]);
  for (const item of list) {
    if (!isMissingOrNull(item) && kindOf(item) !== 'MappingNode') continue;
    if (ks.length !== vs.length) {
      throw new MergeError(
        'length of keys must equal length of values when MatchAnyValue is false',
      );
    }
    if (ks.every((key, i) => fieldEquals(item, key, vs[i] ?? ''))) return item;
  }
  return undefined;
}
