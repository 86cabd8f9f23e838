/**
 * libyaml's reading of a double-quoted scalar, used only where the `yaml` package reads one
 * differently: an escaped line break ("\" at the end of a line) followed by empty lines. YAML
 * (and go-yaml) keep one line feed per empty line there; the package folds them like an
 * unescaped break ("a\<LF><LF>b" is "a\nb", not "a b").
 */

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  "'": "'",
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTHS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** Whether the raw double-quoted text needs this reader rather than the package's. */
export function hasEscapedLineBreak(raw: string): boolean {
  return /\\\r?\n/u.test(raw);
}

/** One escape at `raw[i]` (just after the backslash): [decoded text, characters consumed]. */
function decodeEscape(raw: string, i: number): [string, number] {
  const ch = raw[i] ?? '';
  const simple = SIMPLE_ESCAPES[ch];
  if (simple !== undefined) return [simple, 1];
  const length = HEX_LENGTHS[ch] ?? 0;
  const code = Number.parseInt(raw.slice(i + 1, i + 1 + length), 16);
  return [String.fromCodePoint(code), 1 + length];
}

const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';
const isBreak = (ch: string | undefined): boolean => ch === '\n' || ch === '\r';

/** Reads one line break (CRLF, CR or LF) at `i`; returns the index after it. */
function skipBreak(raw: string, i: number): number {
  return raw[i] === '\r' && raw[i + 1] === '\n' ? i + 2 : i + 1;
}

/** Decodes `"..."` (quotes included) exactly as libyaml's flow scalar scanner does. */
export function decodeDoubleQuoted(raw: string): string {
  let out = '';
  let i = 1;
  const end = raw.length - 1;
  while (i < end) {
    let leadingBlanks = false;
    while (i < end && !isBlank(raw[i]) && !isBreak(raw[i])) {
      if (raw[i] === '\\' && isBreak(raw[i + 1])) {
        i = skipBreak(raw, i + 1);
        leadingBlanks = true;
        break;
      }
      if (raw[i] === '\\') {
        const [text, used] = decodeEscape(raw, i + 1);
        out += text;
        i += 1 + used;
      } else {
        out += raw.charAt(i);
        i += 1;
      }
    }
    let whitespaces = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    while (i < end && (isBlank(raw[i]) || isBreak(raw[i]))) {
      if (isBlank(raw[i])) {
        if (!leadingBlanks) whitespaces += raw.charAt(i);
        i += 1;
      } else {
        i = skipBreak(raw, i);
        if (leadingBlanks) trailingBreaks += '\n';
        else [whitespaces, leadingBreak, leadingBlanks] = ['', '\n', true];
      }
    }
    if (!leadingBlanks) out += whitespaces;
    else if (leadingBreak === '\n') out += trailingBreaks === '' ? ' ' : trailingBreaks;
    else out += leadingBreak + trailingBreaks;
  }
  return out;
}
