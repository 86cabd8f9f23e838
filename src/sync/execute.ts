/**
 * executePlan: a SyncPlan → writes through kube/ → a SyncResult. Safety first: a server-side
 * dry-run of the whole plan before the first real write (execute/dry-run.ts); then the steps
 * in order — within a step prunes, applies and hook starts one by one, then the step's hooks
 * awaited; between steps (and so before PostSync) the step's objects must be healthy and
 * its pruned objects gone. The first failure stops the sync, runs the SyncFail hooks and
 * returns Failed with every result so far.
 */
import { describeError } from '../model/index.js';
import type { SyncPlan, SyncStep, SyncTask } from '../sync/plan/index.js';
import { runApplyTask } from './execute/apply-task.js';
import { dryRunPlan } from './execute/dry-run.js';
import { awaitHooks, startHook, type StartedHook } from './execute/hook-task.js';
import { uidOf } from './execute/object-state.js';
import { runPruneTask } from './execute/prune-task.js';
import {
  describeStep,
  formatCancelled,
  formatDryRunFailure,
  formatFailure,
  formatSuccess,
  makeSkippedPruneResult,
  type SyncFailOutcome,
} from './execute/results.js';
import { createRunner, type Runner } from './execute/runner.js';
import { SyncCancelledError, throwIfCancelled } from './execute/timing.js';
import type { ExecuteContext, SyncFailureReason, SyncResult } from './execute/types.js';
import { waitForStep, type StepWaitItem } from './execute/wait.js';

type Outcome = Omit<SyncResult, 'resources'>;

interface Failure {
  readonly reason: SyncFailureReason;
  readonly message: string;
}

/** Where the run is, for the message of a cancelled or broken sync. */
interface Position {
  where: string;
  done: number;
  readonly total: number;
}

interface StepWork {
  readonly waits: StepWaitItem[];
  readonly hooks: StartedHook[];
}

/** Runs one task; the objects to wait for go into `work`. Returns the failure, if any. */
async function runTask(
  runner: Runner,
  task: SyncTask,
  work: StepWork,
): Promise<string | undefined> {
  switch (task.action) {
    case 'prune': {
      const pruned = await runPruneTask(runner, task);
      if (!pruned.ok) return pruned.message;
      const uid = uidOf(task.object);
      if (pruned.change === 'pruned')
        work.waits.push({ task, until: 'gone', ...(uid ? { uid } : {}) });
      return undefined;
    }
    case 'apply':
    case 'createNamespace': {
      const applied = await runApplyTask(runner, task);
      if (!applied.ok) return applied.message;
      work.waits.push({ task, until: 'healthy' });
      return undefined;
    }
    case 'hook': {
      const started = await startHook(runner, task);
      if (!started.ok) return started.message;
      work.hooks.push(started.hook);
      return undefined;
    }
  }
}

async function runHooksToEnd(
  runner: Runner,
  where: string,
  hooks: readonly StartedHook[],
): Promise<Failure | undefined> {
  if (hooks.length === 0) return undefined;
  const outcome = await awaitHooks(runner, where, hooks);
  if (outcome.failures.length > 0)
    return { reason: 'HookFailed', message: outcome.failures.join('; ') };
  return outcome.wait.ok
    ? undefined
    : { reason: outcome.wait.reason, message: outcome.wait.message };
}

async function runStep(
  runner: Runner,
  step: SyncStep,
  done: ReadonlySet<SyncTask>,
  position: Position,
): Promise<{ ok: true; waits: StepWaitItem[] } | { ok: false; failure: Failure }> {
  const work: StepWork = { waits: [], hooks: [] };
  for (const task of step.tasks) {
    throwIfCancelled(runner.signal);
    // Namespaces the dry-run had to create already have their result.
    const failed = done.has(task) ? undefined : await runTask(runner, task, work);
    if (done.has(task)) work.waits.push({ task, until: 'healthy' });
    if (failed !== undefined)
      return { ok: false, failure: { reason: 'TaskFailed', message: failed } };
    position.done += 1;
  }
  const hookFailure = await runHooksToEnd(runner, position.where, work.hooks);
  return hookFailure === undefined
    ? { ok: true, waits: work.waits }
    : { ok: false, failure: hookFailure };
}

