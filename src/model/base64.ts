/**
 * Standard base64 (RFC 4648, padded), written out because pure modules may not use Buffer:
 * render/ writes generated Secrets with it and diff/ compares Secret data with it.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map<string, number>(
  Array.from({ length: 64 }, (_, i) => [ALPHABET.charAt(i), i]),
);

/** Base64 of `bytes`, padded with '='. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const triple = (b0 << 16) | (b1 << 8) | b2;
    out += ALPHABET.charAt((triple >> 18) & 63) + ALPHABET.charAt((triple >> 12) & 63);
    out += i + 1 < bytes.length ? ALPHABET.charAt((triple >> 6) & 63) : '=';
    out += i + 2 < bytes.length ? ALPHABET.charAt(triple & 63) : '=';
  }
  return out;
}

/** The bytes of padded standard base64 text; undefined when the text is not valid base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    let triple = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charAt(i + j);
      const isPad = c === '=' && i + 4 === text.length && j >= 4 - padding;
      const value = isPad ? 0 : VALUES.get(c);
      if (value === undefined) return undefined;
      triple = (triple << 6) | value;
    }
    for (const shift of [16, 8, 0]) {
      if (at < out.length) out[at++] = (triple >> shift) & 0xff;
    }
  }
  return out;
}

/** The UTF-8 bytes of a string, base64-encoded: what the API server stores for stringData. */
export function encodeBase64Text(text: string): string {
  return encodeBase64(new TextEncoder().encode(text));
}
