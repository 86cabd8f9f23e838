/**
 * Apply and createNamespace tasks: server-side apply (field manager capstan, force), or with
 * Replace=true a PUT of the whole object (a POST when it does not exist yet).
 */
import {
  applyServerSide,
  createObject,
  dryRunApply,
  getObject,
  isKindServed,
  replaceObject,
  type ManifestObject,
  type WriteOptions,
} from '../../kube/index.js';
import type { SyncTask } from '../plan/index.js';
import { isSameContent, refOf, resourceVersionOf, toManifest } from './object-state.js';
import {
  describeAppliedChange,
  describeTaskSubject,
  stripSubject,
  type AppliedChange,
} from './results.js';
import { recordTaskRejection, type Runner, type TaskOutcome } from './runner.js';
import { pollUntilDone } from './wait.js';

/** Validate=false lets the server drop fields it does not know instead of refusing them. */
export function writeOptionsOf(task: SyncTask, dryRun: boolean): WriteOptions {
  const options: WriteOptions = {};
  if (dryRun) options.dryRun = true;
  if (task.validate === false) options.fieldValidation = 'Ignore';
  return options;
}

/**
 * Writes the task's object for real and says what changed, from a GET just before: the
 * plan's `exists` may be seconds old, and a status update in between must not count.
 */
export async function writeTaskObject(runner: Runner, task: SyncTask): Promise<AppliedChange> {
  const object = toManifest(task.object);
  const before = await getObject(runner.client, refOf(object));
  return writeOverLive(runner, task, object, before, false);
}

/**
 * Server-side applies `object` (with Replace=true: creates or replaces it) over `live`, for
 * real or as a dry run, and says what changed — one path, so a dry run predicts the real write.
 */
export async function writeOverLive(
  runner: Runner,
  task: SyncTask,
  object: ManifestObject,
  live: ManifestObject | undefined,
  dryRun: boolean,
): Promise<AppliedChange> {
  const options = writeOptionsOf(task, dryRun);
  if (task.replace === true) {
    if (live === undefined) {
      await createObject(runner.client, object, options);
      return 'created';
    }
    const metadata = { ...object.metadata, resourceVersion: resourceVersionOf(live) };
    const after = await replaceObject(runner.client, { ...object, metadata }, options);
    return isSameContent(live, after) ? 'unchanged' : 'replaced';
  }
  const after = dryRun
    ? await dryRunApply(runner.client, object, options)
    : await applyServerSide(runner.client, object, options);
  if (live === undefined) return 'created';
  return isSameContent(live, after) ? 'unchanged' : 'configured';
}

/**
 * A custom resource whose CRD this sync applies (SkipDryRunOnMissingResource) may reach its
 * turn before the API server serves the kind: wait for it rather than fail the sync.
 */
async function awaitKindServed(runner: Runner, task: SyncTask): Promise<TaskOutcome> {
  const object = toManifest(task.object);
  if (await isKindServed(runner.client, object.apiVersion, object.kind)) return { ok: true };
  const subject = describeTaskSubject(task);
  const missing = `kind ${object.kind} (${object.apiVersion}) is not served by the API server`;
  if (task.skipDryRunOnMissingResource !== true)
    return { ok: false, message: `${subject}: ${missing}` };
  const waited = await pollUntilDone(runner, subject, async () =>
    (await isKindServed(runner.client, object.apiVersion, object.kind))
      ? { state: 'done' }
      : { state: 'waiting', waitingFor: `kind ${object.kind} (${object.apiVersion}) to be served` },
  );
  return waited.ok ? { ok: true } : { ok: false, message: waited.message };
}

/** Runs one apply or createNamespace task and records its result. */
export async function runApplyTask(runner: Runner, task: SyncTask): Promise<TaskOutcome> {
  const served = await awaitKindServed(runner, task);
  if (!served.ok) {
    await runner.book.record(task, {
      status: 'SyncFailed',
      message: stripSubject(served.message, task.key),
    });
    return served;
  }
  try {
    const change = await writeTaskObject(runner, task);
    await runner.book.record(task, describeAppliedChange(change, false));
    return { ok: true };
  } catch (error) {
    return recordTaskRejection(runner, task, error);
  }
}
