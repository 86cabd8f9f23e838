/**
 * status — the next Application.status, pure. Input: the Application (with its previous
 * status), the comparison outcome (per-resource sync, health, pruning, or the failure that
 * stopped the read path) and the time → output: the status to write, whether it changed, and
 * the Events that describe the change. Never does I/O or reads a clock; never drops the last
 * known resources after a failed comparison, and never marks anything for pruning itself.
 */
export { buildApplicationStatus } from './build-status.js';
export { isStatusChanged, describeStatusTransitions } from './transitions.js';
export type {
  ComparedResource,
  ComparisonOutcome,
  ConditionInput,
  StatusInput,
  StatusEvent,
} from './types.js';
export {
  DEFAULT_REVISION_HISTORY_LIMIT,
  appendRevisionHistory,
  finishOperationState,
  resumeOperationState,
  retryDueAt,
  retryingOperationState,
  startOperationState,
  updateSyncErrorCondition,
} from './operation.js';
export type { OperationOutcome } from './operation.js';
