/**
 * Durations as Argo CD reads them for retry backoff: a Go duration (`5s`, `3m`, `1h30m`,
 * `1.5h`, `250ms`) or a bare number of seconds (`30`).
 */

const UNIT_MILLISECONDS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 MICRO SIGN, accepted by Go
  μs: 1e-3, // U+03BC GREEK SMALL LETTER MU, accepted by Go
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

// Same language as the CEL rule in crds/applications.capstan.dev.yaml (the CRD test checks
// that the two agree): signs are refused, a negative backoff makes no sense.
const DURATION_SYNTAX = /^(?:[0-9]+|(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|μs|ms|s|m|h))+)$/u;
const DURATION_TERM = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|μs|ms|s|m|h)/gu;

/** Milliseconds in `text`, or `undefined` when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_SYNTAX.test(text)) return undefined;
  if (/^[0-9]+$/u.test(text)) return Number(text) * 1_000;
  let total = 0;
  for (const match of text.matchAll(DURATION_TERM)) {
    const amount = Number(match[1]);
    const unit = UNIT_MILLISECONDS[match[2] ?? ''];
    if (unit === undefined) return undefined;
    total += amount * unit;
  }
  return total;
}
