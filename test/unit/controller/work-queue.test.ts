/**
 * The work queue's core contract: each key waits at most once, a key in processing is never
 * handed out twice, delayed keys come out in due order, and shutDown stops everything.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorkQueue, type WorkQueue } from '../../../src/controller/work-queue.js';
import { createFakeClock, settle, type FakeClock } from '../../helpers/fake-timers.js';

function makeQueue(): { queue: WorkQueue; clock: FakeClock } {
  const clock = createFakeClock();
  return { queue: createWorkQueue({ name: 'test', clock }), clock };
}

/** Takes every key that is ready now, marking each done at once. */
async function drainReady(queue: WorkQueue): Promise<string[]> {
  const keys: string[] = [];
  while (queue.length > 0) {
    const key = await queue.get();
    assert.ok(key !== undefined);
    keys.push(key);
    queue.done(key);
  }
  return keys;
}

/** Resolves with whatever `promise` settled to, or 'pending' when it has not settled yet. */
async function peek<T>(promise: Promise<T>): Promise<T | 'pending'> {
  const marker = Symbol('pending');
  const result = await Promise.race([promise, settle().then(() => marker)]);
  return result === marker ? 'pending' : (result as T);
}

describe('work queue: adding and taking keys', () => {
  it('hands keys out in the order they were added', async () => {
    const { queue } = makeQueue();
    for (const key of ['a/one', 'a/two', 'b/three']) queue.add(key);
    assert.deepEqual(await drainReady(queue), ['a/one', 'a/two', 'b/three']);
  });

  it('keeps a key that is added again while waiting only once, at its first place', async () => {
    const { queue } = makeQueue();
    queue.add('x');
    queue.add('y');
    queue.add('x');
    queue.add('x');
    assert.equal(queue.length, 2);
    assert.deepEqual(await drainReady(queue), ['x', 'y']);
  });

  it('keeps first-in, first-out order across thousands of keys taken while others arrive', async () => {
    const { queue } = makeQueue();
    const taken: string[] = [];
    for (let i = 0; i < 5000; i++) {
      queue.add(`k${i}`);
      if (i % 2 === 1) {
        const key = await queue.get();
        assert.ok(key !== undefined);
        taken.push(key);
        queue.done(key);
      }
    }
    taken.push(...(await drainReady(queue)));
    assert.equal(taken.length, 5000);
    assert.ok(taken.every((key, i) => key === `k${i}`));
  });

  it('makes get wait while the queue is empty and resolves it on the next add', async () => {
    const { queue } = makeQueue();
    const pending = queue.get();
    assert.equal(await peek(pending), 'pending');
    queue.add('late');
    assert.equal(await pending, 'late');
    assert.equal(queue.processingCount, 1);
  });

  it('serves waiting gets first come, first served', async () => {
    const { queue } = makeQueue();
    const first = queue.get();
    const second = queue.get();
    queue.add('k1');
    queue.add('k2');
    assert.deepEqual(await Promise.all([first, second]), ['k1', 'k2']);
  });

  it('resolves a waiting get with undefined when its signal aborts, losing no key', async () => {
    const { queue } = makeQueue();
    const controller = new AbortController();
    const aborted = queue.get(controller.signal);
    controller.abort();
    assert.equal(await aborted, undefined);
    queue.add('k');
    assert.equal(queue.length, 1, 'the key waits for the next get');
    assert.equal(await queue.get(), 'k');
  });

  it('returns undefined at once for an already aborted signal and leaves keys queued', async () => {
    const { queue } = makeQueue();
    queue.add('k');
    assert.equal(await queue.get(AbortSignal.abort()), undefined);
    assert.equal(queue.length, 1);
  });
});

describe('work queue: a key in processing', () => {
  it('is not handed to a second worker; re-added meanwhile it is parked until done', async () => {
    const { queue } = makeQueue();
    queue.add('app');
    assert.equal(await queue.get(), 'app');
    queue.add('app');
    assert.equal(queue.length, 0, 'parked, not ready');
    const second = queue.get();
    assert.equal(await peek(second), 'pending');
    queue.done('app');
    assert.equal(await second, 'app');
  });

  it('is processed once more after many adds during processing, not once per add', async () => {
    const { queue } = makeQueue();
    queue.add('app');
    await queue.get();
    for (let i = 0; i < 5; i++) queue.add('app');
    queue.done('app');
    assert.deepEqual(await drainReady(queue), ['app']);
    assert.equal(queue.length, 0);
  });

  it('is not queued again by done when nobody added it meanwhile', async () => {
    const { queue } = makeQueue();
    queue.add('app');
    await queue.get();
    queue.done('app');
    assert.equal(queue.length, 0);
    assert.equal(queue.processingCount, 0);
  });

  it('ignores done for a key that is not being processed', async () => {
    const { queue } = makeQueue();
    queue.add('waiting');
    queue.done('waiting');
    queue.done('unknown');
    assert.equal(queue.length, 1);
    assert.equal(await queue.get(), 'waiting');
  });

  it('goes behind keys that were added while it was processed', async () => {
    const { queue } = makeQueue();
    queue.add('a');
    await queue.get();
    queue.add('a');
    queue.add('b');
    queue.done('a');
    assert.deepEqual(await drainReady(queue), ['b', 'a']);
  });
});

