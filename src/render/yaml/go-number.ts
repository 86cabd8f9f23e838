/**
 * Go's number parsing and printing as the reference pipeline uses it: `strconv.ParseInt` /
 * `ParseUint` with base 0 (the YAML resolvers of go-yaml v2 and v3), `encoding/json`'s float
 * text, and `strconv.FormatFloat(f, 'g', -1, 64)` (go-yaml v2's float printer).
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** The value of one digit character in bases up to 16, or 99 when it is not a digit. */
function readDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return 99;
}

/** Digits of `text` in `base` (no sign, no prefix), or undefined when one is not a digit. */
function readDigits(text: string, base: number): bigint | undefined {
  if (text.length === 0) return undefined;
  if (base === 10 && text.length <= 15) {
    for (let i = 0; i < text.length; i++) if (readDigit(text.charCodeAt(i)) >= 10) return undefined;
    return BigInt(Number(text));
  }
  let value = 0n;
  const big = BigInt(base);
  for (let i = 0; i < text.length; i++) {
    const digit = readDigit(text.charCodeAt(i));
    if (digit >= base) return undefined;
    value = value * big + BigInt(digit);
  }
  return value;
}

/** Go's `strconv.ParseUint(text, base, 64)` for base 0, 2 or 8; undefined on any error. */
export function parseGoUint(text: string, base: 0 | 2 | 8): bigint | undefined {
  if (text.length === 0) return undefined;
  let digits = text;
  let radix: number = base;
  if (base === 0) {
    radix = 10;
    if (text.charCodeAt(0) === 48 /* 0 */) {
      const prefix = (text.charCodeAt(1) | 32) & 0xff;
      if (text.length >= 3 && prefix === 98 /* b */) [radix, digits] = [2, text.slice(2)];
      else if (text.length >= 3 && prefix === 111 /* o */) [radix, digits] = [8, text.slice(2)];
      else if (text.length >= 3 && prefix === 120 /* x */) [radix, digits] = [16, text.slice(2)];
      else [radix, digits] = [8, text.slice(1)];
      // Go accepts "0" on its own: the leading zero is the whole (octal) number.
      if (digits.length === 0) return 0n;
    }
  }
  const value = readDigits(digits, radix);
  return value !== undefined && value <= UINT64_MAX ? value : undefined;
}

/** Go's `strconv.ParseInt(text, base, 64)` for base 0, 2 or 8; undefined on any error. */
export function parseGoInt(text: string, base: 0 | 2 | 8): bigint | undefined {
  const first = text.charCodeAt(0);
  const negative = first === 45; /* - */
  const unsigned = negative || first === 43 /* + */ ? text.slice(1) : text;
  const magnitude = parseGoUint(unsigned, base);
  if (magnitude === undefined) return undefined;
  const value = negative ? -magnitude : magnitude;
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

/** Whether `value` fits Go's int64 or uint64, the integer types the reference keeps exactly. */
export function isGoInteger(value: bigint): boolean {
  return value >= INT64_MIN && value <= UINT64_MAX;
}

/** go-yaml's regular expression for decimal floats (after underscores were removed). */
export const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/u;

/** Go's `underscoreOK`: underscores only between digits (or after a base prefix). */
function isUnderscoreOk(text: string): boolean {
  let saw = '^';
  let rest = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  let hex = false;
  if (rest.length >= 2 && rest[0] === '0' && 'bBoOxX'.includes(rest[1] ?? '')) {
    hex = rest[1] === 'x' || rest[1] === 'X';
    rest = rest.slice(2);
    saw = '0';
  }
  for (const ch of rest) {
    if ((ch >= '0' && ch <= '9') || (hex && /[a-fA-F]/u.test(ch))) saw = '0';
    else if (ch === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/**
 * Go's `strconv.ParseFloat(text, 64)` for the texts the YAML resolvers hand it: a leading dot
 * (".5", ".5e3") or a match of YAML_STYLE_FLOAT. Undefined on a syntax error or an overflow.
 */
export function parseGoDecimalFloat(text: string): number | undefined {
  if (!/^[-+]?[0-9_]*\.?[0-9_]*([eE][-+]?[0-9][0-9_]*)?$/u.test(text)) return undefined;
  if (!/[0-9]/u.test(text.replace(/[eE].*$/u, ''))) return undefined;
  if (text.includes('_') && !isUnderscoreOk(text)) return undefined;
  const value = Number(text.replace(/_/gu, ''));
  return Number.isFinite(value) ? value : undefined;
}

/** `strconv.FormatFloat(value, 'g', -1, 64)`: shortest digits, exponent form outside [1e-4, 1e21). */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  // Go switches to %e when the exponent is < -4 or >= 6 (its precision for shortest output).
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/**
 * The text go-yaml v2 prints for a number that went through `json.Marshal` (a float64) and back
 * (`yaml.Unmarshal`, which picks int, uint64 or float64 from the JSON text), as kustomize does.
 */
export function formatKustomizeNumber(value: number): string {
  if (!Number.isFinite(value)) {
    const text = Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
    throw new Error(`json: unsupported value: ${text}`);
  }
  if (Number.isSafeInteger(value)) return String(value === 0 ? 0 : value);
  if (Number.isInteger(value) && Math.abs(value) < 1e21) {
    // encoding/json prints integral floats below 1e21 as shortest digits padded with zeros
    // (exactly JavaScript's String()); go-yaml then reads them as int64 or uint64 if they fit.
    const text = String(value);
    const asInteger = BigInt(text);
    if (isGoInteger(asInteger)) return text;
  }
  return formatGoFloat(value);
}
