/** The public shapes of plan execution: what the caller gives, what it gets back. */
import type { ResourceResult } from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { Logger } from '../../log/index.js';
import type { Clock } from '../../model/index.js';

/**
 * Time and timers for the waits (wave health, hook completion, deletions). Structurally the
 * controller's TimerClock, so the controller passes its own and tests a fake one.
 */
export interface SyncClock extends Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the executor reports as it goes, for operationState.message and .syncResult. */
export interface SyncProgress {
  /** e.g. `Sync wave 1: waiting for Deployment/web in prod to be healthy`. */
  readonly message: string;
  /** Every result so far, in execution order (a hook's entry is updated in place). */
  readonly resources: readonly ResourceResult[];
}

export interface ExecuteContext {
  readonly client: KubeClient;
  readonly logger: Logger;
  /** Checked between tasks and during waits; an abort ends the sync as Cancelled. */
  readonly signal: AbortSignal;
  /** Only the server-side dry-run: results say what would happen, nothing is written. */
  readonly dryRun?: boolean;
  readonly clock?: SyncClock;
  /** Longest time one wait (a wave's health, a step's hooks, a deletion) may take. */
  readonly waitTimeoutMs?: number;
  /** How often a wait reads the objects it waits for. */
  readonly pollIntervalMs?: number;
  /**
   * Called after every change of a result and before every wait; awaited, so a caller that
   * persists progress keeps up. A throw is logged and otherwise ignored.
   */
  readonly onProgress?: (progress: SyncProgress) => void | Promise<void>;
}

export const DEFAULT_EXECUTE_OPTIONS = {
  // Above a Deployment's default progressDeadlineSeconds (600 s): a stuck rollout ends the
  // sync as Degraded, with the controller's reason, before it ends as a bare timeout.
  waitTimeoutMs: 15 * 60_000,
  pollIntervalMs: 250,
} as const;

/**
 * Why a sync did not succeed; each maps to one condition reason. `Refused`: the plan was a
 * refusal. `DryRunFailed`: the server rejected an object before anything was written.
 * `TaskFailed`: an apply, prune or hook start was rejected. `HookFailed`: a hook ran and
 * failed. `Degraded`: an applied object turned Degraded while the sync waited for it.
 * `Timeout`: a wait ran out. `Cancelled`: the signal aborted. `Error`: the API server could
 * not be reached or something unexpected broke; what was done is still reported.
 */
export type SyncFailureReason =
  | 'Refused'
  | 'DryRunFailed'
  | 'TaskFailed'
  | 'HookFailed'
  | 'Degraded'
  | 'Timeout'
  | 'Cancelled'
  | 'Error';

export type SyncResultPhase = 'Succeeded' | 'Failed' | 'Error';

export interface SyncResult {
  readonly phase: SyncResultPhase;
  /** Subject first: `Deployment/web in prod: dry-run failed (422 Invalid): …`. */
  readonly message: string;
  /** One entry per task run (or, in dry-run mode, checked), in execution order. */
  readonly resources: readonly ResourceResult[];
  /** Set unless the phase is Succeeded. */
  readonly reason?: SyncFailureReason;
}
