import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTrackingId, type KubeObject } from '../../../src/model/index.js';
import { prepareDesiredObjects, type ScopeLookup } from '../../../src/sync/plan/index.js';

const CLUSTER_KINDS = new Set([
  '/Namespace',
  'rbac.authorization.k8s.io/ClusterRole',
  'apiextensions.k8s.io/CustomResourceDefinition',
]);
const SERVED = new Set([...CLUSTER_KINDS, '/ConfigMap', 'apps/Deployment']);
const scope: ScopeLookup = (group, kind) =>
  SERVED.has(`${group}/${kind}`) ? !CLUSTER_KINDS.has(`${group}/${kind}`) : undefined;
const app = { namespace: 'capstan-system', name: 'web' };

const configMap = (name: string, namespace?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  data: { a: '1' },
});

describe('prepareDesiredObjects', () => {
  it('puts namespaced objects without a namespace into the destination namespace', () => {
    const set = prepareDesiredObjects([configMap('a'), configMap('b', 'other')], {
      app,
      destinationNamespace: 'prod',
      isNamespaced: scope,
    });
    assert.deepEqual([...set.objects.keys()], ['/ConfigMap/prod/a', '/ConfigMap/other/b']);
    assert.equal(
      (
        set.objects.get([...set.objects.keys()][0] ?? ('' as never))?.object['metadata'] as {
          namespace: string;
        }
      ).namespace,
      'prod',
    );
  });

  it('strips a namespace from cluster-scoped objects', () => {
    const set = prepareDesiredObjects(
      [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'r', namespace: 'prod' },
        },
      ],
      { app, destinationNamespace: 'prod', isNamespaced: scope },
    );
    const [entry] = set.objects.values();
    assert.ok(entry);
    assert.equal(entry.key, 'rbac.authorization.k8s.io/ClusterRole//r');
    assert.equal((entry.object['metadata'] as Record<string, unknown>)['namespace'], undefined);
    assert.equal(entry.version, 'v1');
  });

  it('stamps the tracking-id and managed-by label without touching the input', () => {
    const input = configMap('a');
    const set = prepareDesiredObjects([input], {
      app,
      destinationNamespace: 'prod',
      isNamespaced: scope,
    });
    const metadata = [...set.objects.values()][0]?.object['metadata'] as {
      annotations: Record<string, string>;
      labels: Record<string, string>;
    };
    assert.equal(metadata.labels['app.kubernetes.io/managed-by'], 'capstan');
    const tracking = parseTrackingId(metadata.annotations['capstan.dev/tracking-id']);
    assert.deepEqual(tracking, { app, key: '/ConfigMap/prod/a' });
    assert.equal((input['metadata'] as Record<string, unknown>)['annotations'], undefined);
  });

  it('reports duplicates once and keeps the first', () => {
    const set = prepareDesiredObjects([configMap('a'), { ...configMap('a'), data: { a: '2' } }], {
      app,
      destinationNamespace: 'prod',
      isNamespaced: scope,
    });
    assert.equal(set.objects.size, 1);
    assert.deepEqual(
      set.problems.map((p) => p.kind),
      ['repeated'],
    );
    assert.match(set.problems[0]?.message ?? '', /ConfigMap\/a in prod appears more than once/u);
  });

  it('learns the scope of kinds defined by CRDs in the same render, and reports unknown kinds', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Widget', plural: 'widgets' },
      },
    };
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const gadget = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } };
    const set = prepareDesiredObjects([crd, widget, gadget], {
      app,
      destinationNamespace: 'prod',
      isNamespaced: scope,
    });
    assert.ok(set.objects.has('example.com/Widget/prod/w' as never));
    assert.deepEqual(
      set.problems.map((p) => p.kind),
      ['unknownKind'],
    );
    assert.match(set.problems[0]?.message ?? '', /Gadget/u);
  });

  it('refuses objects without apiVersion, kind or name', () => {
    const set = prepareDesiredObjects(
      [
        { kind: 'ConfigMap', metadata: { name: 'x' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
      ],
      { app, destinationNamespace: 'prod', isNamespaced: scope },
    );
    assert.equal(set.objects.size, 0);
    assert.deepEqual(
      set.problems.map((p) => p.kind),
      ['invalid', 'invalid'],
    );
  });
});
