/**
 * Which sync, if any, a reconcile starts: a Running operation left by a crash (resumed), the
 * `operation` a user or the CLI set, or an automated sync (syncPolicy.automated). Self-heal
 * re-applies are spaced by a per-app backoff so two writers cannot make Capstan spin.
 */
import {
  computeRetryDelay,
  resolveRetryBackoff,
  validateApplication,
  type Application,
  type ApplicationSource,
  type Operation,
  type OperationState,
} from '../api/index.js';
import type { KubeObject } from '../model/index.js';
import {
  decideAutomatedSync,
  isSameSourceApartFromRevision,
  refuseWhileAutomated,
  requestedSourceOf,
} from '../sync/plan/index.js';
import { retryDueAt } from '../status/index.js';
import { resourceVersionOf, type KubeClient } from '../kube/index.js';
import type { Logger } from '../log/index.js';
import type { Metrics } from '../metrics/index.js';
import { countAppSync } from './app-metrics.js';
import type { ReconcileResult } from './reconcile.js';
import {
  runSyncOperation,
  type SyncOperationRequest,
  type WrittenSyncStatus,
} from './sync-operation.js';
import type { WorkQueue } from './work-queue.js';

export type SyncTrigger =
  | {
      readonly kind: 'run';
      readonly app: Application;
      readonly operation: Operation;
      readonly fromSpec: boolean;
      readonly resuming?: OperationState;
      readonly selfHeal: boolean;
    }
  | { readonly kind: 'wait'; readonly delayMs: number }
  | { readonly kind: 'none' };

/** First self-heal at once, then 2 s, 6 s, 18 s … capped, while drift keeps coming back. */
const SELF_HEAL_BASE_MS = 2_000;
const SELF_HEAL_FACTOR = 3;
const SELF_HEAL_MAX_MS = 5 * 60_000;
/** A quiet period this long forgets earlier self-heals. */
const SELF_HEAL_RESET_MS = 5 * 60_000;

export class SyncTriggers {
  readonly #selfHeals = new Map<string, { count: number; lastAt: number }>();
  readonly #inFlight = new Set<string>();
  /**
   * The Application resourceVersion each app's last sync started from. Until the informer
   * delivers the object our own writes produced, the cached copy still shows the operation
   * (or a Running state) that was just completed; it must not start a second sync.
   */
  readonly #startedFrom = new Map<string, string>();
  /** The spec operation last completed, until the cached Application shows the field cleared. */
  readonly #completedSpecOperation = new Map<string, string>();
  /** startedAt of the last operation finished here, so a stale Running copy is not resumed. */
  readonly #finishedStartedAt = new Map<string, string>();

