/**
 * sync — runs a SyncPlan (from sync/plan) against the cluster through kube/. Input: the plan
 * and an execution context (client, logger, AbortSignal, optional dry-run, clock, wait limits,
 * progress callback) → output: a SyncResult (Succeeded | Failed | Error, a subject-first
 * message, a failure reason, per-resource results in execution order). It must never write
 * anything before the whole plan passed a server-side dry-run (only the namespaces that make
 * that check possible), never delete an object other than the one the plan saw (uid
 * precondition), and never stop silently: every result so far is returned.
 */
export { executePlan } from './execute.js';
export {
  DEFAULT_EXECUTE_OPTIONS,
  type ExecuteContext,
  type SyncClock,
  type SyncFailureReason,
  type SyncProgress,
  type SyncResult,
  type SyncResultPhase,
} from './execute/types.js';
