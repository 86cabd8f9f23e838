import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KustLoader } from '../../../../../src/render/kustomize/loader.js';
import {
  mergeStrategicPatch,
  MergeError,
  schemasFor,
} from '../../../../../src/render/kustomize/merge/index.js';
import { MemoryFileSource } from '../../../../helpers/memory-file-source.js';

type Obj = Record<string, unknown>;

function builtinSchemas(): ReturnType<typeof schemasFor> {
  const loader = new KustLoader(
    {
      source: new MemoryFileSource({}),
      restriction: 'LoadRestrictionsRootOnly',
      display: (p) => p,
    },
    '',
  );
  return schemasFor(loader);
}

function deployment(podSpec: Obj, extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { template: { spec: podSpec } },
    ...extra,
  };
}

function merge(resource: Obj, patch: Obj): Obj | undefined {
  return mergeStrategicPatch(structuredClone(resource), structuredClone(patch), builtinSchemas());
}

function podSpecOf(obj: Obj | undefined): Obj {
  return ((obj?.['spec'] as Obj)['template'] as Obj)['spec'] as Obj;
}

describe('mergeStrategicPatch', () => {
  it('merges maps field by field and lets a null clear a field', () => {
    const out = merge(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { a: '1', b: '2' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { b: null, c: '3' } },
    );
    assert.deepEqual(out?.['data'], { a: '1', c: '3' });
  });

  it('keeps a null the resource spells out when the patch does not mention it', () => {
    const out = merge(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', creationTimestamp: null } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1' } },
    );
    assert.deepEqual(out?.['metadata'], { name: 'a', creationTimestamp: null });
  });

  it('merges containers by name and puts the patched ones first', () => {
    const out = merge(
      deployment({
        containers: [
          { name: 'a', image: 'a:1' },
          { name: 'b', image: 'b:1' },
        ],
      }),
      deployment({ containers: [{ name: 'b', image: 'b:2' }] }),
    );
    assert.deepEqual(podSpecOf(out)['containers'], [
      { name: 'b', image: 'b:2' },
      { name: 'a', image: 'a:1' },
    ]);
  });

  it('replaces a list whose schema has no merge strategy', () => {
    const out = merge(
      deployment({ containers: [{ name: 'a', args: ['x', 'y'] }] }),
      deployment({ containers: [{ name: 'a', args: ['z'] }] }),
    );
    assert.deepEqual((podSpecOf(out)['containers'] as Obj[])[0]?.['args'], ['z']);
  });

  it('unions a primitive list with a merge strategy, patch values first', () => {
    const out = merge(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', finalizers: ['f1', 'f2'] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', finalizers: ['f2', 'f3'] } },
    );
    assert.deepEqual((out?.['metadata'] as Obj)['finalizers'], ['f2', 'f3', 'f1']);
  });

  it('replaces lists and merges maps of kinds it has no schema for', () => {
    const out = merge(
      {
        apiVersion: 'x.io/v1',
        kind: 'Foo',
        metadata: { name: 'a' },
        spec: { items: [{ name: 'a' }, { name: 'b' }], m: { x: 1 } },
      },
      {
        apiVersion: 'x.io/v1',
        kind: 'Foo',
        metadata: { name: 'a' },
        spec: { items: [{ name: 'b', v: 2 }], m: { y: 2 } },
      },
    );
    assert.deepEqual(out?.['spec'], { items: [{ name: 'b', v: 2 }], m: { x: 1, y: 2 } });
  });

  it('deletes a list element carrying $patch: delete', () => {
    const out = merge(
      deployment({ containers: [{ name: 'a' }, { name: 'b' }] }),
      deployment({ containers: [{ name: 'a', $patch: 'delete' }] }),
    );
    assert.deepEqual(podSpecOf(out)['containers'], [{ name: 'b' }]);
  });

  it('replaces a whole list when it holds a lone $patch: replace element', () => {
    const out = merge(
      deployment({ containers: [{ name: 'a' }, { name: 'b' }] }),
      deployment({ containers: [{ $patch: 'replace' }, { name: 'c' }] }),
    );
    assert.deepEqual(podSpecOf(out)['containers'], [{ name: 'c' }]);
  });

  it('replaces a map carrying $patch: replace and drops one carrying $patch: delete', () => {
    const out = merge(
      deployment({ nodeSelector: { a: '1', b: '2' }, securityContext: { runAsUser: 1 } }),
      deployment({
        nodeSelector: { $patch: 'replace', c: '3' },
        securityContext: { $patch: 'delete' },
      }),
    );
    assert.deepEqual(podSpecOf(out), { nodeSelector: { c: '3' } });
  });

  it('returns undefined when the whole resource is deleted', () => {
    const out = merge(deployment({}), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      $patch: 'delete',
    });
    assert.equal(out, undefined);
  });

  it('keeps other $-keys such as $setElementOrder as plain fields, as Kustomize does', () => {
    const out = merge(
      deployment({ containers: [{ name: 'a' }] }),
      deployment({ '$setElementOrder/containers': [{ name: 'a' }] }),
    );
    assert.deepEqual(podSpecOf(out)['$setElementOrder/containers'], [{ name: 'a' }]);
  });

  it('drops nulls inside a subtree the patch adds', () => {
    const out = merge(
      deployment({}),
      deployment({ affinity: { nodeAffinity: null, podAffinity: {} } }),
    );
    assert.deepEqual(podSpecOf(out)['affinity'], { podAffinity: {} });
  });

  it('refuses an unknown $patch directive', () => {
    assert.throws(
      () =>
        merge(deployment({ nodeSelector: {} }), deployment({ nodeSelector: { $patch: 'remove' } })),
      (err: unknown) => {
        assert.ok(err instanceof MergeError);
        assert.match(err.message, /unknown patch strategy 'remove'/);
        return true;
      },
    );
  });

  it('refuses a map where the resource has a scalar', () => {
    assert.throws(
      () =>
        merge(
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: 'x' },
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } },
        ),
      /wrong node kind: expected ScalarNode but got MappingNode/,
    );
  });
});
