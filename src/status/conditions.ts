/**
 * The next `status.conditions`. A comparison decides its own condition types afresh each time
 * and leaves the others (SyncError, DeletionError, ... written by the sync and delete paths)
 * untouched. A condition that stays (same type and message) keeps its lastTransitionTime, so
 * an unchanged situation writes an unchanged status.
 */
import type { ApplicationCondition, ApplicationConditionType } from '../api/index.js';
import type { ConditionInput } from './types.js';

/** The error conditions of the read path: at most one of them describes why a compare failed. */
export const COMPARISON_ERROR_TYPES: ReadonlySet<string> = new Set<ApplicationConditionType>([
  'InvalidSpecError',
  'ComparisonError',
  'UnknownError',
]);

/** Every type a successful comparison decides: its errors and its warnings. */
const COMPARISON_OWNED_TYPES: ReadonlySet<string> = new Set<string>([
  ...COMPARISON_ERROR_TYPES,
  'OrphanedResourceWarning',
  'SharedResourceWarning',
  'RepeatedResourceWarning',
  'ExcludedResourceWarning',
]);

function isSameCondition(a: { type: string; message: string }, b: ConditionInput): boolean {
  return a.type === b.type && a.message === b.message;
}

function compareConditions(a: ApplicationCondition, b: ApplicationCondition): number {
  const byType = a.type === b.type ? 0 : a.type < b.type ? -1 : 1;
  if (byType !== 0) return byType;
  return a.message === b.message ? 0 : a.message < b.message ? -1 : 1;
}

function toCondition(
  input: ConditionInput,
  previous: readonly ApplicationCondition[],
  now: string,
): ApplicationCondition {
  const known = previous.find((condition) => isSameCondition(condition, input));
  return {
    type: input.type,
    ...(input.reason === '' ? {} : { reason: input.reason }),
    message: input.message,
    lastTransitionTime: known?.lastTransitionTime ?? now,
  };
}

/**
 * Drops the previous conditions of `replacedTypes`, adds `incoming` (duplicates once), and
 * sorts by type and message so that the order never churns.
 */
function mergeStatusConditions(
  previous: readonly ApplicationCondition[],
  replacedTypes: ReadonlySet<string>,
  incoming: readonly ConditionInput[],
  now: string,
): ApplicationCondition[] {
  const kept = previous.filter((condition) => !replacedTypes.has(condition.type));
  const added: ApplicationCondition[] = [];
  for (const input of incoming) {
    if (added.some((condition) => isSameCondition(condition, input))) continue;
    added.push(toCondition(input, previous, now));
  }
  return [...kept, ...added].sort(compareConditions);
}

/** After a successful comparison: its warnings replace every condition a comparison owns. */
export function mergeComparedConditions(
  previous: readonly ApplicationCondition[],
  warnings: readonly ConditionInput[],
  now: string,
): ApplicationCondition[] {
  const replaced = new Set([...COMPARISON_OWNED_TYPES, ...warnings.map((w) => w.type)]);
  return mergeStatusConditions(previous, replaced, warnings, now);
}

/**
 * After a failed comparison: the failure replaces any earlier read-path error (a spec error
 * that was fixed must not linger beside the new repo error); warnings and the sync path's
 * conditions are kept as the last known state.
 */
export function mergeFailedConditions(
  previous: readonly ApplicationCondition[],
  failure: ConditionInput,
  now: string,
): ApplicationCondition[] {
  const replaced = new Set([...COMPARISON_ERROR_TYPES, failure.type]);
  return mergeStatusConditions(previous, replaced, [failure], now);
}
