/**
 * Scalars with an explicit tag, as go-yaml v3 decodes them into `interface{}`: `!!str` keeps
 * the text, `!!null` is null, `!!bool`/`!!int`/`!!float`/`!!timestamp` must resolve to that
 * kind (an integer is accepted as a float), `!!binary` is base64 decoded, and any other tag
 * (custom `!foo`, the non-specific `!`) leaves the text as a string.
 */
import { resolveGoScalar } from './go-resolve.js';
import type { GoScalar } from './go-resolve.js';

const YAML_TAG_PREFIX = 'tag:yaml.org,2002:';

function shortenTag(tag: string): string {
  return tag.startsWith(YAML_TAG_PREFIX) ? `!!${tag.slice(YAML_TAG_PREFIX.length)}` : tag;
}

const RESOLVING_TAGS = new Set(['!!bool', '!!int', '!!float', '!!timestamp']);

/** The scalar `text` tagged `tag`, or go-yaml's error message when they disagree. */
export function resolveTaggedScalar(tag: string, text: string): GoScalar | string {
  const short = shortenTag(tag);
  if (short === '!!null') return { kind: 'null' };
  if (!RESOLVING_TAGS.has(short)) return { kind: 'str' };
  let resolved = resolveGoScalar(text, 'v3');
  // Only an untagged or !!timestamp scalar is tried as a timestamp.
  if (resolved.kind === 'timestamp' && short !== '!!timestamp') resolved = { kind: 'str' };
  if (`!!${resolved.kind}` === short) return resolved;
  if (short === '!!float' && resolved.kind === 'int') {
    return { kind: 'float', value: Number(resolved.value) };
  }
  return `cannot decode !!${resolved.kind} \`${text}\` as a ${short}`;
}

/** Go's `utf8.DecodeRune` length at `i`, or 0 for an invalid byte (printed as U+FFFD). */
function measureUtf8(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  const [size, min, max] =
    lead >= 0xc2 && lead <= 0xdf
      ? [2, 0x80, 0xbf]
      : lead === 0xe0
        ? [3, 0xa0, 0xbf]
        : lead === 0xed
          ? [3, 0x80, 0x9f]
          : lead >= 0xe1 && lead <= 0xef
            ? [3, 0x80, 0xbf]
            : lead === 0xf0
              ? [4, 0x90, 0xbf]
              : lead === 0xf4
                ? [4, 0x80, 0x8f]
                : lead >= 0xf1 && lead <= 0xf3
                  ? [4, 0x80, 0xbf]
                  : [0, 0, 0];
  if (size === 0 || i + size > bytes.length) return 0;
  const second = bytes[i + 1] ?? 0;
  if (second < min || second > max) return 0;
  for (let k = 2; k < size; k++) {
    const next = bytes[i + k] ?? 0;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return size;
}

/** Bytes as a string the way `json.Marshal` sees them: each invalid byte becomes U+FFFD. */
function decodeUtf8LikeGo(bytes: Uint8Array): string {
  const decoder = new TextDecoder('utf-8');
  let out = '';
  let start = 0;
  for (let i = 0; i < bytes.length;) {
    const size = measureUtf8(bytes, i);
    if (size > 0) {
      i += size;
      continue;
    }
    out += `${decoder.decode(bytes.subarray(start, i))}\ufffd`;
    i += 1;
    start = i;
  }
  return out + decoder.decode(bytes.subarray(start));
}

/** `!!binary`: standard base64 (line breaks ignored) to text; undefined if malformed. */
export function decodeBinaryScalar(text: string): string | undefined {
  const compact = text.replace(/[\r\n]/gu, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/u.test(compact)) return undefined;
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return decodeUtf8LikeGo(bytes);
}
