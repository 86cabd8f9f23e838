/**
 * Base64-valued maps: Secret `data` (with `stringData` folded in, as the API server does on
 * write) and ConfigMap `binaryData`. Values compare as bytes, so two spellings of the same
 * bytes are equal; the values themselves never reach a FieldDifference for a Secret.
 */
import { decodeBase64, encodeBase64Text } from '../model/index.js';
import { isSameBytes } from './base64.js';
import { isJsonObject, type JsonObject } from './values.js';
import type { WalkContext } from './walk-context.js';

/**
 * The Secret as the server will store it: `stringData` keys encoded into `data` (they win
 * over `data` keys of the same name) and `stringData` itself gone — live never has it.
 * Returns the object itself when there is no stringData, so nothing is copied.
 */
export function foldStringData(secret: JsonObject): JsonObject {
  const stringData = secret['stringData'];
  if (!isJsonObject(stringData)) return secret;
  const data: JsonObject = isJsonObject(secret['data']) ? { ...secret['data'] } : {};
  for (const key in stringData) {
    const value = stringData[key];
    data[key] = typeof value === 'string' ? encodeBase64Text(value) : value;
  }
  const folded: JsonObject = { ...secret, data };
  delete folded['stringData'];
  return folded;
}

export function compareBase64Map(desired: unknown, live: unknown, context: WalkContext): void {
  if (!isJsonObject(desired)) {
    if (desired !== undefined && desired !== null)
      context.out.add('doubtful', context.path, 'type differs');
    return;
  }
  const have = isJsonObject(live) ? live : {};
  const path = context.path;
  for (const key in desired) {
    const want = desired[key];
    const got = have[key];
    if (want === got || want === undefined) continue;
    path.push(key);
    compareBase64Value(want, got, context);
    path.pop();
  }
}

function compareBase64Value(want: unknown, got: unknown, context: WalkContext): void {
  const out = context.out;
  if (got === undefined || got === null) {
    // Any value, even an empty one, creates the key.
    if (want !== null) out.add('certain', context.path, 'missing in live', { desired: want });
    return;
  }
  if (typeof want !== 'string' || typeof got !== 'string') {
    out.add('doubtful', context.path, 'type differs', { desired: want, live: got });
    return;
  }
  const wantBytes = decodeBase64(want);
  const gotBytes = decodeBase64(got);
  if (wantBytes === undefined || gotBytes === undefined) {
    out.add('doubtful', context.path, 'not valid base64', { desired: want, live: got });
    return;
  }
  if (!isSameBytes(wantBytes, gotBytes))
    out.add('certain', context.path, 'value differs', { desired: want, live: got });
}
