/**
 * Resync timing. Every app re-compared on the same fixed period would, after a restart, all
 * fall due in the same instant; a random extra delay per app spreads them out (Argo CD's
 * reconciliation jitter does the same).
 */

/**
 * The next resync delay in whole milliseconds: `baseMs` plus up to `jitterFraction` of it,
 * picked by `random` (a source of numbers in [0, 1), injected so tests are deterministic).
 */
export function jitteredInterval(
  baseMs: number,
  jitterFraction: number,
  random: () => number,
): number {
  if (!(jitterFraction > 0)) return Math.round(baseMs);
  const extra = baseMs * jitterFraction * Math.min(Math.max(random(), 0), 1);
  return Math.round(baseMs + extra);
}
