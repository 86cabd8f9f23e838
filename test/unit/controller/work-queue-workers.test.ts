/**
 * runWorkers: N loops share a queue, never run one key twice at once, retry failures with
 * backoff, and stop only after in-flight work has finished.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorkQueue, runWorkers, type WorkQueue } from '../../../src/controller/work-queue.js';
import { createFakeClock, settle, type FakeClock } from '../../helpers/fake-timers.js';
import { createSeededRandom } from '../../helpers/seeded-random.js';

function makeQueue(): { queue: WorkQueue; clock: FakeClock } {
  const clock = createFakeClock();
  const rateLimiter = { baseDelayMs: 10, factor: 2, maxDelayMs: 1000, qps: 1e9, burst: 1e9 };
  return { queue: createWorkQueue({ name: 'workers', clock, rateLimiter }), clock };
}

/** A promise the test resolves by hand, to hold a handler in flight. */
function makeGate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('runWorkers', () => {
  it('never runs one key in two workers at once, even when it is added while running', async () => {
    const { queue } = makeQueue();
    const random = createSeededRandom(7);
    const keys = ['a', 'b', 'c', 'd'];
    const running = new Set<string>();
    const overlaps: string[] = [];
    let maxParallel = 0;
    let runs = 0;
    const workers = runWorkers(queue, 4, async (key) => {
      if (running.has(key)) overlaps.push(key);
      running.add(key);
      maxParallel = Math.max(maxParallel, running.size);
      runs++;
      // While this key runs, events keep arriving for it and its neighbours.
      for (let i = 0; i < 3; i++) queue.add(keys[Math.floor(random() * keys.length)] ?? 'a');
      await settle(1 + Math.floor(random() * 3));
      running.delete(key);
    });
    for (let round = 0; round < 30; round++) {
      for (const key of keys) queue.add(key);
      await settle(2);
    }
    await settle(20);
    queue.shutDown();
    await workers;
    assert.deepEqual(overlaps, [], 'no key ran twice at the same time');
    assert.ok(maxParallel > 1, `different keys ran in parallel (max ${maxParallel})`);
    assert.ok(runs >= keys.length, `every key ran (${runs} runs)`);
  });

  it('re-runs a key that was added while its handler ran, once, after it finished', async () => {
    const { queue } = makeQueue();
    const gate = makeGate();
    const calls: string[] = [];
    const workers = runWorkers(queue, 3, async (key) => {
      calls.push(`start ${key}`);
      if (calls.length === 1) await gate.promise;
      calls.push(`end ${key}`);
    });
    queue.add('app');
    await settle();
    queue.add('app');
    queue.add('app');
    await settle();
    assert.deepEqual(calls, ['start app'], 'the second run waits for the first');
    gate.open();
    await settle();
    assert.deepEqual(calls, ['start app', 'end app', 'start app', 'end app']);
    queue.shutDown();
    await workers;
  });

  it('retries a failing key with growing backoff and forgets it once it succeeds', async () => {
    const { queue, clock } = makeQueue();
    let failuresLeft = 3;
    const attemptsAt: number[] = [];
    const workers = runWorkers(queue, 2, (key) => {
      attemptsAt.push(clock.now());
      if (failuresLeft-- > 0) return Promise.reject(new Error(`${key}: not yet`));
      return Promise.resolve();
    });
    queue.add('flaky');
    await settle();
    assert.equal(queue.retries('flaky'), 1);
    for (const delay of [10, 20, 40]) {
      clock.advance(delay);
      await settle();
    }
    const start = attemptsAt[0] ?? 0;
    assert.deepEqual(
      attemptsAt.map((t) => t - start),
      [0, 10, 30, 70],
    );
    assert.equal(queue.retries('flaky'), 0, 'success forgets the failures');
    assert.equal(queue.processingCount, 0, 'done was called every time');
    queue.shutDown();
    await workers;
  });

  it('calls done even when the handler throws synchronously inside its promise', async () => {
    const { queue } = makeQueue();
    const workers = runWorkers(queue, 1, () => {
      throw new Error('boom');
    });
    queue.add('k');
    await settle();
    assert.equal(queue.processingCount, 0);
    assert.equal(queue.delayedCount, 1, 'queued for a retry');
    queue.shutDown();
    await workers;
  });

  it('resolves after shutDown only once in-flight handlers have finished', async () => {
    const { queue } = makeQueue();
    const gate = makeGate();
    let finished = false;
    const workers = runWorkers(queue, 2, async () => {
      await gate.promise;
      finished = true;
    });
    queue.add('slow');
    await settle();
    queue.shutDown();
    let resolved = false;
    void workers.then(() => {
      resolved = true;
    });
    await settle();
    assert.equal(resolved, false, 'still waiting for the handler');
    gate.open();
    await workers;
    assert.equal(finished, true);
    assert.equal(queue.processingCount, 0);
  });

  it('stops when its signal aborts and passes that signal to handlers', async () => {
    const { queue } = makeQueue();
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const workers = runWorkers(
      queue,
      2,
      (_key, signal) => {
        seen.push(signal);
        return Promise.resolve();
      },
      controller.signal,
    );
    queue.add('one');
    await settle();
    controller.abort();
    await workers;
    assert.equal(seen.length, 1);
    assert.equal(seen[0], controller.signal);
    queue.add('two');
    assert.equal(queue.length, 1, 'the queue itself is still open; only the workers stopped');
  });

  it('processes keys with a single worker one at a time, in order', async () => {
    const { queue } = makeQueue();
    const order: string[] = [];
    const workers = runWorkers(queue, 1, async (key) => {
      order.push(key);
      await settle(1);
    });
    for (const key of ['x', 'y', 'z']) queue.add(key);
    await settle(10);
    queue.shutDown();
    await workers;
    assert.deepEqual(order, ['x', 'y', 'z']);
  });
});
