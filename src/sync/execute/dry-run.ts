/**
 * The whole-plan server-side dry-run that runs before the first real write: every apply,
 * createNamespace, hook (SyncFail hooks included) and prune task is sent with dryRun=All, so
 * an invalid object anywhere stops the sync with nothing written and the object named.
 *
 * Two kinds of object cannot be checked fully in advance:
 * - a custom resource whose kind is not served yet: with SkipDryRunOnMissingResource (set by
 *   the option, or by the planner when the CRD is in the same plan) its dry-run is skipped;
 *   without it the sync fails here;
 * - an object in a namespace this plan creates (CreateNamespace=true or a Namespace in Git):
 *   the server checks its schema, then stops at "namespace not found". Such objects are
 *   checked again after their namespaces — and only those, which are empty — have been
 *   created, as Argo CD does; if that second check fails the namespaces stay, reported.
 */
import {
  KubeStatusError,
  createObject,
  deleteObject,
  getObject,
  isKindServed,
  type ManifestObject,
} from '../../kube/index.js';
import { parseResourceKey } from '../../model/index.js';
import type { SyncPlan, SyncTask } from '../plan/index.js';
import { runApplyTask, writeOptionsOf, writeOverLive } from './apply-task.js';
import { refOf, toManifest } from './object-state.js';
import { deleteOptionsOf, toPruneChange } from './prune-task.js';
import {
  describeAppliedChange,
  describePruneChange,
  describeSkippedDryRun,
  describeTaskSubject,
  stripSubject,
  type AppliedChange,
  type ResultDetails,
} from './results.js';
import type { Runner } from './runner.js';
import { mapLimited } from './timing.js';

const DRY_RUN_CONCURRENCY = 8;

type Check =
  | { readonly kind: 'ok'; readonly details: ResultDetails }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'namespaceMissing'; readonly namespace: string; readonly message: string };

export interface DryRunReport {
  /** Subject-first messages, in plan order; empty when the plan may run. */
  readonly failures: readonly string[];
  /** Tasks already run for real: the namespaces the second check needed. */
  readonly done: ReadonlySet<SyncTask>;
}

/** A hook that BeforeHookCreation will delete first is checked as a new object of its kind. */
async function dryRunFreshCreate(runner: Runner, task: SyncTask, object: ManifestObject) {
  const { name, ...metadata } = object.metadata;
  const fresh = { ...object, metadata: { ...metadata, generateName: `${name}-` } };
  try {
    await createObject(runner.client, fresh, writeOptionsOf(task, true));
  } catch (error) {
    if (!(error instanceof KubeStatusError)) throw error;
    const message = error.message.replace(/^[^:]*: /u, `${describeTaskSubject(task)}: `);
    throw new KubeStatusError(message, error.statusCode, error.reason, error.retryable);
  }
}

/** Dry-runs one object's write the way the real run will do it; says what it would change. */
async function predictChange(
  runner: Runner,
  task: SyncTask,
  object: ManifestObject,
): Promise<AppliedChange> {
  // The live object matters for the wording (dry-run mode) and for the verb (replace, hooks).
  const needsLive = runner.dryRun || task.replace === true || task.action === 'hook';
  const live = needsLive ? await getObject(runner.client, refOf(object)) : undefined;
  const replacesHook =
    task.action === 'hook' && task.deletePolicies?.includes('BeforeHookCreation') === true;
  if (live !== undefined && replacesHook) {
    await dryRunFreshCreate(runner, task, object);
    return 'created';
  }
  return writeOverLive(runner, task, object, live, true);
}

async function checkTask(runner: Runner, task: SyncTask): Promise<Check> {
  try {
    if (task.action === 'prune') {
      const ref = refOf(task.object);
      const outcome = await deleteObject(runner.client, ref, deleteOptionsOf(task, true));
      return { kind: 'ok', details: describePruneChange(toPruneChange(outcome), true) };
    }
    const object = toManifest(task.object);
    if (!(await isKindServed(runner.client, object.apiVersion, object.kind))) {
      if (task.skipDryRunOnMissingResource === true) {
        return { kind: 'ok', details: { status: 'Synced', message: describeSkippedDryRun(task) } };
      }
      const kind = `kind ${object.kind} (${object.apiVersion}) is not served by the API server`;
      return { kind: 'failed', message: `${describeTaskSubject(task)}: dry-run failed: ${kind}` };
    }
    const change = await predictChange(runner, task, object);
    return { kind: 'ok', details: describeAppliedChange(change, true) };
  } catch (error) {
    if (!(error instanceof KubeStatusError)) throw error;
    const { namespace } = parseResourceKey(task.key);
    const isNamespaceMissing =
      error.statusCode === 404 &&
      namespace !== '' &&
      error.message.includes(`namespaces "${namespace}" not found`);
    return isNamespaceMissing
      ? { kind: 'namespaceMissing', namespace, message: error.message }
      : { kind: 'failed', message: error.message };
  }
}