  decide(appKey: string, raw: KubeObject, result: ReconcileResult, now: number): SyncTrigger {
    if (result.outcome.kind !== 'compared' || this.#inFlight.has(appKey)) return { kind: 'none' };
    if (this.#startedFrom.get(appKey) === resourceVersionOf(raw)) return { kind: 'none' };
    const validation = validateApplication(raw);
    if (!validation.ok) return { kind: 'none' };
    const app = validation.app;
    if (app.operation === undefined) this.#completedSpecOperation.delete(appKey);
    const previous = app.status?.operationState;
    const isStaleRunning = previous?.startedAt === this.#finishedStartedAt.get(appKey);
    if (previous?.phase === 'Running' && !isStaleRunning) {
      const backoff = resolveRetryBackoff(previous.operation.retry);
      const dueAt = retryDueAt(previous, (retries) => computeRetryDelay(backoff, retries));
      if (dueAt !== undefined && dueAt > now) return { kind: 'wait', delayMs: dueAt - now };
      return {
        kind: 'run',
        app,
        operation: previous.operation,
        fromSpec: app.operation !== undefined,
        resuming: previous,
        selfHeal: false,
      };
    }
    const isCompleted = JSON.stringify(app.operation) === this.#completedSpecOperation.get(appKey);
    if (app.operation?.sync && !isCompleted)
      return { kind: 'run', app, operation: app.operation, fromSpec: true, selfHeal: false };
    const decision = decideAutomatedSync({
      app,
      syncStatus: result.status.sync?.status ?? 'Unknown',
      revision: result.status.sync?.revision ?? '',
      lastOperation: previous,
      ...(result.status.resources ? { resources: result.status.resources } : {}),
    });
    if (!decision.start) return { kind: 'none' };
    if (decision.selfHeal) {
      const wait = this.#selfHealDelay(appKey, now);
      if (wait > 0) return { kind: 'wait', delayMs: wait };
    } else {
      this.#selfHeals.delete(appKey);
    }
    return {
      kind: 'run',
      app,
      operation: decision.operation,
      fromSpec: false,
      selfHeal: decision.selfHeal,
    };
  }

  started(appKey: string, raw: KubeObject, selfHeal: boolean, now: number): void {
    this.#inFlight.add(appKey);
    this.#startedFrom.set(appKey, resourceVersionOf(raw));
    if (!selfHeal) return;
    const record = this.#selfHeals.get(appKey);
    const fresh = !record || now - record.lastAt > SELF_HEAL_RESET_MS;
    this.#selfHeals.set(appKey, { count: fresh ? 1 : record.count + 1, lastAt: now });
  }

  finished(
    appKey: string,
    completed?: { operation: Operation; fromSpec: boolean; startedAt?: string },
  ): void {
    this.#inFlight.delete(appKey);
    if (!completed) return;
    if (completed.fromSpec)
      this.#completedSpecOperation.set(appKey, JSON.stringify(completed.operation));
    if (completed.startedAt !== undefined) this.#finishedStartedAt.set(appKey, completed.startedAt);
  }

  forget(appKey: string): void {
    this.#selfHeals.delete(appKey);
    this.#startedFrom.delete(appKey);
    this.#completedSpecOperation.delete(appKey);
    this.#finishedStartedAt.delete(appKey);
  }

  #selfHealDelay(appKey: string, now: number): number {
    const record = this.#selfHeals.get(appKey);
    if (!record || now - record.lastAt > SELF_HEAL_RESET_MS) return 0;
    const backoff = Math.min(
      SELF_HEAL_BASE_MS * SELF_HEAL_FACTOR ** (record.count - 1),
      SELF_HEAL_MAX_MS,
    );
    return Math.max(0, record.lastAt + backoff - now);
  }
}

export interface TriggeredSyncContext {
  readonly triggers: SyncTriggers;
  readonly queue: WorkQueue;
  readonly client: KubeClient;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** What the sync wrote, so later reconciles do not overwrite it from a stale cached copy. */
  readonly onSyncStatusWritten: (appKey: string, written: WrittenSyncStatus) => void;
  readonly metrics: Metrics;
  /** Compares the app at another source or revision (an operation naming one). */
  readonly compareAt: (raw: KubeObject, source: ApplicationSource) => Promise<ReconcileResult>;
}

/** Starts the sync a reconcile calls for, if any; afterwards the app is compared again at once. */
export async function startTriggeredSync(
  context: TriggeredSyncContext,
  appKey: string,
  raw: KubeObject,
  result: ReconcileResult,
): Promise<void> {
  const trigger = context.triggers.decide(appKey, raw, result, Date.now());
  if (trigger.kind === 'wait') {
    context.logger.info({ delayMs: trigger.delayMs }, 'sync waits (self-heal backoff or retry)');
    context.queue.addAfter(appKey, trigger.delayMs);
    return;
  }
  if (trigger.kind === 'none') return;
  context.triggers.started(appKey, raw, trigger.selfHeal, Date.now());
  let completed: Parameters<SyncTriggers['finished']>[1];
  try {
    const aim = await aimOperation(context, raw, trigger.app, trigger.operation, result);
    const written = await runSyncOperation(
      {
        raw,
        app: trigger.app,
        operation: trigger.operation,
        compared: result,
        fromSpec: trigger.fromSpec,
        ...(trigger.resuming ? { resuming: trigger.resuming } : {}),
        ...aim,
      },
      {
        client: context.client,
        logger: context.logger,
        signal: context.signal,
        now: () => Date.now(),
      },
    );
    context.onSyncStatusWritten(appKey, written);
    countAppSync(context.metrics, raw, written.operationState.phase);
    completed = {
      operation: trigger.operation,
      fromSpec: trigger.fromSpec,
      ...(written.operationState.phase !== 'Running' && written.operationState.startedAt
        ? { startedAt: written.operationState.startedAt }
        : {}),
    };
  } finally {
    context.triggers.finished(appKey, completed);
    context.queue.add(appKey);
  }
}

/**
 * The comparison an operation naming another revision or source syncs from, or its refusal
 * while automated sync is on. Nothing when it names the app's own target (the compared SHA).
 */
async function aimOperation(
  context: TriggeredSyncContext,
  raw: KubeObject,
  app: Application,
  operation: Operation,
  result: ReconcileResult,
): Promise<Pick<SyncOperationRequest, 'target' | 'refusal'>> {
  const compared = result.status.sync?.revision ?? '';
  const requested = requestedSourceOf(app, operation, compared);
  if (requested === undefined) return {};
  const target = await context.compareAt(raw, requested);
  const sameTarget =
    target.outcome.kind === 'compared' &&
    target.outcome.revision === compared &&
    isSameSourceApartFromRevision(requested, app.spec.source);
  if (sameTarget) return {};
  const refused = refuseWhileAutomated(app, operation, requested);
  if (refused !== undefined)
    return { refusal: { reason: 'AutomatedSyncEnabled', message: refused } };
  context.logger.info(
    { revision: target.status.sync?.revision, asked: requested.targetRevision },
    'operation syncs a revision other than the target',
  );
  return { target };
}
