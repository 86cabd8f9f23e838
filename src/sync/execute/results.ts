/**
 * Per-resource results and the wording of every message the executor writes. Pure, so the
 * words users read in operationState are tested without a cluster.
 */
import type { OperationPhase, ResourceResult, ResultCode } from '../../api/index.js';
import {
  describeResource,
  parseResourceKey,
  versionOfApiVersion,
  type ResourceKey,
} from '../../model/index.js';
import type { SkippedResource, SyncTask } from '../plan/index.js';

/** What an apply did to the object, from the object before and after it. */
export type AppliedChange = 'created' | 'configured' | 'unchanged' | 'replaced';

/** What a prune found: deleted, already gone, or a namesake that is not the planned object. */
export type PruneChange = 'pruned' | 'alreadyGone' | 'replacedSincePlan';

/** `Deployment/web in prod`: the subject that starts messages about a task's object. */
export function describeTaskSubject(task: Pick<SyncTask, 'key'>): string {
  return describeResource(parseResourceKey(task.key));
}

/** Drops a leading `<subject>: `, since a ResourceResult names its object in its own fields. */
export function stripSubject(message: string, key: ResourceKey): string {
  const prefix = `${describeResource(parseResourceKey(key))}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

function withDryRun(message: string, dryRun: boolean): string {
  return dryRun ? `${message} (dry run)` : message;
}

export interface ResultDetails {
  readonly status: ResultCode;
  readonly message: string;
  readonly hookPhase?: OperationPhase;
}

/** The api ResourceResult of one task: identity from its key, phase and wave from the plan. */
export function makeResourceResult(task: SyncTask, details: ResultDetails): ResourceResult {
  const identity = parseResourceKey(task.key);
  const apiVersion = typeof task.object['apiVersion'] === 'string' ? task.object['apiVersion'] : '';
  const result: ResourceResult = {
    group: identity.group,
    version: versionOfApiVersion(apiVersion),
    kind: identity.kind,
    namespace: identity.namespace,
    name: identity.name,
    status: details.status,
    message: details.message,
    syncPhase: task.phase,
    syncWave: task.wave,
  };
  if (task.hookType !== undefined) result.hookType = task.hookType;
  if (details.hookPhase !== undefined) result.hookPhase = details.hookPhase;
  return result;
}

export function describeAppliedChange(change: AppliedChange, dryRun: boolean): ResultDetails {
  return { status: 'Synced', message: withDryRun(change, dryRun) };
}

export function describePruneChange(change: PruneChange, dryRun: boolean): ResultDetails {
  switch (change) {
    case 'pruned':
      return { status: 'Pruned', message: withDryRun('pruned', dryRun) };
    case 'alreadyGone':
      return { status: 'Pruned', message: withDryRun('already deleted', dryRun) };
    case 'replacedSincePlan':
      return {
        status: 'PruneSkipped',
        message: 'not pruned: an object of that name was created since the plan was made',
      };
  }
}

/** A plan's skipped prune (prune disabled, Prune=false…) as Argo CD reports it: PruneSkipped. */
export function makeSkippedPruneResult(skipped: SkippedResource): ResourceResult | undefined {
  if (skipped.action !== 'prune') return undefined;
  const identity = parseResourceKey(skipped.key);
  return {
    group: identity.group,
    kind: identity.kind,
    namespace: identity.namespace,
    name: identity.name,
    status: 'PruneSkipped',
    message: stripSubject(skipped.message, skipped.key),
    syncPhase: 'Sync',
  };
}

/** `dry-run skipped: <Kind> is not served yet (its CRD is applied by this sync)`. */
export function describeSkippedDryRun(task: SyncTask): string {
  return `dry-run skipped: kind ${parseResourceKey(task.key).kind} is not served yet`;
}

/** One line for a whole-plan dry-run that refused the sync: the first failure, then a count. */
export function formatDryRunFailure(messages: readonly string[]): string {
  const [first, ...rest] = messages;
  if (first === undefined) return 'dry-run failed';
  if (rest.length === 0) return `${first}; nothing was applied`;
  return `${first}; ${rest.length} more object${rest.length === 1 ? '' : 's'} failed the dry-run; nothing was applied`;
}

export function formatSuccess(dryRun: boolean, taskCount: number): string {
  if (dryRun) return `dry run: all ${taskCount} tasks would succeed; nothing was written`;
  return 'successfully synced (all tasks run)';
}

export interface SyncFailOutcome {
  readonly count: number;
  readonly failures: readonly string[];
}

/** The failure that stopped the sync, then what the SyncFail hooks did. */
export function formatFailure(primary: string, syncFail: SyncFailOutcome | undefined): string {
  if (syncFail === undefined || syncFail.count === 0) return primary;
  if (syncFail.failures.length === 0) {
    return `${primary}; SyncFail hooks ran (${syncFail.count} succeeded)`;
  }
  return `${primary}; SyncFail hooks: ${syncFail.failures.join('; ')}`;
}

/** `Sync wave 2` — how messages name a step. */
export function describeStep(step: { readonly phase: string; readonly wave: number }): string {
  return `${step.phase} wave ${step.wave}`;
}

/** `cancelled during Sync wave 1 after 3 of 7 tasks; …` */
export function formatCancelled(where: string, done: number, total: number): string {
  return `sync cancelled during ${where} after ${done} of ${total} tasks; the results list what was done`;
}

export function formatTimeout(where: string, waitedMs: number, waitingFor: string): string {
  return `${where}: timed out after ${Math.round(waitedMs / 1000)}s waiting for ${waitingFor}`;
}

/** What a wait is waiting for: the first three, then how many more. */
export function formatWaitingFor(items: readonly string[]): string {
  if (items.length <= 3) return items.join(', ');
  return `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}
