/**
 * Mapping-key order of the reference output: go-yaml v2's `keyList.Less` (sigs.k8s.io/yaml
 * v1.4.0), a "natural" order over runes. At the first differing rune: two letters compare by
 * code point; a letter sorts after a non-letter; otherwise the digit runs starting there are
 * compared as int64 numbers (wrapping on overflow, like Go), then by run length, then by rune.
 * A prefix sorts first. Digit runs make the order intransitive for some key sets ("a01", "a10",
 * "a1a"); Go sorts Go-map keys, which come in random order, so kubectl itself prints such sets
 * in varying orders and no single answer exists there.
 */

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetter(code: number): boolean {
  if (code < 128) return (code | 32) >= 97 && (code | 32) <= 122;
  return LETTER.test(String.fromCodePoint(code));
}

function isDigit(code: number): boolean {
  if (code <= 0xff) return code >= 48 && code <= 57;
  return DIGIT.test(String.fromCodePoint(code));
}

/** Go's `an = an*10 + int64(r-'0')` over the digit run from `start`, wrapping at 64 bits. */
function readDigitRun(
  runes: readonly number[],
  start: number,
  initial: number,
): [number, number | bigint] {
  let value: number | bigint = initial;
  let end = start;
  for (; end < runes.length && isDigit(runes[end] ?? 0); end++) {
    const digit = (runes[end] ?? 48) - 48;
    if (typeof value === 'number' && value < 1e14) value = value * 10 + digit;
    else value = BigInt.asIntN(64, BigInt(value) * 10n + BigInt(digit));
  }
  return [end, value];
}

function isLessNumber(a: number | bigint, b: number | bigint): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a < b : BigInt(a) < BigInt(b);
}

/** go-yaml v2 `keyList.Less` for two string keys given as code points. */
function isLessRunes(ar: readonly number[], br: readonly number[]): boolean {
  const shorter = Math.min(ar.length, br.length);
  for (let i = 0; i < shorter; i++) {
    const a = ar[i] ?? 0;
    const b = br[i] ?? 0;
    if (a === b) continue;
    const al = isLetter(a);
    const bl = isLetter(b);
    if (al && bl) return a < b;
    if (al || bl) return bl;
    let initial = 0;
    if (a === 48 || b === 48) {
      // A zero inside a number that has a non-zero digit before it counts as a digit.
      for (let j = i - 1; j >= 0 && isDigit(ar[j] ?? 0); j--) {
        if (ar[j] !== 48) {
          initial = 1;
          break;
        }
      }
    }
    const [aEnd, an] = readDigitRun(ar, i, initial);
    const [bEnd, bn] = readDigitRun(br, i, initial);
    if (an !== bn && BigInt(an) !== BigInt(bn)) return isLessNumber(an, bn);
    if (aEnd !== bEnd) return aEnd < bEnd;
    return a < b;
  }
  return ar.length < br.length;
}

/** Ordering class of an ASCII character without digits: non-letters first, then letters. */
function rankAscii(code: number): number {
  return (code | 32) >= 97 && (code | 32) <= 122 ? code + 128 : code;
}

function compareSimple(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rankAscii(x) - rankAscii(y);
  }
  return a.length - b.length;
}

function toRunes(text: string): number[] {
  const runes: number[] = [];
  for (const ch of text) runes.push(ch.codePointAt(0) ?? 0);
  return runes;
}

/** ASCII without digits: the order is then a plain total order (compareSimple). */
function isSimpleKey(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code >= 128 || (code >= 48 && code <= 57)) return false;
  }
  return true;
}

/** Sorts the keys of one mapping into reference output order, in place. */
export function sortMappingKeys(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  if (keys.every(isSimpleKey)) return keys.sort(compareSimple);
  const entries = keys.map((key) => ({ key, runes: toRunes(key) }));
  entries.sort((x, y) => {
    if (isLessRunes(x.runes, y.runes)) return -1;
    return isLessRunes(y.runes, x.runes) ? 1 : 0;
  });
  entries.forEach((entry, index) => (keys[index] = entry.key));
  return keys;
}
