import { isMap } from '../kustomization.js';
import { textOfScalar } from './scalars.js';

/**
 * Kustomize's dot-separated field paths (vars' fieldref, replacements' fieldPath):
 * `\.` escapes a dot, a leading `.` is ignored, and a bracketed part keeps its dots —
 * `[name=a.b]` stays a list selector, `[a.b]` becomes the plain key `a.b`.
 */
export function splitDotPath(path: string): string[] {
  const pieces = path.split('.');
  if (pieces.length > 1 && pieces[0] === '') pieces.shift();
  const escaped: string[] = [];
  for (const piece of pieces) {
    const last = escaped.length - 1;
    const previous = escaped[last];
    if (previous !== undefined && previous.endsWith('\\'))
      escaped[last] = `${previous.slice(0, -1)}.${piece}`;
    else escaped.push(piece);
  }
  const parts: string[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const part = escaped[i] ?? '';
    if (!part.startsWith('[') || part.endsWith(']')) {
      parts.push(part);
      continue;
    }
    const bracketed = [part];
    while (i < escaped.length - 1) {
      i++;
      const next = escaped[i] ?? '';
      bracketed.push(next);
      if (next.endsWith(']')) break;
    }
    const joined = bracketed.join('.');
    parts.push(joined.includes('=') ? joined : joined.replace(/^[[\]]+|[[\]]+$/gu, ''));
  }
  return parts;
}

/** `ports[0]` → `ports`, `0` (vars accept this form; replacements do not). */
export function expandSliceIndexes(parts: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const match = part.endsWith(']') ? /^(.*)\[(\d+)\]$/su.exec(part) : null;
    if (!match) {
      out.push(part);
      continue;
    }
    if (match[1]) out.push(match[1]);
    out.push(match[2] ?? '');
  }
  return out;
}

export function isListSelector(part: string): boolean {
  return part.startsWith('[') && part.endsWith(']');
}

/** `[key=value]` → key and value; `[=value]` selects a primitive element. */
export function splitListSelector(part: string): { key: string; value: string } {
  const inner = part.slice(1, -1);
  const cut = inner.indexOf('=');
  if (cut < 0)
    throw new Error('list path element must contain fieldName=fieldValue for element to match');
  return { key: inner.slice(0, cut), value: inner.slice(cut + 1) };
}

function describeKind(node: unknown): string {
  if (Array.isArray(node)) return 'SequenceNode';
  if (isMap(node)) return 'MappingNode';
  return 'ScalarNode';
}

function wrongKind(expected: string, node: unknown): Error {
  return new Error(`wrong node kind: expected ${expected} but got ${describeKind(node)}`);
}

/** Go's strconv.Atoi, as kyaml uses it to tell list indexes from field names. */
function parseIndex(part: string): number | undefined {
  return /^[-+]?\d+$/u.test(part) ? Number(part) : undefined;
}

function lookupElement(node: unknown, selector: string): unknown {
  if (node === null || node === undefined) return undefined;
  if (!Array.isArray(node)) throw wrongKind('SequenceNode', node);
  const { key, value } = splitListSelector(selector);
  if (key === '') return node.find((element) => isScalarMatch(element, value));
  return node.find(
    (element) => isMap(element) && key in element && isScalarMatch(element[key], value),
  );
}

function isScalarMatch(node: unknown, text: string): boolean {
  return !isMap(node) && !Array.isArray(node) && node !== undefined && textOfScalar(node) === text;
}

/**
 * kyaml's Lookup: follows field names, list indexes (`-` is the last element) and
 * `[key=value]` selectors. Undefined when a part is missing; throws (with kyaml's
 * wording) where kyaml fails: a part that meets the wrong kind of node, a `*`.
 */
export function lookupPath(root: unknown, parts: readonly string[]): unknown {
  let node = root;
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    const index = parseIndex(part);
    if (index !== undefined) {
      if (index < 0) throw new Error(`array index ${index} cannot be negative`);
      if (node === null) return undefined;
      if (!Array.isArray(node)) throw wrongKind('SequenceNode', node);
      node = node[index];
    } else if (part === '-') {
      if (node === null) return undefined;
      if (!Array.isArray(node)) throw wrongKind('SequenceNode', node);
      node = node[node.length - 1];
    } else if (part === '*') {
      throw new Error('wildcard is not supported in PathGetter');
    } else if (isListSelector(part)) {
      node = lookupElement(node, part);
    } else {
      if (node === null) return undefined;
      if (!isMap(node)) throw wrongKind('MappingNode', node);
      node = node[part];
    }
    if (node === undefined) return undefined;
  }
  return node;
}
