/**
 * Kustomize's content hash of a ConfigMap or Secret (api/hasher): SHA-256 over Go's
 * json.Marshal of a small map of the fields that matter, cut to 10 characters and with
 * some hex digits swapped for letters so that the suffix never looks like a number or word.
 */
import type { KObject } from '../res-id.js';
import { sha256Hex } from './sha256.js';

/** The 10-character suffix Kustomize appends to the name of `obj`. */
export function hashObject(obj: KObject): string {
  return encodeHashSuffix(sha256Hex(new TextEncoder().encode(encodeForHash(obj))));
}

/**
 * The JSON text Kustomize hashes for `obj`. Its hasher looks the name up as one field
 * literally called "metadata/name", which never exists, so "name" is always "": the
 * suffix depends on the content only, and renaming a generated object keeps its hash.
 */
export function encodeForHash(obj: KObject): string {
  const name = obj['metadata/name'];
  switch (obj['kind']) {
    case 'ConfigMap': {
      const m: KObject = {
        kind: 'ConfigMap',
        name: fieldValue(name),
        data: fieldValue(obj['data']),
      };
      if (isObject(obj['binaryData'])) m['binaryData'] = obj['binaryData'];
      return marshalGoJson(m);
    }
    case 'Secret': {
      const m: KObject = {
        kind: 'Secret',
        type: fieldValue(obj['type']),
        name: fieldValue(name),
        data: fieldValue(obj['data']),
      };
      if (isObject(obj['stringData'])) m['stringData'] = obj['stringData'];
      return marshalGoJson(m);
    }
    default:
      // Kustomize hashes its internal YAML node here, which no one can reproduce; other
      // kinds only ask for a hash through external generator plugins, which Capstan never runs.
      return marshalGoJson(obj);
  }
}

/** What Kustomize's hasher reads at a path: a scalar's text, a map as is, missing as "". */
function fieldValue(value: unknown): unknown {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return null;
  if (typeof value === 'object') return value;
  return scalarString(value);
}

function scalarString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return '';
}

/** First 10 hex digits of the digest with 0, 1, 3, a and e replaced as Kustomize does. */
export function encodeHashSuffix(hex: string): string {
  const swaps: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return Array.from({ length: Math.min(10, hex.length) }, (_, i) => hex.charAt(i))
    .map((c) => swaps[c] ?? c)
    .join('');
}

/** Go's encoding/json output for plain data: map keys sorted by bytes, HTML-safe escapes. */
export function marshalGoJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quoteGoString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'bigint') return JSON.stringify(Number(value));
  if (Array.isArray(value)) return `[${value.map(marshalGoJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort(compareCodePoints);
    const entries = keys.map((k) => `${quoteGoString(k)}:${marshalGoJson((value as KObject)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return 'null';
}

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON.stringify agrees with Go except for the HTML-sensitive characters and bad UTF-16. */
function quoteGoString(text: string): string {
  return JSON.stringify(text).replace(/\\\\|[<>&\u2028\u2029]|\\ud[89a-f][0-9a-f]{2}/g, (m) =>
    m === '\\\\' ? m : (GO_ESCAPES[m] ?? '\\ufffd'),
  );
}

/** Orders strings by Unicode code point, which is the byte order of their UTF-8 forms. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function isObject(value: unknown): value is KObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
