/**
 * Operation bookkeeping, pure: the operationState written before the first write of a sync
 * (so a crash never leaves an unknown operation behind), the state when it ends, and the
 * revision history capped by revisionHistoryLimit.
 */
import type {
  ApplicationCondition,
  ApplicationSource,
  Operation,
  OperationPhase,
  OperationState,
  ResourceResult,
  RevisionHistory,
} from '../api/index.js';
import { formatKubeTime } from '../model/index.js';

/** Argo CD's default for spec.revisionHistoryLimit. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

export function startOperationState(
  operation: Operation,
  now: number,
  retryCount = 0,
): OperationState {
  return {
    operation,
    phase: 'Running',
    message: retryCount > 0 ? `retrying (attempt ${String(retryCount + 1)})` : 'syncing',
    startedAt: formatKubeTime(now),
    ...(retryCount > 0 ? { retryCount } : {}),
  };
}

export interface OperationOutcome {
  readonly phase: Exclude<OperationPhase, 'Running' | 'Terminating'>;
  readonly message: string;
  readonly revision: string;
  readonly source: ApplicationSource;
  readonly resources: readonly ResourceResult[];
}

export function finishOperationState(
  running: OperationState,
  outcome: OperationOutcome,
  now: number,
): OperationState {
  return {
    ...running,
    phase: outcome.phase,
    message: outcome.message,
    finishedAt: formatKubeTime(now),
    syncResult: {
      revision: outcome.revision,
      source: outcome.source,
      resources: [...outcome.resources],
    },
  };
}

/**
 * A failed attempt that will be retried: the operation stays Running with one more retry
 * counted; finishedAt marks the end of the failed attempt, from which the next is timed.
 */
export function retryingOperationState(failed: OperationState, retryAt: number): OperationState {
  const retryCount = (failed.retryCount ?? 0) + 1;
  return {
    ...failed,
    phase: 'Running',
    retryCount,
    message: `${failed.message ?? 'sync failed'}; retry ${String(retryCount)} at ${formatKubeTime(retryAt)}`,
  };
}

/** The state to run again after a restart or when a retry is due: same operation and start. */
export function resumeOperationState(state: OperationState): OperationState {
  const retryCount = state.retryCount ?? 0;
  return {
    operation: state.operation,
    phase: 'Running',
    message: retryCount > 0 ? `retrying (attempt ${String(retryCount + 1)})` : 'syncing',
    ...(state.startedAt !== undefined ? { startedAt: state.startedAt } : {}),
    ...(retryCount > 0 ? { retryCount } : {}),
  };
}

/**
 * When a Running operation whose last attempt failed may run again (its finishedAt plus the
 * backoff for its retry count), or undefined when it is not waiting for a retry.
 */
export function retryDueAt(
  state: OperationState,
  delayOf: (retriesBefore: number) => number,
): number | undefined {
  if (state.phase !== 'Running' || state.finishedAt === undefined) return undefined;
  const failedAt = Date.parse(state.finishedAt);
  if (Number.isNaN(failedAt)) return undefined;
  return failedAt + delayOf(Math.max(0, (state.retryCount ?? 1) - 1));
}

/**
 * Adds a successful sync to the history: ids grow by one, the oldest entries go first when the
 * limit is reached (a limit of 0 keeps none, as in Argo CD).
 */
export function appendRevisionHistory(
  history: readonly RevisionHistory[] | undefined,
  entry: Omit<RevisionHistory, 'id'>,
  limit: number | undefined,
): RevisionHistory[] {
  const previous = history ?? [];
  const nextId = previous.reduce((max, item) => Math.max(max, item.id), -1) + 1;
  const all = [...previous, { id: nextId, ...entry }];
  const keep = Math.max(0, limit ?? DEFAULT_REVISION_HISTORY_LIMIT);
  return keep === 0 ? [] : all.slice(-keep);
}

/**
 * The SyncError condition after a sync: set (keeping its transition time while the message
 * stays the same) when it failed, cleared when it succeeded. Other conditions are untouched;
 * the list stays sorted by type, then message, as every status writer keeps it.
 */
export function updateSyncErrorCondition(
  conditions: readonly ApplicationCondition[] | undefined,
  failure: { readonly reason: string; readonly message: string } | undefined,
  now: number,
): ApplicationCondition[] | undefined {
  const others = (conditions ?? []).filter((condition) => condition.type !== 'SyncError');
  if (failure) {
    const previous = conditions?.find(
      (condition) => condition.type === 'SyncError' && condition.message === failure.message,
    );
    others.push({
      type: 'SyncError',
      reason: failure.reason,
      message: failure.message,
      lastTransitionTime: previous?.lastTransitionTime ?? formatKubeTime(now),
    });
  }
  others.sort((a, b) =>
    a.type === b.type ? a.message.localeCompare(b.message) : a.type.localeCompare(b.type),
  );
  return others.length > 0 ? others : undefined;
}