async function runSteps(
  runner: Runner,
  steps: readonly SyncStep[],
  done: ReadonlySet<SyncTask>,
  position: Position,
): Promise<Failure | undefined> {
  for (const [index, step] of steps.entries()) {
    position.where = describeStep(step);
    runner.logger.debug({ step: position.where, tasks: step.tasks.length }, 'sync step started');
    const ran = await runStep(runner, step, done, position);
    if (!ran.ok) return ran.failure;
    // After the last step the sync is done; the app's health reports the rollout from there.
    if (index === steps.length - 1) break;
    const settled = await waitForStep(runner, position.where, ran.waits);
    if (!settled.ok) return { reason: settled.reason, message: settled.message };
  }
  return undefined;
}

/** SyncFail hooks, wave by wave; their own failures are reported, never thrown. */
async function runSyncFailHooks(
  runner: Runner,
  hooks: readonly SyncTask[],
  position: Position,
): Promise<SyncFailOutcome | undefined> {
  if (hooks.length === 0) return undefined;
  const failures: string[] = [];
  for (const wave of [...new Set(hooks.map((hook) => hook.wave))]) {
    position.where = `SyncFail wave ${wave}`;
    const started: StartedHook[] = [];
    for (const task of hooks.filter((hook) => hook.wave === wave)) {
      throwIfCancelled(runner.signal);
      const start = await startHook(runner, task);
      if (start.ok) started.push(start.hook);
      else failures.push(start.message);
    }
    const failure = await runHooksToEnd(runner, position.where, started);
    if (failure !== undefined) failures.push(failure.message);
  }
  return { count: hooks.length, failures };
}

async function runPlan(runner: Runner, plan: SyncPlan, position: Position): Promise<Outcome> {
  const report = await dryRunPlan(runner, plan);
  if (report.failures.length > 0) {
    return {
      phase: 'Failed',
      reason: 'DryRunFailed',
      message: formatDryRunFailure(report.failures),
    };
  }
  if (runner.dryRun) return { phase: 'Succeeded', message: formatSuccess(true, position.total) };
  const failure = await runSteps(runner, plan.steps, report.done, position);
  if (failure === undefined)
    return { phase: 'Succeeded', message: formatSuccess(false, position.total) };
  const syncFail = await runSyncFailHooks(runner, plan.syncFailHooks, position);
  return {
    phase: 'Failed',
    reason: failure.reason,
    message: formatFailure(failure.message, syncFail),
  };
}

function finish(runner: Runner, plan: SyncPlan, outcome: Outcome): SyncResult {
  for (const skipped of plan.skipped) {
    const result = makeSkippedPruneResult(skipped);
    if (result !== undefined) runner.book.append(result);
  }
  const fields = { phase: outcome.phase, reason: outcome.reason, dryRun: runner.dryRun };
  if (outcome.phase === 'Succeeded') runner.logger.debug(fields, 'plan executed');
  else runner.logger.warn({ ...fields, message: outcome.message }, 'plan execution failed');
  return { ...outcome, resources: runner.book.resources };
}

/**
 * Runs `plan` against the cluster (or, with `context.dryRun`, only dry-runs it). Never
 * throws: a refused plan, a failed task, a cancelled signal or an unreachable API server
 * all come back as a result whose `resources` list everything that was done.
 */
export async function executePlan(plan: SyncPlan, context: ExecuteContext): Promise<SyncResult> {
  const runner = createRunner(context);
  if (plan.refusal !== undefined) {
    return finish(runner, plan, { phase: 'Failed', reason: 'Refused', message: plan.refusal });
  }
  const total = plan.steps.reduce((sum, step) => sum + step.tasks.length, 0);
  const position: Position = { where: 'the dry-run', done: 0, total };
  try {
    throwIfCancelled(runner.signal);
    return finish(runner, plan, await runPlan(runner, plan, position));
  } catch (error) {
    if (error instanceof SyncCancelledError) {
      const message = formatCancelled(position.where, position.done, position.total);
      return finish(runner, plan, { phase: 'Failed', reason: 'Cancelled', message });
    }
    const message = `sync stopped during ${position.where}: ${describeError(error)}; the results list what was done`;
    return finish(runner, plan, { phase: 'Error', reason: 'Error', message });
  }
}
