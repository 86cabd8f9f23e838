import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DESTINATION,
  HEALTHY,
  REVISION,
  SOURCE,
  comparedResource,
  configMap,
  kubeObject,
  service,
  statusOf,
  web,
} from './compared.js';

describe('buildApplicationStatus: sync status', () => {
  it('reports Synced when every resource is Synced', () => {
    const status = statusOf([
      comparedResource({ desired: service, live: service, health: HEALTHY }),
      comparedResource({ desired: web, live: web, health: HEALTHY }),
    ]);
    assert.equal(status.sync?.status, 'Synced');
  });

  it('reports Synced for an app with no resources at all', () => {
    assert.equal(statusOf([]).sync?.status, 'Synced');
  });

  it('reports OutOfSync when one resource drifted', () => {
    const status = statusOf([
      comparedResource({ desired: service, live: service }),
      comparedResource({ desired: web, live: web, sync: 'OutOfSync' }),
    ]);
    assert.equal(status.sync?.status, 'OutOfSync');
  });

  it('reports OutOfSync when an object awaits pruning, even if the comparer called it Synced', () => {
    const status = statusOf([
      comparedResource({ desired: service, live: service }),
      comparedResource({ live: configMap, sync: 'Synced', requiresPruning: true }),
    ]);
    assert.equal(status.sync?.status, 'OutOfSync');
  });

  it('stays Synced when the only extraneous object is marked IgnoreExtraneous', () => {
    const status = statusOf([
      comparedResource({ desired: service, live: service }),
      comparedResource({
        live: configMap,
        sync: 'OutOfSync',
        requiresPruning: true,
        ignoreExtraneous: true,
      }),
    ]);
    assert.equal(status.sync?.status, 'Synced');
  });

  it('still reports drift of a desired object marked IgnoreExtraneous (it is not extraneous)', () => {
    const status = statusOf([
      comparedResource({
        desired: configMap,
        live: configMap,
        sync: 'OutOfSync',
        ignoreExtraneous: true,
      }),
    ]);
    assert.equal(status.sync?.status, 'OutOfSync');
  });

  it('ignores hooks: an OutOfSync or pruning hook leaves the app Synced', () => {
    const job = kubeObject('batch/v1', 'Job', 'migrate', 'web');
    const status = statusOf([
      comparedResource({ desired: service, live: service }),
      comparedResource({ desired: job, sync: 'OutOfSync', hook: true }),
      comparedResource({ live: configMap, sync: 'OutOfSync', requiresPruning: true, hook: true }),
    ]);
    assert.equal(status.sync?.status, 'Synced');
    const hooks = status.resources?.filter((r) => r.hook === true) ?? [];
    assert.equal(hooks.length, 2);
    for (const hook of hooks) {
      assert.equal(hook.status, undefined, 'a hook carries no sync status');
      assert.equal(hook.requiresPruning, undefined, 'hooks are never pruned');
    }
  });

  it('reports Unknown when a resource is not settled and none is OutOfSync', () => {
    const status = statusOf([
      comparedResource({ desired: service, live: service }),
      comparedResource({ desired: web, live: web, sync: 'Unknown' }),
    ]);
    assert.equal(status.sync?.status, 'Unknown');
  });

  it('lets OutOfSync win over Unknown', () => {
    const status = statusOf([
      comparedResource({ desired: service, live: service, sync: 'Unknown' }),
      comparedResource({ desired: web, sync: 'OutOfSync' }),
    ]);
    assert.equal(status.sync?.status, 'OutOfSync');
  });

  it('records revision, its first 7 characters and what was compared', () => {
    const status = statusOf([]);
    assert.deepEqual(status.sync, {
      status: 'Synced',
      revision: REVISION,
      shortRevision: '0123456',
      comparedTo: { source: SOURCE, destination: DESTINATION },
    });
  });
});

describe('buildApplicationStatus: resources', () => {
  it('sorts entries by group, kind, namespace and name whatever the input order', () => {
    const objects = [
      kubeObject('apps/v1', 'Deployment', 'b', 'x'),
      kubeObject('v1', 'Service', 'a', 'y'),
      kubeObject('apps/v1', 'Deployment', 'a', 'y'),
      kubeObject('v1', 'Service', 'a', 'x'),
      kubeObject('v1', 'Namespace', 'x'),
      kubeObject('apps/v1', 'DaemonSet', 'z', 'a'),
      kubeObject('v1', 'ConfigMap', 'Z', 'x'),
      kubeObject('v1', 'ConfigMap', 'a', 'x'),
    ];
    const expected = [
      '/ConfigMap/x/Z',
      '/ConfigMap/x/a',
      '/Namespace//x',
      '/Service/x/a',
      '/Service/y/a',
      'apps/DaemonSet/a/z',
      'apps/Deployment/x/b',
      'apps/Deployment/y/a',
    ];
    for (const order of [objects, [...objects].reverse()]) {
      const status = statusOf(
        order.map((object) => comparedResource({ desired: object, live: object })),
      );
      const keys = (status.resources ?? []).map(
        (r) => `${r.group ?? ''}/${r.kind ?? ''}/${r.namespace ?? ''}/${r.name ?? ''}`,
      );
      assert.deepEqual(keys, expected);
    }
  });

  it('writes only the keys that carry information', () => {
    const namespace = kubeObject('v1', 'Namespace', 'web');
    const status = statusOf([comparedResource({ desired: namespace, live: namespace })]);
    assert.deepEqual(status.resources, [
      { version: 'v1', kind: 'Namespace', name: 'web', status: 'Synced' },
    ]);
  });

  it('writes hook, requiresPruning and syncWave only when set, no sync status for a hook, and the health message when there is one', () => {
    const job = kubeObject('batch/v1', 'Job', 'migrate', 'web');
    const status = statusOf([
      comparedResource({
        desired: job,
        live: job,
        hook: true,
        syncWave: -2,
        health: { status: 'Progressing', message: 'running' },
      }),
      comparedResource({ live: configMap, sync: 'OutOfSync', requiresPruning: true, syncWave: 3 }),
    ]);
    assert.deepEqual(status.resources, [
      {
        version: 'v1',
        kind: 'ConfigMap',
        namespace: 'web',
        name: 'settings',
        status: 'OutOfSync',
        requiresPruning: true,
        syncWave: 3,
      },
      {
        group: 'batch',
        version: 'v1',
        kind: 'Job',
        namespace: 'web',
        name: 'migrate',
        health: { status: 'Progressing', message: 'running' },
        hook: true,
        syncWave: -2,
      },
    ]);
  });

  it('shows a desired object that is not live as Missing, even for a kind without health', () => {
    const status = statusOf([comparedResource({ desired: configMap, sync: 'OutOfSync' })]);
    assert.deepEqual(status.resources?.[0]?.health, { status: 'Missing' });
    assert.equal(status.health?.status, 'Missing');
  });

  it('does not call a hook that has not run yet Missing', () => {
    const job = kubeObject('batch/v1', 'Job', 'migrate', 'web');
    const status = statusOf([comparedResource({ desired: job, hook: true })]);
    assert.equal(status.resources?.[0]?.health, undefined);
    assert.deepEqual(status.health, { status: 'Healthy' });
  });

  it('keeps an empty resources list so that "compared, nothing there" is visible', () => {
    assert.deepEqual(statusOf([]).resources, []);
  });
});
