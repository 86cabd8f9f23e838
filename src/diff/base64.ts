/**
 * Standard base64 (RFC 4648 §4, padded), written out because pure modules may not use
 * Buffer: Secret `stringData` is encoded to compare with live `data`, and `data` values
 * are decoded so that two spellings of the same bytes compare equal.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const DECODE = ((): Int16Array => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[n >> 18] ?? '';
    out += ALPHABET[(n >> 12) & 63] ?? '';
    out += ALPHABET[(n >> 6) & 63] ?? '';
    out += ALPHABET[n & 63] ?? '';
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = ((bytes[i] ?? 0) << 16) | (rest === 2 ? (bytes[i + 1] ?? 0) << 8 : 0);
    out += ALPHABET[n >> 18] ?? '';
    out += ALPHABET[(n >> 12) & 63] ?? '';
    out += rest === 2 ? (ALPHABET[(n >> 6) & 63] ?? '') : '=';
    out += '=';
  }
  return out;
}

/** The UTF-8 bytes of a string, base64-encoded: what the API server stores for stringData. */
export function encodeBase64Text(text: string): string {
  return encodeBase64(new TextEncoder().encode(text));
}

/**
 * Decodes padded standard base64 (the only form the API server accepts for Secret data);
 * undefined for anything else.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const isPad = code === 61 && i + j >= text.length - padding;
      const digit = isPad ? 0 : code < 128 ? (DECODE[code] ?? -1) : -1;
      if (digit < 0) return undefined;
      n = (n << 6) | digit;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export function isSameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
