import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HEALTHY,
  comparedResource,
  configMap,
  deployment,
  kubeObject,
  service,
  statusOf,
  web,
} from './compared.js';

describe('buildApplicationStatus: health', () => {
  it('is Healthy with no resources', () => {
    assert.deepEqual(statusOf([]).health, { status: 'Healthy' });
  });

  it('is the worst resource health, with that resource named in the message', () => {
    const api = deployment('api', ['api:1']);
    const status = statusOf([
      comparedResource({
        desired: web,
        live: web,
        health: { status: 'Progressing', message: 'rolling out' },
      }),
      comparedResource({
        desired: api,
        live: api,
        health: { status: 'Degraded', message: 'crash looping' },
      }),
      comparedResource({ desired: service, live: service, health: HEALTHY }),
    ]);
    assert.deepEqual(status.health, {
      status: 'Degraded',
      message: 'Deployment/api in web: crash looping',
    });
  });

  it('names the first resource in status order when several share the worst health', () => {
    const a = deployment('a', ['x:1']);
    const b = deployment('b', ['x:1']);
    const status = statusOf([
      comparedResource({
        desired: b,
        live: b,
        health: { status: 'Suspended', message: 'b paused' },
      }),
      comparedResource({
        desired: a,
        live: a,
        health: { status: 'Suspended', message: 'a paused' },
      }),
    ]);
    assert.deepEqual(status.health, {
      status: 'Suspended',
      message: 'Deployment/a in web: a paused',
    });
  });

  it('excludes hooks: a failed hook does not make the app Degraded', () => {
    const job = kubeObject('batch/v1', 'Job', 'migrate', 'web');
    const status = statusOf([
      comparedResource({ desired: web, live: web, health: HEALTHY }),
      comparedResource({
        desired: job,
        live: job,
        hook: true,
        health: { status: 'Degraded', message: 'failed' },
      }),
    ]);
    assert.deepEqual(status.health, { status: 'Healthy' });
  });

  it('counts an object awaiting pruning: it still runs', () => {
    const old = deployment('old', ['old:1']);
    const status = statusOf([
      comparedResource({
        live: old,
        sync: 'OutOfSync',
        requiresPruning: true,
        health: { status: 'Degraded', message: 'x' },
      }),
    ]);
    assert.equal(status.health?.status, 'Degraded');
  });

  it('leaves kinds without health out of the app health', () => {
    const status = statusOf([
      comparedResource({ desired: configMap, live: configMap }),
      comparedResource({ desired: web, live: web, health: HEALTHY }),
    ]);
    assert.deepEqual(status.health, { status: 'Healthy' });
    assert.equal(status.resources?.[0]?.health, undefined);
  });
});

describe('buildApplicationStatus: images summary', () => {
  it('lists sorted unique images of containers and init containers of every workload kind', () => {
    const podSpec = (image: string) => ({ containers: [{ name: 'c', image }] });
    const objects = [
      deployment('web', ['nginx:1.27', 'envoy:1.30'], ['busybox:1.36']),
      kubeObject('apps/v1', 'StatefulSet', 'db', 'web', {
        spec: { template: { spec: podSpec('postgres:16') } },
      }),
      kubeObject('apps/v1', 'DaemonSet', 'agent', 'web', {
        spec: { template: { spec: podSpec('agent:2') } },
      }),
      kubeObject('apps/v1', 'ReplicaSet', 'rs', 'web', {
        spec: { template: { spec: podSpec('nginx:1.27') } },
      }),
      kubeObject('batch/v1', 'Job', 'once', 'web', {
        spec: { template: { spec: podSpec('job:1') } },
      }),
      kubeObject('batch/v1', 'CronJob', 'cron', 'web', {
        spec: { jobTemplate: { spec: { template: { spec: podSpec('cron:1') } } } },
      }),
      kubeObject('v1', 'Pod', 'pod', 'web', { spec: podSpec('pod:1') }),
      kubeObject('v1', 'ConfigMap', 'cm', 'web', { data: { image: 'not-an-image:1' } }),
    ];
    const status = statusOf(
      objects.map((object) => comparedResource({ desired: object, live: object })),
    );
    assert.deepEqual(status.summary, {
      images: [
        'agent:2',
        'busybox:1.36',
        'cron:1',
        'envoy:1.30',
        'job:1',
        'nginx:1.27',
        'pod:1',
        'postgres:16',
      ],
    });
  });

  it('reads the live object (what runs), falling back to the desired one', () => {
    const desired = deployment('web', ['nginx:1.28']);
    const live = deployment('web', ['nginx:1.27']);
    const pending = deployment('api', ['api:2']);
    const status = statusOf([
      comparedResource({ desired, live, sync: 'OutOfSync' }),
      comparedResource({ desired: pending, sync: 'OutOfSync' }),
    ]);
    assert.deepEqual(status.summary?.images, ['api:2', 'nginx:1.27']);
  });

  it('leaves the summary out when nothing runs a container', () => {
    const status = statusOf([comparedResource({ desired: configMap, live: configMap })]);
    assert.equal('summary' in status, false);
  });

  it('ignores a kind that only looks like a workload', () => {
    const lookalike = kubeObject('example.com/v1', 'Deployment', 'x', 'web', {
      spec: { template: { spec: { containers: [{ name: 'c', image: 'fake:1' }] } } },
    });
    assert.equal(
      'summary' in statusOf([comparedResource({ desired: lookalike, live: lookalike })]),
      false,
    );
  });
});
