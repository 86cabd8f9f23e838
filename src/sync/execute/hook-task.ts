/**
 * Hook tasks: delete the previous run first (BeforeHookCreation), create, wait for completion
 * (Job Complete/Failed, Pod Succeeded/Failed, other kinds by health), then apply the
 * HookSucceeded / HookFailed delete policies.
 */
import { KubeStatusError, deleteObject, getObject } from '../../kube/index.js';
import type { SyncTask } from '../plan/index.js';
import { writeTaskObject } from './apply-task.js';
import { readHookState, refOf, uidOf, type HookState } from './object-state.js';
import { describeTaskSubject, formatWaitingFor, stripSubject } from './results.js';
import type { Runner, TaskOutcome } from './runner.js';
import { pollUntilDone, waitUntilGone, type WaitOutcome } from './wait.js';

export interface StartedHook {
  readonly task: SyncTask;
  readonly uid: string | undefined;
}

async function removePreviousRun(runner: Runner, task: SyncTask): Promise<TaskOutcome> {
  const ref = refOf(task.object);
  const live = await getObject(runner.client, ref);
  if (live === undefined || task.deletePolicies?.includes('BeforeHookCreation') !== true) {
    return { ok: true };
  }
  const uid = uidOf(live);
  // Background: a Job's pods go with it (the API default for Jobs would orphan them).
  await deleteObject(runner.client, ref, {
    propagationPolicy: 'Background',
    ...(uid === undefined ? {} : { preconditions: { uid } }),
  });
  const subject = describeTaskSubject(task);
  const gone = await waitUntilGone(runner, `${subject}: BeforeHookCreation`, task, uid);
  return gone.ok ? { ok: true } : { ok: false, message: gone.message };
}

/**
 * Starts one hook: an existing one without BeforeHookCreation is applied over and awaited as
 * it is (a completed Job counts as done, as in Argo CD). Records the hook as Running.
 */
export async function startHook(
  runner: Runner,
  task: SyncTask,
): Promise<{ ok: true; hook: StartedHook } | { ok: false; message: string }> {
  try {
    const removed = await removePreviousRun(runner, task);
    if (!removed.ok) {
      await runner.book.record(task, {
        status: 'SyncFailed',
        message: stripSubject(removed.message, task.key),
        hookPhase: 'Failed',
      });
      return removed;
    }
    const change = await writeTaskObject(runner, task);
    await runner.book.record(task, { status: 'Synced', message: change, hookPhase: 'Running' });
    const live = await getObject(runner.client, refOf(task.object));
    return { ok: true, hook: { task, uid: uidOf(live) } };
  } catch (error) {
    if (!(error instanceof KubeStatusError)) throw error;
    const message = stripSubject(error.message, task.key);
    await runner.book.record(task, { status: 'SyncFailed', message, hookPhase: 'Failed' });
    return { ok: false, message: error.message };
  }
}

async function applyDeletePolicy(
  runner: Runner,
  hook: StartedHook,
  state: HookState,
): Promise<void> {
  const policies = hook.task.deletePolicies ?? [];
  const wanted =
    (state.phase === 'Succeeded' && policies.includes('HookSucceeded')) ||
    (state.phase === 'Failed' && policies.includes('HookFailed'));
  if (!wanted) return;
  try {
    await deleteObject(runner.client, refOf(hook.task.object), {
      propagationPolicy: 'Background',
      ...(hook.uid === undefined ? {} : { preconditions: { uid: hook.uid } }),
    });
  } catch (error) {
    // A hook left behind is untidy, not a failed sync; BeforeHookCreation clears it next time.
    if (!(error instanceof KubeStatusError)) throw error;
    runner.logger.warn({ hook: hook.task.key, err: error.message }, 'hook delete policy failed');
  }
}

export interface HookRunOutcome {
  readonly failures: readonly string[];
  readonly wait: WaitOutcome;
}

/** Waits for every started hook of a step, recording each as it finishes. */
export async function awaitHooks(
  runner: Runner,
  where: string,
  hooks: readonly StartedHook[],
): Promise<HookRunOutcome> {
  const pending = [...hooks];
  const failures: string[] = [];
  const wait = await pollUntilDone(runner, where, async () => {
    const running: string[] = [];
    for (const hook of [...pending]) {
      const live = await getObject(runner.client, refOf(hook.task.object));
      const isSameRun = live === undefined || hook.uid === undefined || uidOf(live) === hook.uid;
      const state = readHookState(isSameRun ? live : undefined);
      if (state.phase === 'Running') {
        running.push(describeTaskSubject(hook.task));
        continue;
      }
      pending.splice(pending.indexOf(hook), 1);
      const status = state.phase === 'Succeeded' ? 'Synced' : 'SyncFailed';
      await runner.book.record(hook.task, {
        status,
        message: state.message,
        hookPhase: state.phase,
      });
      await applyDeletePolicy(runner, hook, state);
      if (state.phase === 'Failed') {
        const type = hook.task.hookType ?? 'Sync';
        failures.push(`${describeTaskSubject(hook.task)}: ${type} hook failed: ${state.message}`);
      }
    }
    return running.length === 0
      ? { state: 'done' }
      : { state: 'waiting', waitingFor: `${formatWaitingFor(running)} to complete` };
  });
  return { failures, wait };
}
