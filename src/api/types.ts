/**
 * The capstan.dev/v1alpha1 resources as TypeScript types. They mirror
 * crds/applications.capstan.dev.yaml and crds/appprojects.capstan.dev.yaml field for field
 * (test/unit/api/crd-schema.test.ts checks both directions). Wire values are Argo CD's.
 */

export type ApiVersion = 'capstan.dev/v1alpha1';

/** The part of Kubernetes object metadata Capstan reads; the apiserver owns the rest. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}

// ---- spec -------------------------------------------------------------------------------

export interface ApplicationSourceDirectory {
  recurse?: boolean;
  include?: string;
  exclude?: string;
}

/** `[old=]name[:tag][@digest]`, as in Argo CD and `kustomize edit set image`. */
export type KustomizeImage = string;

export interface KustomizeReplica {
  name: string;
  /** An integer, or a string of digits (Argo CD's int-or-string). */
  count: number | string;
}

export interface ApplicationSourceKustomize {
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
  images?: KustomizeImage[];
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  replicas?: KustomizeReplica[];
}

export interface ApplicationSource {
  repoURL: string;
  /** Branch, tag, full or short SHA, HEAD; empty or absent means HEAD. */
  targetRevision?: string;
  path?: string;
  directory?: ApplicationSourceDirectory;
  kustomize?: ApplicationSourceKustomize;
}

/** Exactly one of `server` and `name` is set (checked by the CRD and by validation). */
export interface ApplicationDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface SyncPolicyAutomated {
  prune?: boolean;
  selfHeal?: boolean;
  allowEmpty?: boolean;
}

/** `Key=Value` strings as on the wire; `parseSyncOptions` turns them into a typed record. */
export type SyncOptions = string[];

export interface Backoff {
  /** Go duration (`5s`, `1h30m`) or a number of seconds. */
  duration?: string;
  factor?: number;
  maxDuration?: string;
}

export interface RetryStrategy {
  /** 0: no retries; negative: unlimited (as in Argo CD). */
  limit?: number;
  backoff?: Backoff;
}

export interface SyncPolicy {
  automated?: SyncPolicyAutomated;
  syncOptions?: SyncOptions;
  retry?: RetryStrategy;
}

export interface ResourceIgnoreDifferences {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  managedFieldsManagers?: string[];
}

export interface ApplicationSpec {
  /** Defaults to `default` (the CRD sets it; validation leaves it absent). */
  project?: string;
  source: ApplicationSource;
  destination: ApplicationDestination;
  syncPolicy?: SyncPolicy;
  ignoreDifferences?: ResourceIgnoreDifferences[];
  revisionHistoryLimit?: number;
}

// ---- operation --------------------------------------------------------------------------

export interface SyncOperationResource {
  group?: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface SyncOperation {
  /** Revision to sync to instead of the one spec.source.targetRevision resolves to. */
  revision?: string;
  /** Source to render instead of spec.source (a rollback uses the history entry's source). */
  source?: ApplicationSource;
  prune?: boolean;
  dryRun?: boolean;
  resources?: SyncOperationResource[];
  syncOptions?: SyncOptions;
}

export interface OperationInitiator {
  username?: string;
  automated?: boolean;
}

export interface Operation {
  sync?: SyncOperation;
  initiatedBy?: OperationInitiator;
  retry?: RetryStrategy;
}

// ---- status -----------------------------------------------------------------------------

export const SyncStatusCode = {
  Synced: 'Synced',
  OutOfSync: 'OutOfSync',
  Unknown: 'Unknown',
} as const;
export type SyncStatusCode = (typeof SyncStatusCode)[keyof typeof SyncStatusCode];

export const HealthStatusCode = {
  Healthy: 'Healthy',
  Progressing: 'Progressing',
  Degraded: 'Degraded',
  Suspended: 'Suspended',
  Missing: 'Missing',
  Unknown: 'Unknown',
} as const;
export type HealthStatusCode = (typeof HealthStatusCode)[keyof typeof HealthStatusCode];

export const OperationPhase = {
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Error: 'Error',
  Terminating: 'Terminating',
} as const;
export type OperationPhase = (typeof OperationPhase)[keyof typeof OperationPhase];

/** Outcome of one resource in a sync (Argo CD's ResultCode). */
export const ResultCode = {
  Synced: 'Synced',
  SyncFailed: 'SyncFailed',
  Pruned: 'Pruned',
  PruneSkipped: 'PruneSkipped',
} as const;
export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode];