/** The tasks of this plan that create a namespace, by the namespace's name. */
function findNamespaceProviders(tasks: readonly SyncTask[]): Map<string, SyncTask> {
  const providers = new Map<string, SyncTask>();
  for (const task of tasks) {
    const { group, kind, name } = parseResourceKey(task.key);
    const isNamespace = group === '' && kind === 'Namespace';
    if (task.action === 'createNamespace' || (task.action === 'apply' && isNamespace)) {
      providers.set(name, task);
    }
  }
  return providers;
}

async function recordFailures(
  runner: Runner,
  failed: readonly { task: SyncTask; message: string }[],
): Promise<string[]> {
  for (const { task, message } of failed) {
    await runner.book.record(task, {
      status: 'SyncFailed',
      message: stripSubject(message, task.key),
    });
  }
  return failed.map((entry) => entry.message);
}

const PARTLY_CHECKED = (namespace: string): ResultDetails => ({
  status: 'Synced',
  message: `created (dry run; namespace ${namespace} does not exist yet, so only the schema was checked)`,
});

/**
 * Creates the namespaces the deferred objects need (nothing else), then checks those objects
 * again. Returns the failures of either step.
 */
async function checkDeferred(
  runner: Runner,
  deferred: readonly { task: SyncTask; namespace: string }[],
  providers: ReadonlyMap<string, SyncTask>,
  done: Set<SyncTask>,
): Promise<string[]> {
  for (const namespace of new Set(deferred.map((entry) => entry.namespace))) {
    const provider = providers.get(namespace);
    if (provider === undefined || done.has(provider)) continue;
    const created = await runApplyTask(runner, provider);
    if (!created.ok) return [created.message];
    done.add(provider);
  }
  const checks = await mapLimited(deferred, DRY_RUN_CONCURRENCY, (entry) =>
    checkTask(runner, entry.task),
  );
  const failed = deferred.flatMap((entry, index) => {
    const check = checks[index];
    return check === undefined || check.kind === 'ok'
      ? []
      : [{ task: entry.task, message: check.message }];
  });
  return recordFailures(runner, failed);
}

/** Dry-runs every task of the plan; in dry-run mode also records what each would do. */
export async function dryRunPlan(runner: Runner, plan: SyncPlan): Promise<DryRunReport> {
  const tasks = [...plan.steps.flatMap((step) => step.tasks), ...plan.syncFailHooks];
  const checks = await mapLimited(tasks, DRY_RUN_CONCURRENCY, (task) => checkTask(runner, task));
  const providers = findNamespaceProviders(tasks);
  const failed: { task: SyncTask; message: string }[] = [];
  const deferred: { task: SyncTask; namespace: string }[] = [];
  const done = new Set<SyncTask>();
  tasks.forEach((task, index) => {
    const check = checks[index];
    if (check === undefined || check.kind === 'ok') return;
    if (check.kind === 'namespaceMissing' && providers.has(check.namespace)) {
      deferred.push({ task, namespace: check.namespace });
    } else failed.push({ task, message: check.message });
  });
  if (failed.length > 0) return { failures: await recordFailures(runner, failed), done };
  if (deferred.length > 0 && !runner.dryRun) {
    const failures = await checkDeferred(runner, deferred, providers, done);
    if (failures.length > 0) return { failures, done };
  }
  if (runner.dryRun) {
    for (const [index, task] of tasks.entries()) {
      const check = checks[index];
      if (check?.kind === 'ok') await runner.book.record(task, check.details);
      if (check?.kind === 'namespaceMissing')
        await runner.book.record(task, PARTLY_CHECKED(check.namespace));
    }
  }
  return { failures: [], done };
}
