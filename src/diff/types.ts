/** The public result types of diff/ (names fixed: the controller and status code against them). */
import type { ResourceIgnoreDifferences } from '../api/index.js';

/**
 * `equal`: applying the desired object would change nothing. `drift`: it certainly would.
 * `needsDryRun`: the local comparison cannot tell; a server-side dry-run apply settles it.
 */
export type DiffVerdict = 'equal' | 'drift' | 'needsDryRun';

export interface FieldDifference {
  /** JSON pointer into the desired object ('' = the whole object); list indices are the
   * desired list's, except for items only live has, which carry the live index. */
  readonly path: string;
  /** Omitted for Secrets, whose values must never reach logs or status. */
  readonly desired?: unknown;
  readonly live?: unknown;
  /** Short why, e.g. 'value differs', 'missing in live', 'extra list items in live'. */
  readonly reason: string;
}

export interface DiffResult {
  readonly verdict: DiffVerdict;
  readonly differences: readonly FieldDifference[];
}

export interface CompareOptions {
  /** The Application's spec.ignoreDifferences; only rules matching the object are used. */
  readonly ignoreDifferences?: readonly ResourceIgnoreDifferences[];
}
