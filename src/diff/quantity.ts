/**
 * Kubernetes resource quantities (`500m`, `1Gi`, `1e3`, `0.5`) parsed exactly into
 * rationals, so that `1000m` = `1` and `1Gi` = `1024Mi` compare equal without the rounding
 * a float would bring. Only comparison is needed, so the value is never canonicalised.
 */

/** numerator / denominator, denominator > 0. */
export interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_SUFFIX: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

/** The API server refuses absurd exponents too; bounding them keeps the bigints small. */
const MAX_EXPONENT = 1000;

// sign, digits with an optional fraction, then a suffix or an exponent (`E` alone is exa;
// `E3` is an exponent, which the alternation finds by backtracking).
const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/u;

/** Parses a quantity given as a string or a JSON number; undefined when it is not one. */
export function parseQuantity(value: unknown): Rational | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return undefined;
  }
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign = '', number = '', suffix, exponentText] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let decimalExponent = -fraction.length;
  let binaryExponent = 0;
  if (exponentText !== undefined) {
    const exponent = Number(exponentText);
    if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
    decimalExponent += exponent;
  } else if (suffix !== undefined && suffix.endsWith('i')) {
    binaryExponent = BINARY_SUFFIX[suffix] ?? 0;
  } else {
    decimalExponent += DECIMAL_SUFFIX[suffix ?? ''] ?? 0;
  }
  let numerator = BigInt(`${whole}${fraction}` || '0');
  let denominator = 1n;
  if (decimalExponent >= 0) numerator *= 10n ** BigInt(decimalExponent);
  else denominator = 10n ** BigInt(-decimalExponent);
  numerator *= 2n ** BigInt(binaryExponent);
  if (sign === '-') numerator = -numerator;
  return { numerator, denominator };
}

function isSameRational(a: Rational, b: Rational): boolean {
  return a.numerator * b.denominator === b.numerator * a.denominator;
}

/** True / false when both parse as quantities; undefined when either does not. */
export function isSameQuantity(a: unknown, b: unknown): boolean | undefined {
  const left = parseQuantity(a);
  if (left === undefined) return undefined;
  const right = parseQuantity(b);
  if (right === undefined) return undefined;
  return isSameRational(left, right);
}
