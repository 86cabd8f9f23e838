/**
 * Retry timing: per-key exponential backoff, the overall token bucket, forget, and the
 * resync jitter.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createItemBackoff,
  createTokenBucket,
  DEFAULT_RATE_LIMITER_OPTIONS,
} from '../../../src/controller/rate-limiter.js';
import {
  createWorkQueue,
  jitteredInterval,
  type RateLimiterOptions,
  type WorkQueue,
} from '../../../src/controller/work-queue.js';
import { createFakeClock, type FakeClock } from '../../helpers/fake-timers.js';
import { createSeededRandom } from '../../helpers/seeded-random.js';

/** A bucket so large it never limits, to look at the per-key backoff alone. */
const NO_BUCKET = { qps: 1e9, burst: 1e9 };

function makeQueue(rateLimiter: Partial<RateLimiterOptions>): {
  queue: WorkQueue;
  clock: FakeClock;
} {
  const clock = createFakeClock();
  return { queue: createWorkQueue({ name: 'test', clock, rateLimiter }), clock };
}

/** Fails one more time, then checks the key comes back exactly `ms` later, and takes it. */
async function failAndExpectDelay(
  queue: WorkQueue,
  clock: FakeClock,
  key: string,
  ms: number,
): Promise<void> {
  queue.addRateLimited(key);
  if (ms > 0) {
    clock.advance(ms - 1);
    assert.equal(queue.length, 0, `${key} not back before ${ms} ms`);
    clock.advance(1);
  }
  assert.equal(queue.length, 1, `${key} back after ${ms} ms`);
  assert.equal(await queue.get(), key);
  queue.done(key);
}

describe('work queue: rate-limited retries', () => {
  it('doubles a failing key’s delay from the base delay', async () => {
    const { queue, clock } = makeQueue({
      baseDelayMs: 5,
      factor: 2,
      maxDelayMs: 10_000,
      ...NO_BUCKET,
    });
    for (const delay of [5, 10, 20, 40, 80]) await failAndExpectDelay(queue, clock, 'k', delay);
    assert.equal(queue.retries('k'), 5);
  });

  it('never waits longer than the maximum delay', async () => {
    const { queue, clock } = makeQueue({
      baseDelayMs: 100,
      factor: 3,
      maxDelayMs: 1000,
      ...NO_BUCKET,
    });
    for (const delay of [100, 300, 900, 1000, 1000]) {
      await failAndExpectDelay(queue, clock, 'k', delay);
    }
  });

  it('starts again from the base delay after forget', async () => {
    const { queue, clock } = makeQueue({
      baseDelayMs: 5,
      factor: 2,
      maxDelayMs: 10_000,
      ...NO_BUCKET,
    });
    await failAndExpectDelay(queue, clock, 'k', 5);
    await failAndExpectDelay(queue, clock, 'k', 10);
    queue.forget('k');
    assert.equal(queue.retries('k'), 0);
    await failAndExpectDelay(queue, clock, 'k', 5);
  });

  it('backs off each key on its own', async () => {
    const { queue, clock } = makeQueue({
      baseDelayMs: 5,
      factor: 2,
      maxDelayMs: 10_000,
      ...NO_BUCKET,
    });
    await failAndExpectDelay(queue, clock, 'broken', 5);
    await failAndExpectDelay(queue, clock, 'broken', 10);
    await failAndExpectDelay(queue, clock, 'healthy', 5);
    assert.equal(queue.retries('broken'), 2);
    assert.equal(queue.retries('healthy'), 1);
  });

  it('spreads retries of many keys at the bucket rate once the burst is spent', () => {
    const { queue, clock } = makeQueue({
      baseDelayMs: 1,
      factor: 1,
      maxDelayMs: 1,
      qps: 2,
      burst: 3,
    });
    for (let i = 0; i < 7; i++) queue.addRateLimited(`k${i}`);
    clock.advance(1);
    assert.equal(queue.length, 3, 'the burst goes through at the per-key delay');
    clock.advance(499);
    assert.equal(queue.length, 4, 'then one every 1/qps seconds');
    clock.advance(500);
    assert.equal(queue.length, 5);
    clock.advance(1000);
    assert.equal(queue.length, 7);
  });

  it('refills the bucket over time', () => {
    const { queue, clock } = makeQueue({
      baseDelayMs: 1,
      factor: 1,
      maxDelayMs: 1,
      qps: 10,
      burst: 2,
    });
    queue.addRateLimited('a');
    queue.addRateLimited('b');
    clock.advance(1000);
    assert.equal(queue.length, 2);
    queue.addRateLimited('c');
    queue.addRateLimited('d');
    clock.advance(1);
    assert.equal(queue.length, 4, 'a second later the burst is available again');
  });

  it('uses client-go’s base and bucket defaults with a five-minute cap', () => {
    assert.deepEqual(DEFAULT_RATE_LIMITER_OPTIONS, {
      baseDelayMs: 5,
      factor: 2,
      maxDelayMs: 300_000,
      qps: 10,
      burst: 100,
    });
  });
});

describe('rate limiter parts', () => {
  it('item backoff stays at the cap after very many failures, never Infinity or NaN', () => {
    const backoff = createItemBackoff({ baseDelayMs: 5, factor: 2, maxDelayMs: 300_000 });
    let last = 0;
    for (let i = 0; i < 2000; i++) last = backoff.delayFor('k');
    assert.equal(last, 300_000);
    assert.equal(backoff.retries('k'), 2000);
  });

  it('token bucket reserves ahead: each call past the burst waits one more interval', () => {
    const clock = createFakeClock();
    const reserve = createTokenBucket({ qps: 4, burst: 2 }, clock);
    const delays = Array.from({ length: 5 }, () => reserve());
    assert.deepEqual(delays, [0, 0, 250, 500, 750]);
    clock.advance(1000);
    assert.equal(reserve(), 0, 'after a second of refill the debt is paid and a token is left');
  });
});

describe('jitteredInterval', () => {
  it('adds up to the given fraction of the base, picked by the random source', () => {
    assert.equal(
      jitteredInterval(180_000, 0.2, () => 0),
      180_000,
    );
    assert.equal(
      jitteredInterval(180_000, 0.2, () => 0.5),
      198_000,
    );
    assert.equal(
      jitteredInterval(1000, 1, () => 0.25),
      1250,
    );
  });

  it('is the base interval when there is no jitter', () => {
    assert.equal(
      jitteredInterval(60_000, 0, () => 0.9),
      60_000,
    );
    assert.equal(
      jitteredInterval(60_000, -1, () => 0.9),
      60_000,
    );
  });

  it('stays within [base, base·(1+fraction)] and spreads over that range', () => {
    const random = createSeededRandom(42);
    const delays = Array.from({ length: 500 }, () => jitteredInterval(10_000, 0.3, random));
    assert.ok(delays.every((d) => d >= 10_000 && d <= 13_000 && Number.isInteger(d)));
    assert.ok(Math.min(...delays) < 10_300, 'some near the base');
    assert.ok(Math.max(...delays) > 12_700, 'some near the top');
  });

  it('clamps a random source that strays outside [0, 1)', () => {
    assert.equal(
      jitteredInterval(1000, 0.5, () => 7),
      1500,
    );
    assert.equal(
      jitteredInterval(1000, 0.5, () => -3),
      1000,
    );
  });
});
