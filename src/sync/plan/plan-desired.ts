/**
 * What happens to each desired object: an apply task, hook tasks, or a skip with a reason.
 * Objects whose live copy belongs to another app are collected for the caller, which either
 * refuses the sync (FailOnSharedResource) or skips them — they are never taken over.
 */
import type { SyncOperationResource } from '../../api/index.js';
import { keepIgnoredFieldsFromLive } from '../../diff/index.js';
import {
  describeResource,
  type AppRef,
  type KubeObject,
  type ResourceIdentity,
  type ResourceKey,
} from '../../model/index.js';
import type { DesiredObject } from './desired.js';
import { makeHookTasks, type HookSettings } from './hooks.js';
import { readDefinedKind } from './order.js';
import { findForeignOwner, formatAppRef } from './ownership.js';
import {
  classifyHook,
  type HookClass,
  readDeletePolicies,
  readResourceSyncOptions,
  readSyncWave,
} from './resource-annotations.js';
import type { SkippedResource, SyncPlanInput, SyncTask, TaskReason } from './types.js';

export interface SharedObject {
  readonly key: ResourceKey;
  readonly owner: AppRef;
  readonly message: string;
}

export interface DesiredPlan {
  readonly tasks: SyncTask[];
  readonly syncFailHooks: SyncTask[];
  readonly skipped: SkippedResource[];
  readonly shared: SharedObject[];
  /** Objects asking for ServerSideApply=false, which Capstan does not do (DESIGN §5). */
  readonly clientSideApply: string[];
  /** Desired objects that are plain resources (not hooks, not Skip). */
  resourceCount: number;
}

function matchesResource(identity: ResourceIdentity, wanted: SyncOperationResource): boolean {
  return (
    wanted.name === identity.name &&
    wanted.kind === identity.kind &&
    (wanted.group ?? '') === identity.group &&
    (wanted.namespace === undefined ||
      wanted.namespace === '' ||
      wanted.namespace === identity.namespace)
  );
}

/** Whether an operation names a resources subset, and a matcher for it. */
export function makeResourceFilter(
  resources: readonly SyncOperationResource[] | undefined,
): (identity: ResourceIdentity) => boolean {
  if (resources === undefined || resources.length === 0) return () => true;
  return (identity) => resources.some((wanted) => matchesResource(identity, wanted));
}

function reasonFor(input: SyncPlanInput, key: ResourceKey): TaskReason {
  if (!input.live.has(key)) return 'missing';
  const verdict = input.diffs.get(key)?.verdict;
  switch (verdict) {
    case undefined:
      return 'notCompared';
    case 'equal':
      return 'inSync';
    case 'drift':
      return 'drift';
    case 'needsDryRun':
      return 'needsDryRun';
  }
}

interface PlanContext {
  readonly input: SyncPlanInput;
  readonly warnings: string[];
  readonly plan: DesiredPlan;
  readonly definedKinds: ReadonlySet<string>;
  readonly isSelective: boolean;
  readonly isInResources: (identity: ResourceIdentity) => boolean;
}

