import { isMap } from '../kustomization.js';
import type { KObject } from '../res-id.js';
import { isListSelector, splitListSelector } from './field-path.js';
import { resolvePlainText, textOfScalar } from './scalars.js';

/** A place in a document: the container and the key (or index) inside it. */
export interface Slot {
  holder: KObject | unknown[];
  key: string | number;
}

/** What kind of node a missing final field is created as: that of the value to write. */
export type CreateKind = 'none' | 'scalar' | 'mapping' | 'sequence';

/** Stands in for a freshly created, untagged scalar until the replacement writes it. */
export const CREATED_SCALAR = Symbol('created scalar');

export function readSlot(slot: Slot): unknown {
  return Array.isArray(slot.holder)
    ? slot.holder[slot.key as number]
    : slot.holder[slot.key as string];
}

export function writeSlot(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.holder)) slot.holder[slot.key as number] = value;
  else slot.holder[slot.key as string] = value;
}

function isIndexNumber(part: string): boolean {
  return /^\+?\d+$/u.test(part);
}

function wrongKind(expected: string, node: unknown): Error {
  const actual = Array.isArray(node) ? 'SequenceNode' : isMap(node) ? 'MappingNode' : 'ScalarNode';
  return new Error(`wrong node kind: expected ${expected} but got ${actual}`);
}

/** The node kyaml creates for a missing part, judged by the part that follows it. */
function makeNode(next: string | undefined, create: CreateKind): unknown {
  if (next !== undefined && (isListSelector(next) || isIndexNumber(next))) return [];
  if (next !== undefined) return {};
  if (create === 'mapping') return {};
  if (create === 'sequence') return [];
  return CREATED_SCALAR;
}

/** A sequence at `slot`, creating an empty one in place of null when creating. */
function sequenceAt(slot: Slot, create: CreateKind): unknown[] | undefined {
  const node = readSlot(slot);
  if (Array.isArray(node)) return node as unknown[];
  if (node !== null && node !== undefined) throw wrongKind('SequenceNode', node);
  if (create === 'none') return undefined;
  const created: unknown[] = [];
  writeSlot(slot, created);
  return created;
}

/** The YAML text kyaml matches a `[key=regex]` selector against. */
function matchText(node: unknown): string {
  if (node === null) return 'null';
  if (isMap(node) || Array.isArray(node)) return JSON.stringify(node);
  return textOfScalar(node).trim();
}

/**
 * kyaml's PathMatcher: every field a replacement target path reaches. Parts are field
 * names, list indexes, `*` (every element) and `[key=regex]` (elements whose key matches
 * the unanchored regex; `[=regex]` for primitive elements). With `create`, missing fields,
 * the element at index == length and unmatched `[key=value]` elements are added.
 */
export function matchPath(slot: Slot, path: readonly string[], create: CreateKind): Slot[] {
  const [part, ...rest] = path;
  if (part === undefined) return [slot];
  if (isIndexNumber(part)) return matchIndex(slot, Number(part), rest, create);
  if (isListSelector(part)) return matchSelector(slot, part, rest, create, true);
  if (part === '*') {
    const list = sequenceAt(slot, 'none') ?? [];
    return list.flatMap((_, index) => matchPath({ holder: list, key: index }, rest, create));
  }
  return matchField(slot, part, rest, create);
}

function matchField(slot: Slot, name: string, rest: readonly string[], create: CreateKind): Slot[] {
  let node = readSlot(slot);
  if (node === null || node === undefined) {
    if (create === 'none') return [];
    node = {};
    writeSlot(slot, node);
  }
  if (!isMap(node)) throw wrongKind('MappingNode', node);
  if (!(name in node)) {
    if (create === 'none') return [];
    node[name] = makeNode(rest[0], create);
  }
  return matchPath({ holder: node, key: name }, rest, create);
}

function matchIndex(
  slot: Slot,
  index: number,
  rest: readonly string[],
  create: CreateKind,
): Slot[] {
  const list = sequenceAt(slot, create) ?? [];
  if (list.length === index && create !== 'none') list.push(makeNode(rest[0], create));
  if (list.length < index + 1)
    throw new Error(`index ${index} specified but only ${list.length} elements found`);
  return matchPath({ holder: list, key: index }, rest, create);
}

function matchSelector(
  slot: Slot,
  part: string,
  rest: readonly string[],
  create: CreateKind,
  retry: boolean,
): Slot[] {
  const { key, value } = splitListSelector(part);
  const pattern = new RegExp(value);
  const list = sequenceAt(slot, 'none') ?? [];
  const found: Slot[] = [];
  list.forEach((element, index) => {
    if (key === '') {
      if (pattern.test(matchText(element))) found.push({ holder: list, key: index });
      return;
    }
    if (!isMap(element) || element[key] === undefined || !pattern.test(matchText(element[key])))
      return;
    found.push(...matchPath({ holder: list, key: index }, rest, create));
  });
  if (found.length > 0 || create === 'none' || !retry) return found;
  const target = sequenceAt(slot, create) ?? [];
  target.push(key === '' ? resolvePlainText(value) : { [key]: resolvePlainText(value) });
  return matchSelector(slot, part, rest, create, false);
}
