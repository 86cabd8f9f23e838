/**
 * The YAML-node notions kyaml's merge walker is written in, over plain JSON data:
 * a missing node is `undefined`, a null node `null`, and KEEP_NULL is a null that the
 * walker decided to keep (kyaml's "persistent null") rather than clear.
 */
export const KEEP_NULL: unique symbol = Symbol('keep-null');

/** A node as the walker passes it around: data, missing, or a null to keep. */
export type Walked = unknown;

export type JsonMap = Record<string, unknown>;

export class MergeError extends Error {
  override readonly name = 'MergeError';
}

export type NodeKind = 'MappingNode' | 'SequenceNode' | 'ScalarNode';

export function isMap(node: unknown): node is JsonMap {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

export function isMissingOrNull(node: unknown): boolean {
  return node === undefined || node === null || node === KEEP_NULL;
}

export function isEmptyMap(node: unknown): boolean {
  return isMissingOrNull(node) || (isMap(node) && Object.keys(node).length === 0);
}

/** kyaml's IsNilOrEmpty: missing, null, an empty map or an empty list. */
export function isNilOrEmpty(node: unknown): boolean {
  return isEmptyMap(node) || (Array.isArray(node) && node.length === 0);
}

export function kindOf(node: unknown): NodeKind {
  if (Array.isArray(node)) return 'SequenceNode';
  return isMap(node) ? 'MappingNode' : 'ScalarNode';
}

/**
 * The `Value` kyaml compares merge keys by: a scalar's text; '' for null, maps and lists.
 * Integers print as Go's YAML would have read them; other numbers in their shortest form.
 */
export function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'bigint' || typeof node === 'boolean')
    return String(node);
  return '';
}

/** Throws kyaml's InvalidNodeKindError unless the node is null/missing or of `kind`. */
export function assertNodeKind(node: unknown, kind: NodeKind): void {
  if (isMissingOrNull(node)) return;
  const actual = kindOf(node);
  if (actual !== kind) throw new MergeError(`wrong node kind: expected ${kind} but got ${actual}`);
}

/** A scalar written back from its text, typed as a YAML plain scalar would resolve. */
export function scalarFromText(text: string): unknown {
  if (/^-?(0|[1-9][0-9]*)$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}