describe('work queue: addAfter', () => {
  it('holds a key until its delay has passed', async () => {
    const { queue, clock } = makeQueue();
    queue.addAfter('k', 1000);
    assert.equal(queue.length, 0);
    assert.equal(queue.delayedCount, 1);
    clock.advance(999);
    assert.equal(queue.length, 0);
    clock.advance(1);
    assert.equal(queue.length, 1);
    assert.equal(queue.delayedCount, 0);
    assert.equal(await queue.get(), 'k');
  });

  it('releases delayed keys in due order, ties in the order they were added', async () => {
    const { queue, clock } = makeQueue();
    queue.addAfter('late', 300);
    queue.addAfter('early', 100);
    queue.addAfter('tie-1', 200);
    queue.addAfter('tie-2', 200);
    queue.addAfter('middle', 150);
    clock.advance(1000);
    assert.deepEqual(await drainReady(queue), ['early', 'middle', 'tie-1', 'tie-2', 'late']);
  });

  it('keeps the earlier due time when a delayed key is added again', async () => {
    const { queue, clock } = makeQueue();
    queue.addAfter('k', 500);
    queue.addAfter('k', 100);
    queue.addAfter('k', 900);
    assert.equal(queue.delayedCount, 1);
    clock.advance(100);
    assert.deepEqual(await drainReady(queue), ['k']);
    clock.advance(1000);
    assert.equal(queue.length, 0, 'the superseded due times do not add it again');
  });

  it('adds at once for a delay of zero or less', () => {
    const { queue } = makeQueue();
    queue.addAfter('zero', 0);
    queue.addAfter('negative', -5);
    queue.addAfter('nan', Number.NaN);
    assert.equal(queue.length, 3);
    assert.equal(queue.delayedCount, 0);
  });

  it('does not duplicate a key that is already waiting when its delay ends', async () => {
    const { queue, clock } = makeQueue();
    queue.add('k');
    queue.addAfter('k', 50);
    clock.advance(50);
    assert.deepEqual(await drainReady(queue), ['k']);
  });

  it('keeps one timer however many keys wait', () => {
    const { queue, clock } = makeQueue();
    for (let i = 0; i < 50; i++) queue.addAfter(`k${i}`, 1000 + i);
    assert.equal(clock.pendingTimers, 1);
    clock.advance(1049);
    assert.equal(queue.length, 50);
    assert.equal(clock.pendingTimers, 0);
  });

  it('re-arms its timer earlier when an earlier key arrives', () => {
    const { queue, clock } = makeQueue();
    queue.addAfter('slow', 10_000);
    queue.addAfter('fast', 10);
    clock.advance(10);
    assert.equal(queue.length, 1);
    assert.equal(clock.pendingTimers, 1, 'still waiting for the slow key');
    clock.advance(9990);
    assert.equal(queue.length, 2);
  });
});

describe('work queue: shutDown', () => {
  it('resolves waiting gets with undefined and hands out nothing more', async () => {
    const { queue } = makeQueue();
    const waiting = [queue.get(), queue.get()];
    queue.shutDown();
    assert.deepEqual(await Promise.all(waiting), [undefined, undefined]);
    queue.add('after');
    assert.equal(queue.length, 0);
    assert.equal(await queue.get(), undefined);
    assert.equal(queue.isShuttingDown, true);
  });

  it('drops keys that were waiting and cancels the delay timer', async () => {
    const { queue, clock } = makeQueue();
    queue.add('ready');
    queue.addAfter('delayed', 100);
    queue.shutDown();
    assert.equal(queue.length, 0);
    assert.equal(queue.delayedCount, 0);
    assert.equal(clock.pendingTimers, 0);
    clock.advance(1000);
    assert.equal(await queue.get(), undefined);
  });

  it('lets in-flight keys finish with done without queueing them again', async () => {
    const { queue } = makeQueue();
    queue.add('busy');
    await queue.get();
    queue.add('busy');
    queue.shutDown();
    queue.done('busy');
    assert.equal(queue.processingCount, 0);
    assert.equal(queue.length, 0);
  });

  it('ignores addAfter and addRateLimited after shutDown', () => {
    const { queue, clock } = makeQueue();
    queue.shutDown();
    queue.addAfter('k', 10);
    queue.addRateLimited('k');
    assert.equal(queue.delayedCount, 0);
    assert.equal(clock.pendingTimers, 0);
    assert.equal(queue.retries('k'), 0);
  });
});
