/** The state one comparison carries while it walks the desired object. */
import type { DifferenceCollector } from './collector.js';
import type { PathSegment } from './json-pointer.js';
import type { Ownership } from './managed-fields.js';

export interface WalkContext {
  readonly kind: string;
  /** The object's group is served by Kubernetes itself (its schemas are known here). */
  readonly builtin: boolean;
  /** Path of the value being compared; pushed and popped, never copied, while walking. */
  readonly path: PathSegment[];
  /** Where differences go; swapped for a quiet one while list items are tried against each other. */
  out: DifferenceCollector;
}

/** Compares one desired value with the live value at the same place. */
export type CompareValue = (
  desired: unknown,
  live: unknown,
  context: WalkContext,
  owned: Ownership,
) => void;

/**
 * Runs a trial comparison without recording anything: 'equal', 'doubtful' or 'certain'
 * (the strongest difference found).
 */
export function assessValue(
  compare: CompareValue,
  desired: unknown,
  live: unknown,
  context: WalkContext,
): 'equal' | 'doubtful' | 'certain' {
  const saved = context.out;
  const trial = saved.quietCopy();
  context.out = trial;
  try {
    compare(desired, live, context, 'unknown');
  } finally {
    context.out = saved;
  }
  return trial.hasCertain ? 'certain' : trial.hasDoubt ? 'doubtful' : 'equal';
}