/** Sync phases, which are also the hook types of DESIGN.md §3. */
export const SyncPhase = {
  PreSync: 'PreSync',
  Sync: 'Sync',
  PostSync: 'PostSync',
  SyncFail: 'SyncFail',
} as const;
export type SyncPhase = (typeof SyncPhase)[keyof typeof SyncPhase];
export type HookType = SyncPhase;

/** Condition types Capstan sets (Argo CD's names); the CRD accepts any string. */
export const ApplicationConditionType = {
  InvalidSpecError: 'InvalidSpecError',
  ComparisonError: 'ComparisonError',
  SyncError: 'SyncError',
  UnknownError: 'UnknownError',
  DeletionError: 'DeletionError',
  OrphanedResourceWarning: 'OrphanedResourceWarning',
  SharedResourceWarning: 'SharedResourceWarning',
  RepeatedResourceWarning: 'RepeatedResourceWarning',
  ExcludedResourceWarning: 'ExcludedResourceWarning',
} as const;
export type ApplicationConditionType =
  (typeof ApplicationConditionType)[keyof typeof ApplicationConditionType];

export interface ComparedTo {
  source: ApplicationSource;
  destination: ApplicationDestination;
}

export interface SyncStatus {
  status: SyncStatusCode;
  /** Commit SHA the comparison was made against. */
  revision?: string;
  /** The first 7 characters of `revision`, shown by `kubectl get capp`. */
  shortRevision?: string;
  comparedTo?: ComparedTo;
}

export interface HealthStatus {
  status: HealthStatusCode;
  message?: string;
}

export interface ResourceStatus {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: SyncStatusCode;
  health?: HealthStatus;
  hook?: boolean;
  requiresPruning?: boolean;
  syncWave?: number;
}

export interface ResourceResult {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: ResultCode;
  message?: string;
  hookType?: HookType;
  hookPhase?: OperationPhase;
  syncPhase?: SyncPhase;
  syncWave?: number;
}

export interface SyncOperationResult {
  revision?: string;
  source?: ApplicationSource;
  resources?: ResourceResult[];
}

export interface OperationState {
  operation: Operation;
  phase: OperationPhase;
  message?: string;
  /** RFC 3339 times, like every timestamp in status. */
  startedAt?: string;
  finishedAt?: string;
  retryCount?: number;
  syncResult?: SyncOperationResult;
}

export interface RevisionHistory {
  id: number;
  revision: string;
  deployedAt?: string;
  deployStartedAt?: string;
  source?: ApplicationSource;
  initiatedBy?: OperationInitiator;
}

export interface ApplicationCondition {
  type: ApplicationConditionType | (string & Record<never, never>);
  /** CamelCase cause; every error condition carries one (CONVENTIONS.md). */
  reason?: string;
  message: string;
  lastTransitionTime?: string;
}

export interface ApplicationSummary {
  images?: string[];
}

export interface ApplicationStatus {
  sync?: SyncStatus;
  health?: HealthStatus;
  resources?: ResourceStatus[];
  operationState?: OperationState;
  history?: RevisionHistory[];
  conditions?: ApplicationCondition[];
  reconciledAt?: string;
  observedGeneration?: number;
  summary?: ApplicationSummary;
}

// ---- resources --------------------------------------------------------------------------

export interface Application {
  apiVersion: ApiVersion;
  kind: 'Application';
  metadata: ObjectMeta;
  spec: ApplicationSpec;
  operation?: Operation;
  status?: ApplicationStatus;
}

export interface GroupKind {
  /** '' for the core group; globs as in Argo CD. */
  group: string;
  kind: string;
}

export interface AppProjectSpec {
  description?: string;
  sourceRepos?: string[];
  destinations?: ApplicationDestination[];
  clusterResourceWhitelist?: GroupKind[];
  clusterResourceBlacklist?: GroupKind[];
  namespaceResourceWhitelist?: GroupKind[];
  namespaceResourceBlacklist?: GroupKind[];
}

export interface AppProject {
  apiVersion: ApiVersion;
  kind: 'AppProject';
  metadata: ObjectMeta;
  spec: AppProjectSpec;
}
