/**
 * compareResource on hand-built objects: each rule of the local comparison, both ways — a
 * real change must be `drift`, a cosmetic difference `equal`, and anything the server might
 * prune, default or convert `needsDryRun`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareResource, type DiffResult } from '../../../src/diff/index.js';
import type { KubeObject } from '../../../src/model/index.js';

function deployment(
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', ...metadata },
    spec,
  };
}

function podTemplate(podSpec: Record<string, unknown>): Record<string, unknown> {
  return { template: { spec: podSpec } };
}

function withContainer(container: Record<string, unknown>): KubeObject {
  return deployment(
    podTemplate({ containers: [{ name: 'web', image: 'nginx:1.27', ...container }] }),
  );
}

function widget(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'shop' },
    spec,
  };
}

function paths(result: DiffResult): string[] {
  return result.differences.map((difference) => difference.path);
}

describe('compareResource: basics', () => {
  it('reports a missing live object as drift of the whole object', () => {
    const result = compareResource(deployment({ replicas: 1 }), undefined);
    assert.deepEqual(result, {
      verdict: 'drift',
      differences: [{ path: '', reason: 'missing in live' }],
    });
  });

  it('accepts every field live has beyond desired (defaults, status, other managers)', () => {
    const live = deployment(
      { replicas: 2, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, paused: false },
      { uid: 'u', resourceVersion: '7', generation: 3, labels: { added: 'by-someone' } },
    );
    live['status'] = { replicas: 2 };
    assert.equal(compareResource(deployment({ replicas: 2 }), live).verdict, 'equal');
  });

  it('ignores status in desired', () => {
    const desired = { ...deployment({ replicas: 2 }), status: { replicas: 9 } };
    const live = { ...deployment({ replicas: 2 }), status: { replicas: 2 } };
    assert.equal(compareResource(desired, live).verdict, 'equal');
  });

  it('reports a scalar of the same type that differs as drift, with both values', () => {
    const result = compareResource(deployment({ replicas: 3 }), deployment({ replicas: 2 }));
    assert.equal(result.verdict, 'drift');
    assert.deepEqual(result.differences, [
      { path: '/spec/replicas', desired: 3, live: 2, reason: 'value differs' },
    ]);
  });

  it('never reports a field absent from desired (spec.replicas under an HPA)', () => {
    const live = deployment({ replicas: 7, selector: { matchLabels: { app: 'web' } } });
    const desired = deployment({ selector: { matchLabels: { app: 'web' } } });
    assert.equal(compareResource(desired, live).verdict, 'equal');
  });

  it('reports a boolean flip as drift', () => {
    const result = compareResource(deployment({ paused: true }), deployment({ paused: false }));
    assert.equal(result.verdict, 'drift');
  });

  it('sends a type mismatch to a dry-run instead of calling it drift', () => {
    const result = compareResource(deployment({ replicas: '3' }), deployment({ replicas: 3 }));
    assert.equal(result.verdict, 'needsDryRun');
    assert.deepEqual(paths(result), ['/spec/replicas']);
  });

  it('sends an object where live has a scalar (or the reverse) to a dry-run', () => {
    const result = compareResource(
      deployment({ strategy: { type: 'Recreate' } }),
      deployment({ strategy: 'Recreate' }),
    );
    assert.equal(result.verdict, 'needsDryRun');
    assert.equal(result.differences[0]?.reason, 'type differs');
    assert.equal(
      compareResource(deployment({ strategy: 'x' }), deployment({ strategy: { type: 'x' } }))
        .verdict,
      'needsDryRun',
    );
    assert.equal(
      compareResource(deployment({ strategy: [1] }), deployment({ strategy: { type: 'x' } }))
        .verdict,
      'needsDryRun',
    );
  });

  it('sends a non-empty struct field live lacks to a dry-run (the server may prune it)', () => {
    const result = compareResource(widget({ colour: 'blue' }), widget({}));
    assert.equal(result.verdict, 'needsDryRun');
    assert.equal(result.differences[0]?.reason, 'missing in live');
  });

  it('sends a differing apiVersion to a dry-run', () => {
    const desired = { ...deployment({ replicas: 2 }), apiVersion: 'apps/v1beta2' };
    assert.equal(compareResource(desired, deployment({ replicas: 2 })).verdict, 'needsDryRun');
  });

  it('leaves a drift to the dry-run when the object asks for ServerSideDiff=true', () => {
    const annotations = { 'argocd.argoproj.io/compare-options': 'ServerSideDiff=true' };
    const desired = deployment({ replicas: 3 }, { annotations });
    const result = compareResource(desired, deployment({ replicas: 2 }, { annotations }));
    assert.equal(result.verdict, 'needsDryRun');
    assert.deepEqual(paths(result), ['/spec/replicas']);
    assert.equal(
      compareResource(desired, deployment({ replicas: 3 }, { annotations })).verdict,
      'equal',
    );
  });

  it('escapes JSON pointer segments in reported paths', () => {
    const desired = deployment({}, { annotations: { 'example.com/a~b': 'new' } });
    const live = deployment({}, { annotations: { 'example.com/a~b': 'old' } });
    assert.deepEqual(paths(compareResource(desired, live)), [
      '/metadata/annotations/example.com~1a~0b',
    ]);
  });
});

describe('compareResource: metadata', () => {
  it('compares only desired labels and annotations, and skips server-set metadata', () => {
    const desired = deployment({}, { labels: { app: 'web' }, creationTimestamp: null, uid: 'x' });
    const live = deployment(
      {},
      {
        labels: { app: 'web', other: 'x' },
        annotations: { a: 'b' },
        uid: 'y',
        creationTimestamp: '2024-01-01T00:00:00Z',
      },
    );
    assert.equal(compareResource(desired, live).verdict, 'equal');
  });

  it('reports a label live lacks as drift', () => {
    const result = compareResource(
      deployment({}, { labels: { tier: 'web' } }),
      deployment({}, { labels: {} }),
    );
    assert.equal(result.verdict, 'drift');
    assert.deepEqual(paths(result), ['/metadata/labels/tier']);
  });

  it('treats an empty label value as a value: added, or replacing another, it is drift', () => {
    const empty = deployment({}, { labels: { flag: '' } });
    assert.equal(compareResource(empty, deployment({}, { labels: {} })).verdict, 'drift');
    assert.equal(
      compareResource(empty, deployment({}, { labels: { flag: 'x' } })).verdict,
      'drift',
    );
    assert.equal(compareResource(empty, deployment({}, { labels: { flag: '' } })).verdict, 'equal');
  });

  it('reports a changed annotation as drift', () => {
    const desired = deployment({}, { annotations: { note: 'b' } });
    const live = deployment({}, { annotations: { note: 'a' } });
    assert.equal(compareResource(desired, live).verdict, 'drift');
  });

  it("does not compare Capstan's own stamps: an object applied by another tool is content-equal", () => {
    const desired = deployment(
      { replicas: 1 },
      {
        labels: { 'app.kubernetes.io/managed-by': 'capstan', app: 'web' },
        annotations: { 'capstan.dev/tracking-id': 'capstan-system_shop:apps/Deployment:shop/web' },
      },
    );
    const live = deployment(
      { replicas: 1 },
      { labels: { app: 'web', 'app.kubernetes.io/managed-by': 'Helm' } },
    );
    assert.equal(compareResource(desired, live).verdict, 'equal');
  });

  it('compares namespaces only when both objects have one', () => {
    const noNamespace = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: '1' },
    };
    const live = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'shop' },
      data: { a: '1' },
    };
    assert.equal(compareResource(noNamespace, live).verdict, 'equal');
    const elsewhere = { ...noNamespace, metadata: { name: 'c', namespace: 'other' } };
    const result = compareResource(elsewhere, live);
    assert.equal(result.verdict, 'drift');
    assert.deepEqual(paths(result), ['/metadata/namespace']);
  });

  it('treats finalizers as a set: order and extras are fine, a missing one is drift', () => {
    const live = deployment({}, { finalizers: ['b.example.com/x', 'a.example.com/y', 'extra/z'] });
    assert.equal(
      compareResource(deployment({}, { finalizers: ['a.example.com/y', 'b.example.com/x'] }), live)
        .verdict,
      'needsDryRun',
    );
    const owned = deployment(
      {},
      { finalizers: ['b.example.com/x', 'a.example.com/y', 'extra/z'], managedFields: [] },
    );
    assert.equal(
      compareResource(deployment({}, { finalizers: ['a.example.com/y'] }), owned).verdict,
      'equal',
    );
    assert.equal(
      compareResource(deployment({}, { finalizers: ['c.example.com/q'] }), owned).verdict,
      'drift',
    );
  });
});

describe('compareResource: empty versus absent', () => {
  for (const [label, value] of [
    ['{}', {}],
    ['[]', []],
    ['null', null],
    ['""', ''],
    ['a map of empties', { a: {}, b: [], c: null }],
  ] as const) {
    it(`treats desired ${label} against an absent live field as equal`, () => {
      assert.equal(compareResource(widget({ field: value }), widget({})).verdict, 'equal');
    });
  }

  it('still notices a real value next to an empty one', () => {
    assert.equal(compareResource(widget({ a: {}, b: 'x' }), widget({ b: 'y' })).verdict, 'drift');
  });

  it('sends desired null against a live value to a dry-run', () => {
    assert.equal(compareResource(widget({ a: null }), widget({ a: 'x' })).verdict, 'needsDryRun');
  });

  it('sends desired [] against a non-empty live list to a dry-run', () => {
    assert.equal(compareResource(widget({ a: [] }), widget({ a: ['x'] })).verdict, 'needsDryRun');
  });

  it('sends desired "" against a live value to a dry-run (the server may default it)', () => {
    const result = compareResource(
      withContainer({ imagePullPolicy: '' }),
      withContainer({ imagePullPolicy: 'Always' }),
    );
    assert.equal(result.verdict, 'needsDryRun');
  });
});
