/** The public shapes of a sync plan: what goes in, what comes out. */
import type {
  HookType,
  PrunePropagationPolicy,
  ResourceIgnoreDifferences,
  SyncOperationResource,
  SyncOptionValues,
  SyncPolicyAutomated,
} from '../../api/index.js';
import type { DiffResult } from '../../diff/index.js';
import type { AppRef, KubeObject, ResourceKey } from '../../model/index.js';
import type { DesiredObject } from './desired.js';

export interface SyncPlanInput {
  readonly app: AppRef;
  /** spec.destination.namespace: where CreateNamespace=true creates a namespace. */
  readonly destinationNamespace: string;
  /** From prepareDesiredObjects: placed in namespaces and stamped with our tracking-id. */
  readonly desired: ReadonlyMap<ResourceKey, DesiredObject>;
  /** Live objects by key; only those whose tracking-id names this app can be pruned. */
  readonly live: ReadonlyMap<ResourceKey, KubeObject>;
  /** Verdict per desired key; a key without one counts as "not compared" and is applied. */
  readonly diffs: ReadonlyMap<ResourceKey, DiffResult>;
  /** The app's sync options merged with the operation's (parseSyncOptions). */
  readonly syncOptions: SyncOptionValues;
  /** operation.sync.prune. */
  readonly prune: boolean;
  /** The app's syncPolicy.automated when automation started this sync; absent for a manual sync. */
  readonly automated?: SyncPolicyAutomated;
  /** operation.sync.resources: when non-empty only these are synced, and nothing else pruned. */
  readonly resources?: readonly SyncOperationResource[];
  /** False when the render failed: such a plan is refused, never half-run. */
  readonly renderSucceeded: boolean;
  /** The commit being synced; names hooks that only have generateName. */
  readonly revision: string;
  /**
   * operation startedAt in Unix seconds, persisted with the operation: keeps generated hook
   * names distinct across syncs of one revision yet stable when a sync resumes after a crash.
   */
  readonly operationStartedAt?: number;
  /** spec.ignoreDifferences: with RespectIgnoreDifferences=true, those fields keep their live values. */
  readonly ignoreDifferences?: readonly ResourceIgnoreDifferences[];
  /** Whether the destination namespace exists; when absent, `live` is looked up. */
  readonly destinationNamespaceExists?: boolean;
}

export type PlanPhase = 'PreSync' | 'Sync' | 'PostSync';
export type TaskAction = 'apply' | 'prune' | 'createNamespace' | 'hook';
export type HookDeletePolicy = 'HookSucceeded' | 'HookFailed' | 'BeforeHookCreation';

/**
 * Why a task is in the plan. apply: `missing` (not live), `drift`, `needsDryRun` (the local
 * diff could not tell), `notCompared` (no verdict given), `inSync` (applied anyway: no
 * ApplyOutOfSyncOnly). hook: `hook`. prune: `notDesired` (ours, gone from Git).
 * createNamespace: `namespaceMissing`.
 */
export type TaskReason =
  | 'missing'
  | 'drift'
  | 'needsDryRun'
  | 'notCompared'
  | 'inSync'
  | 'hook'
  | 'notDesired'
  | 'namespaceMissing';

export interface SyncTask {
  readonly key: ResourceKey;
  readonly action: TaskAction;
  readonly phase: PlanPhase | 'SyncFail';
  /** The wave the task runs in (prune waves are already reversed, PruneLast moved last). */
  readonly wave: number;
  /** The object to apply (desired, stamped) or, for prune, the live object. */
  readonly object: KubeObject;
  readonly reason: TaskReason;
  /** Whether the object exists in the cluster now (create vs update; prune: always). */
  readonly exists: boolean;
  readonly hookType?: HookType;
  readonly deletePolicies?: readonly HookDeletePolicy[];
  /** Replace=true (app option or the object's sync-options). */
  readonly replace?: boolean;
  /** False when Validate=false (app option or the object's sync-options). */
  readonly validate?: boolean;
  /** SkipDryRunOnMissingResource=true, or the CRD of this kind is part of the same sync. */
  readonly skipDryRunOnMissingResource?: boolean;
  /** prune: deletion propagation (PrunePropagationPolicy). */
  readonly propagationPolicy?: PrunePropagationPolicy;
  /** prune: moved after everything else by PruneLast. */
  readonly pruneLast?: boolean;
}

export interface SyncStep {
  readonly phase: PlanPhase;
  readonly wave: number;
  /** Prunes first (reverse kind order), then creates and updates in kind order. */
  readonly tasks: readonly SyncTask[];
}

/**
 * Why an object is left out. `PruneDisabled`: would be pruned but prune is off.
 * `PruneFalse`: Prune=false on the object. `NotInResources`: outside the operation's resources.
 * `InSync`: ApplyOutOfSyncOnly and nothing to change. `HookSkip`: hook annotation `Skip`.
 * `SelectiveSyncHook`: hooks never run in a selective sync (as in Argo CD). `InvalidHook`: a
 * hook annotation naming no phase Capstan knows. `SharedResource`: the live object belongs to
 * another app and is never taken.
 */
export type SkipReason =
  | 'PruneDisabled'
  | 'PruneFalse'
  | 'NotInResources'
  | 'InSync'
  | 'HookSkip'
  | 'SelectiveSyncHook'
  | 'InvalidHook'
  | 'SharedResource';

export interface SkippedResource {
  readonly key: ResourceKey;
  /** What would have been done. */
  readonly action: 'apply' | 'prune' | 'hook';
  readonly reason: SkipReason;
  readonly message: string;
}

export type SyncRefusalReason =
  'RenderFailed' | 'ServerSideApplyDisabled' | 'SharedResource' | 'WouldPruneEverything';

export interface SyncPlan {
  /** In execution order: PreSync → Sync → PostSync, by wave within a phase. */
  readonly steps: readonly SyncStep[];
  /** Run only when the sync fails, in wave and kind order. */
  readonly syncFailHooks: readonly SyncTask[];
  readonly skipped: readonly SkippedResource[];
  /** Set when the sync must not happen at all; steps and hooks are then empty. */
  readonly refusal?: string;
  readonly refusalReason?: SyncRefusalReason;
  /** Annotations that were ignored (bad wave, unknown hook type or option…). */
  readonly warnings: readonly string[];
}
