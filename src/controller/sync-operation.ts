/**
 * Runs one sync operation for an app whose comparison just succeeded: the operation is
 * persisted as Running in status before the first write (so a crash is resumed, never left
 * Running), the plan is built by the pure planner from that comparison, executed through
 * sync/, and the outcome, history and `operation` field are written back.
 */
import {
  parseSyncOptions,
  type Application,
  type ApplicationCondition,
  type ApplicationStatus,
  type Operation,
  type OperationState,
} from '../api/index.js';
import type { DiffResult } from '../diff/index.js';
import { patchObject, recordEvent, replaceStatus, type KubeClient } from '../kube/index.js';
import type { Logger } from '../log/index.js';
import type { ResourceKey, KubeObject } from '../model/index.js';
import {
  appendRevisionHistory,
  finishOperationState,
  isStatusChanged,
  startOperationState,
  updateSyncErrorCondition,
} from '../status/index.js';
import { executePlan } from '../sync/index.js';
import { planSync, type SyncPlan } from '../sync/plan/index.js';
import type { ReconcileResult } from './reconcile.js';
import { applicationRefOf } from './status-writer.js';

export interface SyncOperationDeps {
  readonly client: KubeClient;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly now: () => number;
}

export interface SyncOperationRequest {
  readonly raw: KubeObject;
  readonly app: Application;
  readonly operation: Operation;
  readonly compared: ReconcileResult;
  /** The operation came from the Application's `operation` field (cleared when done). */
  readonly fromSpec: boolean;
  /** A Running operationState found at start-up: resume it with its original start time. */
  readonly resuming?: OperationState;
}

const EQUAL: DiffResult = { verdict: 'equal', differences: [] };

/** The sync-owned part of status as last written, for the controller to keep until its cache catches up. */
export interface WrittenSyncStatus {
  readonly operationState: OperationState;
  readonly history?: ApplicationStatus['history'];
  readonly syncError?: ApplicationCondition;
}

/** Returns what it last wrote of operationState and history. */
export async function runSyncOperation(
  request: SyncOperationRequest,
  deps: SyncOperationDeps,
): Promise<WrittenSyncStatus> {
  const { app, operation, compared } = request;
  const ref = applicationRefOf(request.raw);
  const started = request.resuming ?? startOperationState(operation, deps.now());
  let status: ApplicationStatus = { ...compared.status, operationState: started };
  await replaceStatus(deps.client, ref, status);
  const plan = buildPlan(request, started);
  const revision = compared.status.sync?.revision ?? '';
  const result = await executePlan(plan, {
    client: deps.client,
    logger: deps.logger,
    signal: deps.signal,
    ...(operation.sync?.dryRun === true ? { dryRun: true } : {}),
  });
  if (result.reason === 'Cancelled') {
    // The controller is stopping: the operation stays Running and resumes after a restart.
    deps.logger.info({ revision }, 'sync interrupted, left Running to resume');
    return { operationState: started, ...(status.history ? { history: status.history } : {}) };
  }
  const finished = finishOperationState(
    started,
    {
      phase: result.phase,
      message: result.message,
      revision,
      source: app.spec.source,
      resources: result.resources,
    },
    deps.now(),
  );
  status = { ...status, operationState: finished };
  const conditions = updateSyncErrorCondition(
    status.conditions,
    result.phase === 'Succeeded'
      ? undefined
      : { reason: result.reason ?? 'SyncFailed', message: result.message },
    deps.now(),
  );
  if (conditions) status.conditions = conditions;
  else delete status.conditions;
  if (result.phase === 'Succeeded' && operation.sync?.dryRun !== true) {
    status.history = appendRevisionHistory(
      compared.status.history,
      {
        revision,
        source: app.spec.source,
        deployedAt: finished.finishedAt ?? '',
        ...(started.startedAt ? { deployStartedAt: started.startedAt } : {}),
        ...(operation.initiatedBy ? { initiatedBy: operation.initiatedBy } : {}),
      },
      app.spec.revisionHistoryLimit,
    );
  }
  await replaceStatus(deps.client, ref, status);
  if (request.fromSpec) await patchObject(deps.client, ref, { operation: null }, 'merge');
  await recordEvent(deps.client, {
    object: ref,
    type: result.phase === 'Succeeded' ? 'Normal' : 'Warning',
    reason: 'OperationCompleted',
    message: `Sync operation to ${revision.slice(0, 7)} ${result.phase === 'Succeeded' ? 'succeeded' : `failed: ${result.message}`}`,
  });
  deps.logger.info(
    { revision, phase: result.phase, message: result.message, tasks: plan.steps.length },
    'sync finished',
  );
  const syncError = status.conditions?.find((condition) => condition.type === 'SyncError');
  return {
    operationState: finished,
    ...(status.history ? { history: status.history } : {}),
    ...(syncError ? { syncError } : {}),
  };
}

function buildPlan(request: SyncOperationRequest, started: OperationState): SyncPlan {
  const { app, operation, compared } = request;
  const desired = compared.desired?.objects ?? new Map();
  const live = new Map<ResourceKey, KubeObject>();
  const diffs = new Map<ResourceKey, DiffResult>();
  for (const resource of compared.comparison?.resources ?? []) {
    if (resource.live) live.set(resource.key, resource.live);
    if (resource.sync === 'Synced') diffs.set(resource.key, EQUAL);
  }
  for (const [key, diff] of compared.comparison?.drifts ?? []) diffs.set(key, diff);
  const syncOptions = parseSyncOptions(
    operation.sync?.syncOptions,
    parseSyncOptions(app.spec.syncPolicy?.syncOptions),
  );
  const automated =
    operation.initiatedBy?.automated === true ? app.spec.syncPolicy?.automated : undefined;
  const startedAt = started.startedAt
    ? Math.floor(Date.parse(started.startedAt) / 1000)
    : undefined;
  return planSync({
    app: { namespace: app.metadata.namespace ?? '', name: app.metadata.name },
    destinationNamespace: app.spec.destination.namespace ?? '',
    desired,
    live,
    diffs,
    syncOptions,
    prune: operation.sync?.prune === true,
    ...(automated ? { automated } : {}),
    ...(operation.sync?.resources ? { resources: operation.sync.resources } : {}),
    renderSucceeded: compared.outcome.kind === 'compared',
    revision: compared.status.sync?.revision ?? '',
    ...(startedAt !== undefined ? { operationStartedAt: startedAt } : {}),
  });
}

/**
 * A reconcile working from a cached Application older than a sync's writes must not undo
 * them: puts what the sync wrote into `status` and returns true while the cache lags, false
 * once the cache shows it (the caller then forgets it).
 */
export function overlaySyncWritten(
  written: WrittenSyncStatus,
  raw: KubeObject,
  status: ApplicationStatus,
): boolean {
  const cached = (raw['status'] as ApplicationStatus | undefined)?.operationState;
  const cachedPart: ApplicationStatus = cached ? { operationState: cached } : {};
  // Key order differs between what was sent and what the API server returns.
  if (!isStatusChanged(cachedPart, { operationState: written.operationState })) return false;
  status.operationState = written.operationState;
  if (written.history) status.history = [...written.history];
  const others = (status.conditions ?? []).filter((condition) => condition.type !== 'SyncError');
  const conditions = written.syncError ? [...others, written.syncError] : others;
  conditions.sort((a, b) =>
    a.type === b.type ? a.message.localeCompare(b.message) : a.type.localeCompare(b.type),
  );
  if (conditions.length > 0) status.conditions = conditions;
  else delete status.conditions;
  return true;
}
