import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HealthStatusCode } from '../../../src/api/index.js';
import type { KubeObject } from '../../../src/model/index.js';
import {
  isSameContent,
  judgeWaveHealth,
  readHookState,
  refOf,
  toManifest,
} from '../../../src/sync/execute/object-state.js';
import { mapLimited, sleepFor, SyncCancelledError } from '../../../src/sync/execute/timing.js';
import { createFakeClock } from '../../helpers/fake-timers.js';

function configMap(
  overrides: {
    data?: Record<string, string>;
    metadata?: Record<string, unknown>;
    status?: unknown;
  } = {},
): KubeObject {
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'a',
      namespace: 'prod',
      resourceVersion: '10',
      uid: 'u1',
      ...overrides.metadata,
    },
    data: overrides.data ?? { a: '1' },
  };
  if (overrides.status !== undefined) object['status'] = overrides.status;
  return object;
}

function job(conditions: { type: string; status: string; message?: string }[]): KubeObject {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: { conditions } };
}

describe('isSameContent', () => {
  it('ignores resourceVersion, managedFields and status, which change on their own', () => {
    const before = configMap({ status: { x: 1 } });
    const after = configMap({
      metadata: { resourceVersion: '11', managedFields: [{ manager: 'capstan' }] },
      status: { x: 2 },
    });
    assert.equal(isSameContent(before, after), true);
  });

  it('sees a changed value, an added annotation and a removed key', () => {
    assert.equal(isSameContent(configMap(), configMap({ data: { a: '2' } })), false);
    assert.equal(
      isSameContent(configMap(), configMap({ metadata: { annotations: { b: 'c' } } })),
      false,
    );
    assert.equal(isSameContent(configMap({ data: { a: '1', b: '2' } }), configMap()), false);
  });

  it('tells a list from an object with the same entries', () => {
    const asList = { ...configMap(), data: ['x'] };
    const asObject = { ...configMap(), data: { 0: 'x' } };
    assert.equal(isSameContent(asList, asObject), false);
  });
});

describe('readHookState', () => {
  it('reads a Job by its Complete and Failed conditions', () => {
    assert.equal(readHookState(job([])).phase, 'Running');
    assert.deepEqual(readHookState(job([{ type: 'Complete', status: 'True', message: '' }])), {
      phase: 'Succeeded',
      message: 'job completed',
    });
    assert.deepEqual(
      readHookState(
        job([
          {
            type: 'Failed',
            status: 'True',
            message: 'Job has reached the specified backoff limit',
          },
        ]),
      ),
      { phase: 'Failed', message: 'Job has reached the specified backoff limit' },
    );
    assert.equal(readHookState(job([{ type: 'Failed', status: 'False' }])).phase, 'Running');
  });

  it('reads a Pod by its phase', () => {
    const pod = (phase: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      status: { phase },
    });
    assert.equal(readHookState(pod('Pending')).phase, 'Running');
    assert.equal(readHookState(pod('Running')).phase, 'Running');
    assert.equal(readHookState(pod('Succeeded')).phase, 'Succeeded');
    assert.equal(readHookState(pod('Failed')).phase, 'Failed');
  });

  it('reads other kinds by health, and a vanished hook as failed', () => {
    assert.equal(readHookState(configMap()).phase, 'Succeeded');
    const rollingOut: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', generation: 2 },
      spec: { replicas: 1 },
      status: { observedGeneration: 1 },
    };
    assert.equal(readHookState(rollingOut).phase, 'Running');
    assert.deepEqual(readHookState(undefined), {
      phase: 'Failed',
      message: 'hook deleted before it completed',
    });
  });
});

describe('judgeWaveHealth', () => {
  it('lets Healthy, Suspended and Unknown pass, fails Degraded, waits for Progressing and Missing', () => {
    const codes: HealthStatusCode[] = [
      'Healthy',
      'Suspended',
      'Unknown',
      'Degraded',
      'Progressing',
      'Missing',
    ];
    assert.deepEqual(codes.map(judgeWaveHealth), [
      'done',
      'done',
      'done',
      'degraded',
      'waiting',
      'waiting',
    ]);
  });
});

describe('object references', () => {
  it('builds a ref without a namespace for cluster-scoped objects', () => {
    assert.deepEqual(refOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } }), {
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'prod',
    });
    assert.deepEqual(refOf(configMap()), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'a',
      namespace: 'prod',
    });
  });

  it('refuses an object without a name rather than sending it', () => {
    assert.throws(
      () => toManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-' } }),
      TypeError,
    );
  });
});

describe('waiting and cancellation', () => {
  it('sleeps on the injected clock and stops at once when the signal aborts', async () => {
    const clock = createFakeClock();
    const controller = new AbortController();
    let slept = false;
    const sleeping = sleepFor(clock, 500, controller.signal).then(() => {
      slept = true;
    });
    clock.advance(499);
    await Promise.resolve();
    assert.equal(slept, false);
    clock.advance(1);
    await sleeping;
    assert.equal(slept, true);

    const cancelled = sleepFor(clock, 500, controller.signal);
    controller.abort();
    await assert.rejects(cancelled, SyncCancelledError);
    assert.equal(clock.pendingTimers, 0, 'the timer is cleared');
    await assert.rejects(sleepFor(clock, 1, controller.signal), SyncCancelledError);
  });

  it('runs at most `limit` jobs at once and keeps results in input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running -= 1;
      return n * 10;
    });
    assert.deepEqual(results, [50, 10, 40, 20, 30]);
    assert.equal(peak, 2);
  });
});
