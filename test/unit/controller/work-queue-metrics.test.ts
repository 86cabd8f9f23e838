/**
 * The work-queue metrics after a known sequence of operations, read from a scrape.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorkQueue } from '../../../src/controller/work-queue.js';
import { createMetrics } from '../../../src/metrics/index.js';
import { createFakeClock } from '../../helpers/fake-timers.js';
import { findSamples, sampleValue, scrapeRegistry } from '../metrics/scrape.js';

const NAME = { name: 'app_reconcile' };

describe('work queue metrics', () => {
  it('count adds, depth, waits, work time and retries for the named queue', async () => {
    const metrics = createMetrics();
    const clock = createFakeClock();
    const queue = createWorkQueue({
      name: 'app_reconcile',
      clock,
      metrics,
      rateLimiter: { baseDelayMs: 5, factor: 2, maxDelayMs: 1000, qps: 1e9, burst: 1e9 },
    });
    queue.add('a');
    queue.add('b');
    queue.add('a'); // already waiting: not an add
    clock.advance(2000);
    assert.equal(await queue.get(), 'a'); // waited 2 s
    clock.advance(500);
    queue.add('a'); // re-added while processing: counted, parked
    queue.done('a'); // worked 0.5 s; a is queued again
    queue.addRateLimited('c'); // a retry, due in 5 ms
    let scrape = await scrapeRegistry(metrics.registry);
    assert.equal(sampleValue(scrape, 'capstan_workqueue_adds_total', NAME), 3);
    assert.equal(sampleValue(scrape, 'capstan_workqueue_depth', NAME), 2, 'b and a wait');
    assert.equal(sampleValue(scrape, 'capstan_workqueue_retries_total', NAME), 1);
    assert.equal(sampleValue(scrape, 'capstan_workqueue_queue_duration_seconds_count', NAME), 1);
    assert.equal(sampleValue(scrape, 'capstan_workqueue_queue_duration_seconds_sum', NAME), 2);
    assert.equal(sampleValue(scrape, 'capstan_workqueue_work_duration_seconds_count', NAME), 1);
    assert.equal(sampleValue(scrape, 'capstan_workqueue_work_duration_seconds_sum', NAME), 0.5);

    clock.advance(5); // c becomes ready: now it is an add
    assert.equal(await queue.get(), 'b'); // added at t0, taken at 2.505 s
    scrape = await scrapeRegistry(metrics.registry);
    assert.equal(sampleValue(scrape, 'capstan_workqueue_adds_total', NAME), 4);
    assert.equal(sampleValue(scrape, 'capstan_workqueue_depth', NAME), 2, 'a and c wait');
    const waited = sampleValue(scrape, 'capstan_workqueue_queue_duration_seconds_sum', NAME);
    assert.ok(Math.abs(waited - 4.505) < 1e-9, `waited ${waited} s in all`);
    assert.equal(
      sampleValue(scrape, 'capstan_workqueue_queue_duration_seconds_bucket', { ...NAME, le: '1' }),
      0,
    );
    assert.equal(
      sampleValue(scrape, 'capstan_workqueue_queue_duration_seconds_bucket', { ...NAME, le: '5' }),
      2,
    );
  });

  it('counts a parked key’s wait from its re-add, including the time it was parked', async () => {
    const metrics = createMetrics();
    const clock = createFakeClock();
    const queue = createWorkQueue({ name: 'q', clock, metrics });
    queue.add('k');
    await queue.get();
    clock.advance(100);
    queue.add('k');
    clock.advance(300);
    queue.done('k');
    clock.advance(50);
    await queue.get();
    const scrape = await scrapeRegistry(metrics.registry);
    const sum = sampleValue(scrape, 'capstan_workqueue_queue_duration_seconds_sum', { name: 'q' });
    assert.equal(Math.round(sum * 1000), 350);
  });

  it('shows depth 0 after shutDown and reports nothing for a queue without metrics', async () => {
    const metrics = createMetrics();
    const clock = createFakeClock();
    const measured = createWorkQueue({ name: 'measured', clock, metrics });
    const silent = createWorkQueue({ name: 'silent', clock });
    for (const queue of [measured, silent]) {
      queue.add('x');
      queue.add('y');
    }
    measured.shutDown();
    const scrape = await scrapeRegistry(metrics.registry);
    assert.equal(sampleValue(scrape, 'capstan_workqueue_depth', { name: 'measured' }), 0);
    assert.equal(findSamples(scrape, 'capstan_workqueue_adds_total', { name: 'silent' }).length, 0);
  });
});
