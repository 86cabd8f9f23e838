/**
 * A seeded pseudo-random source (mulberry32) for the differential-test generator: the
 * same seed always yields the same sequence, so a seed alone reproduces a whole tree.
 * Never Math.random: a fixture must be regenerable from its seed forever.
 */
import { createSeededRandom } from '../../helpers/seeded-random.js';

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** Up to n distinct elements, in random order. */
  sample<T>(items: readonly T[], n: number): T[];
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
}

/** Creates the generator for a seed (any 32-bit integer). */
export function createRng(seed: number): Rng {
  const next = createSeededRandom(seed ^ 0x9e3779b9);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('rng.pick: empty list');
    return items[int(0, items.length - 1)] as T;
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    sample: (items, n) => shuffle(items).slice(0, Math.max(0, n)),
    shuffle,
  };
}
