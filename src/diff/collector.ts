/**
 * Gathers differences while a comparison walks an object, each either certain (applying
 * would change the field) or doubtful (only a dry-run can tell), and folds them into one
 * verdict: any certain difference makes `drift`, otherwise any doubt makes `needsDryRun`.
 */
import { formatPointer, type PathSegment } from './json-pointer.js';
import type { DiffResult, FieldDifference } from './types.js';

export type Certainty = 'certain' | 'doubtful';

export interface DifferenceDetail {
  readonly desired?: unknown;
  readonly live?: unknown;
}

export class DifferenceCollector {
  readonly differences: FieldDifference[] = [];
  hasCertain = false;
  hasDoubt = false;

  /** @param redact Secrets: record paths and reasons, never values. */
  constructor(
    private readonly redact: boolean,
    /** Assessment mode: count only, build no paths (used to test list items against each other). */
    private readonly quiet = false,
  ) {}

  add(
    certainty: Certainty,
    path: readonly PathSegment[],
    reason: string,
    detail: DifferenceDetail = {},
  ): void {
    if (certainty === 'certain') this.hasCertain = true;
    else this.hasDoubt = true;
    if (this.quiet) return;
    const difference: { -readonly [K in keyof FieldDifference]: FieldDifference[K] } = {
      path: formatPointer(path),
      reason,
    };
    if (!this.redact) {
      if (detail.desired !== undefined) difference.desired = detail.desired;
      if (detail.live !== undefined) difference.live = detail.live;
    }
    this.differences.push(difference);
  }

  /** A fresh collector that only counts, for trial comparisons. */
  quietCopy(): DifferenceCollector {
    return new DifferenceCollector(this.redact, true);
  }

  result(): DiffResult {
    const verdict = this.hasCertain ? 'drift' : this.hasDoubt ? 'needsDryRun' : 'equal';
    return { verdict, differences: this.differences };
  }
}
