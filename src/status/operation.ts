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
