/**
 * api — the capstan.dev/v1alpha1 resources: TypeScript types that mirror the CRDs in crds/,
 * and pure spec validation. Input: an untrusted object (from the apiserver or a file) →
 * output: a typed, normalised Application / AppProject, or every InvalidSpecError found; plus
 * interpreters for sync options and retry durations, and AppProject permission checks (repos,
 * destinations, kinds). Never does I/O, reads no clock or environment, never throws on bad
 * input (errors are values), imports only model.
 */
export type {
  ApiVersion,
  ObjectMeta,
  Application,
  ApplicationSpec,
  ApplicationSource,
  ApplicationSourceDirectory,
  ApplicationSourceKustomize,
  KustomizeImage,
  KustomizeReplica,
  ApplicationDestination,
  SyncPolicy,
  SyncPolicyAutomated,
  SyncOptions,
  RetryStrategy,
  Backoff,
  ResourceIgnoreDifferences,
  Operation,
  SyncOperation,
  SyncOperationResource,
  OperationInitiator,
  ApplicationStatus,
  SyncStatus,
  ComparedTo,
  HealthStatus,
  ResourceStatus,
  OperationState,
  SyncOperationResult,
  ResourceResult,
  RevisionHistory,
  ApplicationCondition,
  ApplicationSummary,
  HookType,
  AppProject,
  AppProjectSpec,
  GroupKind,
} from './types.js';
export {
  SyncStatusCode,
  HealthStatusCode,
  OperationPhase,
  ResultCode,
  SyncPhase,
  ApplicationConditionType,
} from './types.js';
export {
  syncOptionsKnown,
  DEFAULT_SYNC_OPTION_VALUES,
  parseSyncOptions,
  readSyncOption,
} from './sync-options.js';
export type {
  SyncOptionKey,
  SyncOptionValues,
  SyncOptionReading,
  PrunePropagationPolicy,
} from './sync-options.js';
export { parseDuration } from './duration.js';
export { targetRevisionOf } from './target-revision.js';
export {
  DEFAULT_RETRY_BACKOFF,
  resolveRetryBackoff,
  computeRetryDelay,
  hasRetriesLeft,
} from './retry-backoff.js';
export type { RetryBackoff } from './retry-backoff.js';
export { validateApplication, validateAppProject } from './validate.js';
export type { ValidationResult, AppProjectValidationResult } from './validate.js';
export {
  checkAppAgainstProject,
  isDestinationPermitted,
  isResourcePermitted,
  defaultAppProject,
  matchGlob,
} from './project.js';
export type { ProjectDenial } from './project.js';
