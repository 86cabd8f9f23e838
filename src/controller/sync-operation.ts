/**
 * Runs one sync operation for an app whose comparison just succeeded: the operation is
 * persisted as Running in status before the first write (so a crash is resumed, never left
 * Running), the plan is built by the pure planner from that comparison, executed through
 * sync/, and the outcome, history and `operation` field are written back.
 */
import {
  computeRetryDelay,
  hasRetriesLeft,
  parseSyncOptions,
  resolveRetryBackoff,
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
  resumeOperationState,
  retryingOperationState,
  startOperationState,
  updateSyncErrorCondition,
} from '../status/index.js';
import { executePlan, type SyncProgress, type SyncResult } from '../sync/index.js';
import { planSync, type SyncPlan } from '../sync/plan/index.js';
import type { ReconcileResult } from './reconcile.js';
import { applicationRefOf } from './status-writer.js';
import { startProgressWriter } from './sync-progress.js';

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
  /**
   * The comparison at the revision and source the operation names, when that is not the app's
   * own target (sync to another revision, rollback); `compared` still feeds the status.
   */
  readonly target?: ReconcileResult;
  /** The operation must not run: it ends Failed with this reason and message, nothing applied. */
  readonly refusal?: { readonly reason: string; readonly message: string };
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
  const target = request.target ?? compared;
  const ref = applicationRefOf(request.raw);
  const started = request.resuming
    ? resumeOperationState(request.resuming)
    : startOperationState(operation, deps.now());
  let status: ApplicationStatus = { ...compared.status, operationState: started };
  await replaceStatus(deps.client, ref, status);
  const revision = target.status.sync?.revision ?? '';
  const source = target.status.sync?.comparedTo?.source ?? app.spec.source;
  const writeProgress = (progress: SyncProgress) =>
    replaceStatus(deps.client, ref, {
      ...status,
      operationState: {
        ...started,
        message: progress.message,
        syncResult: { revision, source, resources: [...progress.resources] },
      },
    });
  const executed = await executeOperation(request, target, started, deps, writeProgress);
  if (executed === 'cancelled') {
    // The controller is stopping: the operation stays Running and resumes after a restart.
    deps.logger.info({ revision }, 'sync interrupted, left Running to resume');
    return { operationState: started, ...(status.history ? { history: status.history } : {}) };
  }
  const { result, tasks } = executed;
  const retryAt = result.phase === 'Succeeded' ? undefined : nextRetryOf(request, started, deps);
  const finished = finishOperationState(
    started,
    { phase: result.phase, message: result.message, revision, source, resources: result.resources },
    deps.now(),
  );
  const written: OperationState =
    retryAt === undefined ? finished : retryingOperationState(finished, retryAt);
  status = { ...status, operationState: written };
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
        source,
        deployedAt: finished.finishedAt ?? '',
        ...(started.startedAt ? { deployStartedAt: started.startedAt } : {}),
        ...(operation.initiatedBy ? { initiatedBy: operation.initiatedBy } : {}),
      },
      app.spec.revisionHistoryLimit,
    );
  }
  await replaceStatus(deps.client, ref, status);
  if (retryAt === undefined && request.fromSpec)
    await patchObject(deps.client, ref, { operation: null }, 'merge');
  await recordOperationEvent(deps, ref, revision, written, result.message);
  deps.logger.info(
    { revision, phase: written.phase, message: written.message, tasks },
    retryAt === undefined ? 'sync finished' : 'sync failed, retry scheduled',
  );
  const syncError = status.conditions?.find((condition) => condition.type === 'SyncError');
  return {
    operationState: written,
    ...(status.history ? { history: status.history } : {}),
    ...(syncError ? { syncError } : {}),
  };
}

/** What the operation came to: a sync result, or a refusal with its own reason. */
type OperationResult = Omit<SyncResult, 'reason'> & { readonly reason?: string };
type Executed = 'cancelled' | { result: OperationResult; tasks: number };

async function executeOperation(
  request: SyncOperationRequest,
  target: ReconcileResult,
  started: OperationState,
  deps: SyncOperationDeps,
  writeProgress: (progress: SyncProgress) => Promise<unknown>,
): Promise<Executed> {
  if (request.refusal) {
    const { reason, message } = request.refusal;
    return { result: { phase: 'Failed', message, resources: [], reason }, tasks: 0 };
  }
  if (target.outcome.kind !== 'compared') {
    // The named revision could not be compared: nothing is planned, let alone applied.
    const { reason, message } = target.outcome.failure;
    return {
      result: { phase: 'Failed', message, resources: [], reason },
      tasks: 0,
    };
  }
  const plan = buildPlan(request, target, started);
  const progress = startProgressWriter(writeProgress, deps.logger);
  const result = await executePlan(plan, {
    client: deps.client,
    logger: deps.logger,
    signal: deps.signal,
    onProgress: progress.onProgress,
    ...(request.operation.sync?.dryRun === true ? { dryRun: true } : {}),
  }).finally(() => progress.stop());
  if (result.reason === 'Cancelled') return 'cancelled';
  return { result, tasks: plan.steps.length };
}

/** When the failed attempt is retried (operation.retry), or undefined when it is final. */
function nextRetryOf(
  request: SyncOperationRequest,
  started: OperationState,
  deps: SyncOperationDeps,
): number | undefined {
  if (request.refusal || request.operation.retry === undefined) return undefined;
  const backoff = resolveRetryBackoff(request.operation.retry);
  const retries = started.retryCount ?? 0;
  if (!hasRetriesLeft(backoff, retries)) return undefined;
  return deps.now() + computeRetryDelay(backoff, retries);
}

async function recordOperationEvent(
  deps: Pick<SyncOperationDeps, 'client' | 'logger'>,
  ref: ReturnType<typeof applicationRefOf>,
  revision: string,
  state: OperationState,
  failure: string,
): Promise<void> {
  const short = revision.slice(0, 7);
  const [type, reason, message] =
    state.phase === 'Running'
      ? (['Warning', 'OperationRetrying', state.message ?? failure] as const)
      : state.phase === 'Succeeded'
        ? (['Normal', 'OperationCompleted', `Sync operation to ${short} succeeded`] as const)
        : ([
            'Warning',
            'OperationCompleted',
            `Sync operation to ${short} failed: ${failure}`,
          ] as const);
  await recordEvent(deps.client, { object: ref, type, reason, message }, { logger: deps.logger });
}

function buildPlan(
  request: SyncOperationRequest,
  compared: ReconcileResult,
  started: OperationState,
): SyncPlan {
  const { app, operation } = request;
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
    ...(app.spec.ignoreDifferences ? { ignoreDifferences: app.spec.ignoreDifferences } : {}),
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
