/**
 * Polling waits on fresh GETs: a step's applied objects healthy and its pruned objects gone,
 * or one object deleted. Informer-free on purpose: a sync waits on a handful of objects for
 * seconds, and a GET per object per poll is cheaper than a watch per kind.
 */
import { assessHealth } from '../../health/index.js';
import { getObject } from '../../kube/index.js';
import type { SyncTask } from '../plan/index.js';
import { judgeWaveHealth, refOf, uidOf } from './object-state.js';
import { describeTaskSubject, formatTimeout, formatWaitingFor } from './results.js';
import type { Runner } from './runner.js';
import { sleepFor, throwIfCancelled } from './timing.js';

export type Probe =
  | { readonly state: 'done' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'waiting'; readonly waitingFor: string };

export type WaitOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'Degraded' | 'Timeout'; readonly message: string };

/**
 * Calls `probe` every poll interval until it is done or failed; gives up after the wait
 * timeout. Announces what it waits for whenever that changes, so the status shows it.
 */
export async function pollUntilDone(
  runner: Runner,
  where: string,
  probe: () => Promise<Probe>,
): Promise<WaitOutcome> {
  const started = runner.clock.now();
  let announced = '';
  for (;;) {
    throwIfCancelled(runner.signal);
    const outcome = await probe();
    if (outcome.state === 'done') return { ok: true };
    if (outcome.state === 'failed')
      return { ok: false, reason: 'Degraded', message: outcome.message };
    const waited = runner.clock.now() - started;
    if (waited >= runner.waitTimeoutMs) {
      return {
        ok: false,
        reason: 'Timeout',
        message: formatTimeout(where, waited, outcome.waitingFor),
      };
    }
    if (outcome.waitingFor !== announced) {
      announced = outcome.waitingFor;
      await runner.book.announce(`${where}: waiting for ${announced}`);
    }
    await sleepFor(runner.clock, runner.pollIntervalMs, runner.signal);
  }
}

/** One object a step waits for: an applied one to be healthy, a pruned one to be gone. */
export interface StepWaitItem {
  readonly task: SyncTask;
  readonly until: 'healthy' | 'gone';
  /** For `gone`: the uid that was deleted; a namesake created since does not count. */
  readonly uid?: string;
}

async function probeItem(runner: Runner, item: StepWaitItem): Promise<Probe> {
  const live = await getObject(runner.client, refOf(item.task.object));
  const subject = describeTaskSubject(item.task);
  if (item.until === 'gone') {
    const gone = live === undefined || (item.uid !== undefined && uidOf(live) !== item.uid);
    return gone ? { state: 'done' } : { state: 'waiting', waitingFor: `${subject} to be deleted` };
  }
  const health = assessHealth(live);
  const detail = health.message === '' ? health.status : `${health.status}: ${health.message}`;
  switch (judgeWaveHealth(health.status)) {
    case 'done':
      return { state: 'done' };
    case 'degraded':
      return { state: 'failed', message: `${subject}: Degraded: ${health.message}` };
    case 'waiting':
      return { state: 'waiting', waitingFor: `${subject} to be healthy (${detail})` };
  }
}

/**
 * Waits until every applied object of a step is healthy (Suspended and Unknown pass, Degraded
 * fails the sync) and every pruned object is gone, so the next wave starts on a settled one.
 */
export function waitForStep(
  runner: Runner,
  where: string,
  items: readonly StepWaitItem[],
): Promise<WaitOutcome> {
  const pending = [...items];
  return pollUntilDone(runner, where, async () => {
    const waiting: string[] = [];
    for (const item of [...pending]) {
      const probe = await probeItem(runner, item);
      if (probe.state === 'failed') return probe;
      if (probe.state === 'waiting') waiting.push(probe.waitingFor);
      else pending.splice(pending.indexOf(item), 1);
    }
    return waiting.length === 0
      ? { state: 'done' }
      : { state: 'waiting', waitingFor: formatWaitingFor(waiting) };
  });
}

/** Waits until `ref` (the object with `uid`, when given) no longer exists. */
export function waitUntilGone(
  runner: Runner,
  where: string,
  task: SyncTask,
  uid: string | undefined,
): Promise<WaitOutcome> {
  return waitForStep(runner, where, [
    { task, until: 'gone', ...(uid === undefined ? {} : { uid }) },
  ]);
}
