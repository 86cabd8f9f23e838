import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Semaphore, SerialQueue, SharedTasks } from '../../../src/repo/concurrency.js';
import { ObjectCache } from '../../../src/repo/object-cache.js';

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('SharedTasks', () => {
  it('runs one task for concurrent callers of the same key and gives each the result', async () => {
    const tasks = new SharedTasks<number>();
    let starts = 0;
    const gate = deferred<number>();
    const start = (): Promise<number> => {
      starts += 1;
      return gate.promise;
    };
    const all = Promise.all(Array.from({ length: 10 }, () => tasks.run('k', start)));
    gate.resolve(42);
    assert.deepEqual(await all, Array<number>(10).fill(42));
    assert.equal(starts, 1);
    assert.equal(tasks.size, 0);
  });

  it('starts a new task once the previous one for the key has settled', async () => {
    const tasks = new SharedTasks<number>();
    let starts = 0;
    await tasks.run('k', () => Promise.resolve(++starts));
    assert.equal(await tasks.run('k', () => Promise.resolve(++starts)), 2);
  });

  it('lets one caller give up without cancelling the task for the others', async () => {
    const tasks = new SharedTasks<string>();
    const gate = deferred<string>();
    let taskSignal: AbortSignal | undefined;
    const start = (signal: AbortSignal): Promise<string> => {
      taskSignal = signal;
      return gate.promise;
    };
    const leaving = new AbortController();
    const first = tasks.run('k', start, leaving.signal);
    const second = tasks.run('k', start);
    leaving.abort(new Error('caller gave up'));
    await assert.rejects(first, /caller gave up/);
    assert.equal(taskSignal?.aborted, false);
    gate.resolve('done');
    assert.equal(await second, 'done');
  });

  it('cancels the task when every caller has given up', async () => {
    const tasks = new SharedTasks<string>();
    let taskSignal: AbortSignal | undefined;
    const start = (signal: AbortSignal): Promise<string> => {
      taskSignal = signal;
      return new Promise((_, reject) => {
        signal.addEventListener('abort', () => {
          reject(new Error('task aborted'));
        });
      });
    };
    const a = new AbortController();
    const b = new AbortController();
    const runs = [tasks.run('k', start, a.signal), tasks.run('k', start, b.signal)];
    await new Promise((r) => setImmediate(r));
    assert.ok(taskSignal, 'the task started');
    const signal: AbortSignal = taskSignal;
    a.abort(new Error('a left'));
    assert.equal(signal.aborted, false);
    b.abort(new Error('b left'));
    await Promise.allSettled(runs);
    assert.equal(signal.aborted, true);
  });
});

describe('SharedTasks after cancellation', () => {
  it('gives a new caller a task of its own once every earlier caller has left', async () => {
    const tasks = new SharedTasks<string>();
    let starts = 0;
    const start = (signal: AbortSignal): Promise<string> => {
      starts += 1;
      const mine = starts;
      return new Promise((resolve, reject) => {
        signal.addEventListener('abort', () => {
          reject(new Error(`task ${String(mine)} aborted`));
        });
        setTimeout(() => {
          resolve(`task ${String(mine)} done`);
        }, 20);
      });
    };
    const leaving = new AbortController();
    const first = tasks.run('k', start, leaving.signal);
    await new Promise((r) => setImmediate(r));
    leaving.abort(new Error('left'));
    await assert.rejects(first, /left/);
    assert.equal(await tasks.run('k', start), 'task 2 done');
    assert.equal(starts, 2);
  });
});

describe('Semaphore', () => {
  it('never lets more than its slots run at once', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const release = await semaphore.acquire();
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        release();
      }),
    );
    assert.equal(peak, 2);
  });

  it('stops waiting for a slot when the signal aborts', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort(new Error('gave up'));
    await assert.rejects(waiting, /gave up/);
    release();
    const again = await semaphore.acquire();
    again();
  });
});

describe('SerialQueue', () => {
  it('runs operations one at a time in call order, even after a failure', async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    const slow = queue.run(async () => {
      await new Promise((r) => setTimeout(r, 10));
      order.push('slow');
    });
    const failing = queue.run(() => Promise.reject(new Error('boom')));
    const fast = queue.run(() => {
      order.push('fast');
      return Promise.resolve();
    });
    await Promise.allSettled([slow, failing, fast]);
    assert.deepEqual(order, ['slow', 'fast']);
    await assert.rejects(failing, /boom/);
  });
});

describe('ObjectCache', () => {
  it('evicts the least recently used objects to stay within its byte budget', () => {
    const sizes: number[] = [];
    const cache = new ObjectCache(1000, (bytes) => sizes.push(bytes));
    const blob = (n: number) => ({ kind: 'blob' as const, bytes: new Uint8Array(n) });
    cache.set('a', blob(300));
    cache.set('b', blob(300));
    assert.ok(cache.get('a'));
    cache.set('c', blob(300));
    assert.ok(cache.bytes <= 1000);
    assert.equal(cache.get('b'), undefined);
    assert.ok(cache.get('a'));
    assert.ok(cache.get('c'));
    assert.equal(sizes[sizes.length - 1], cache.bytes);
  });

  it('serves but does not keep an object larger than the whole budget', () => {
    const cache = new ObjectCache(100);
    cache.set('big', { kind: 'blob', bytes: new Uint8Array(500) });
    assert.equal(cache.get('big'), undefined);
    assert.equal(cache.bytes, 0);
  });
});