export function planDesiredObjects(input: SyncPlanInput, warnings: string[]): DesiredPlan {
  const plan: DesiredPlan = {
    tasks: [],
    syncFailHooks: [],
    skipped: [],
    shared: [],
    clientSideApply: [],
    resourceCount: 0,
  };
  const definedKinds = new Set<string>();
  for (const entry of input.desired.values()) {
    const kind = readDefinedKind(entry.object);
    if (kind !== undefined) definedKinds.add(kind);
  }
  const context: PlanContext = {
    input,
    warnings,
    plan,
    definedKinds,
    isSelective: input.resources !== undefined && input.resources.length > 0,
    isInResources: makeResourceFilter(input.resources),
  };
  const entries = [...input.desired.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  for (const entry of entries) planOneObject(entry, context);
  return plan;
}

type Skip = Pick<SkippedResource, 'action' | 'reason' | 'message'>;

function pushSkip(entry: DesiredObject, skip: Skip, plan: DesiredPlan): void {
  const message = `${describeResource(entry.identity)}: ${skip.message}`;
  plan.skipped.push({ key: entry.key, action: skip.action, reason: skip.reason, message });
}

/** The reasons an object is left out before its live state matters. */
function findEarlySkip(
  entry: DesiredObject,
  hook: HookClass,
  context: PlanContext,
): Skip | undefined {
  switch (hook.kind) {
    case 'skip':
      return {
        action: 'apply',
        reason: 'HookSkip',
        message: 'hook annotation is Skip; never applied',
      };
    case 'invalid':
      return {
        action: 'hook',
        reason: 'InvalidHook',
        message: `hook annotation "${hook.value}" names no known phase`,
      };
    case 'hook':
      return context.isSelective
        ? {
            action: 'hook',
            reason: 'SelectiveSyncHook',
            message: 'hooks do not run in a sync of selected resources',
          }
        : undefined;
    case 'resource':
      return context.isInResources(entry.identity)
        ? undefined
        : { action: 'apply', reason: 'NotInResources', message: 'not in the operation resources' };
  }
}

function planOneObject(entry: DesiredObject, context: PlanContext): void {
  const { input, warnings, plan } = context;
  const hook = classifyHook(entry.object, warnings);
  const options = readResourceSyncOptions(entry.object, warnings);
  if (options.get('ServerSideApply') === 'false') {
    plan.clientSideApply.push(describeResource(entry.identity));
  }
  if (hook.kind === 'resource') plan.resourceCount += 1;
  const early = findEarlySkip(entry, hook, context);
  if (early !== undefined) {
    pushSkip(entry, early, plan);
    return;
  }
  const live = input.live.get(entry.key);
  const owner = live === undefined ? undefined : findForeignOwner(live, input.app);
  if (owner !== undefined) {
    const message = `already managed by application ${formatAppRef(owner)}`;
    const subject = describeResource(entry.identity);
    plan.shared.push({ key: entry.key, owner, message: `${subject} is ${message}` });
    const action = hook.kind === 'hook' ? 'hook' : 'apply';
    pushSkip(entry, { action, reason: 'SharedResource', message: `${message}; not taken` }, plan);
    return;
  }
  const settings = readSettings(entry, options, context, hook.kind === 'hook');
  if (hook.kind === 'hook') {
    for (const task of makeHookTasks(entry, hook.phases, settings, input)) {
      (task.phase === 'SyncFail' ? plan.syncFailHooks : plan.tasks).push(task);
    }
    return;
  }
  planApply(entry, live, settings, context);
}

function planApply(
  entry: DesiredObject,
  live: KubeObject | undefined,
  settings: HookSettings,
  context: PlanContext,
): void {
  const { syncOptions, ignoreDifferences } = context.input;
  const reason = reasonFor(context.input, entry.key);
  if (syncOptions.applyOutOfSyncOnly && reason === 'inSync') {
    const message = 'already in sync (ApplyOutOfSyncOnly)';
    pushSkip(entry, { action: 'apply', reason: 'InSync', message }, context.plan);
    return;
  }
  context.plan.tasks.push({
    key: entry.key,
    action: 'apply',
    phase: 'Sync',
    wave: settings.wave,
    object:
      syncOptions.respectIgnoreDifferences && live !== undefined && ignoreDifferences
        ? keepIgnoredFieldsFromLive(entry.object, live, ignoreDifferences)
        : entry.object,
    reason,
    exists: live !== undefined,
    replace: settings.replace,
    validate: settings.validate,
    skipDryRunOnMissingResource: settings.skipDryRunOnMissingResource,
  });
}

function readSettings(
  entry: DesiredObject,
  options: ReadonlyMap<string, string>,
  context: PlanContext,
  isHook: boolean,
): HookSettings {
  const { syncOptions } = context.input;
  return {
    wave: readSyncWave(entry.object, context.warnings),
    deletePolicies: isHook ? readDeletePolicies(entry.object, context.warnings) : [],
    replace: syncOptions.replace || options.get('Replace') === 'true',
    validate: syncOptions.validate && options.get('Validate') !== 'false',
    // Argo CD skips the dry-run of a custom resource whose CRD is created by the same sync.
    skipDryRunOnMissingResource:
      syncOptions.skipDryRunOnMissingResource ||
      options.get('SkipDryRunOnMissingResource') === 'true' ||
      context.definedKinds.has(`${entry.identity.group}/${entry.identity.kind}`),
  };
}
