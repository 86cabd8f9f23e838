import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KustLoader } from '../../../../../src/render/kustomize/loader.js';
import {
  applyPatches,
  applyPatchesStrategicMerge,
  selectResources,
} from '../../../../../src/render/kustomize/patches/index.js';
import { ResMap } from '../../../../../src/render/kustomize/res-map.js';
import { Resource } from '../../../../../src/render/kustomize/resource.js';
import { MemoryFileSource } from '../../../../helpers/memory-file-source.js';

function resmapOf(...objs: Record<string, unknown>[]): ResMap {
  const resmap = new ResMap();
  for (const obj of objs) resmap.append(new Resource(obj));
  return resmap;
}

function renamed(resmap: ResMap, from: string, to: string): void {
  const resource = resmap.resources().find((r) => r.name() === from);
  assert.ok(resource);
  resource.rememberCurrentId();
  resource.setName(to);
  resmap.invalidate();
}

const cm = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...extra },
});
const loader = (tree: Record<string, string> = {}): KustLoader =>
  new KustLoader(
    {
      source: new MemoryFileSource(tree),
      restriction: 'LoadRestrictionsRootOnly',
      display: (p) => p,
    },
    'dir',
  );

describe('selectResources', () => {
  it('matches names as anchored regular expressions', () => {
    const resmap = resmapOf(cm('app'), cm('app-db'), cm('web'));
    assert.deepEqual(
      selectResources(resmap, { name: 'app' }).map((r) => r.name()),
      ['app'],
    );
    assert.deepEqual(
      selectResources(resmap, { name: 'app.*' }).map((r) => r.name()),
      ['app', 'app-db'],
    );
  });

  it('finds a resource by its original name after a prefix renamed it', () => {
    const resmap = resmapOf(cm('app'));
    renamed(resmap, 'app', 'p-app');
    assert.deepEqual(
      selectResources(resmap, { name: 'app' }).map((r) => r.name()),
      ['p-app'],
    );
  });

  it('treats no namespace as default and cluster-scoped kinds as having none', () => {
    const resmap = resmapOf(cm('a'), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns' },
    });
    assert.deepEqual(
      selectResources(resmap, { namespace: 'default' }).map((r) => r.name()),
      ['a'],
    );
    assert.deepEqual(
      selectResources(resmap, { namespace: '_non_namespaceable_' }).map((r) => r.name()),
      ['ns'],
    );
  });

  it('filters by group, version, kind, labels and annotations', () => {
    const resmap = resmapOf(cm('a', { labels: { app: 'x' } }), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', annotations: { note: 'y' } },
    });
    assert.deepEqual(
      selectResources(resmap, { group: 'apps' }).map((r) => r.name()),
      ['d'],
    );
    assert.deepEqual(
      selectResources(resmap, { version: 'v1', kind: 'Config.*' }).map((r) => r.name()),
      ['a'],
    );
    assert.deepEqual(
      selectResources(resmap, { labelSelector: 'app=x' }).map((r) => r.name()),
      ['a'],
    );
    assert.deepEqual(
      selectResources(resmap, { annotationSelector: 'note' }).map((r) => r.name()),
      ['d'],
    );
  });

  it('rejects a malformed regular expression', () => {
    assert.throws(
      () => selectResources(resmapOf(cm('a')), { name: 'a(' }),
      /invalid patch target selector/,
    );
  });
});

describe('applying patches to the resources they name', () => {
  it('patches a renamed resource through its original id and keeps the new name', async () => {
    const resmap = resmapOf(cm('app', {}));
    renamed(resmap, 'app', 'p-app');
    await applyPatchesStrategicMerge(
      resmap,
      ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {k: v}\n'],
      loader(),
    );
    assert.deepEqual(resmap.resources()[0]?.obj, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'p-app' },
      data: { k: 'v' },
    });
  });

  it('keeps the namespace and name of the resource whatever the patch says without options', async () => {
    const resmap = resmapOf(cm('a', { namespace: 'one' }));
    const patch =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: two}\ndata: {k: v}\n';
    await applyPatches(resmap, [{ patch, target: { name: 'a' } }], loader());
    assert.deepEqual(resmap.resources()[0]?.obj['metadata'], { name: 'a', namespace: 'one' });
  });

  it('does nothing when a target selects no resource', async () => {
    const resmap = resmapOf(cm('a'));
    await applyPatches(
      resmap,
      [
        {
          patch: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {k: v}',
          target: { name: 'zzz' },
        },
      ],
      loader(),
    );
    assert.deepEqual(resmap.resources()[0]?.obj, cm('a'));
  });

  it('fails naming the patch file when several resources had the patched id', async () => {
    const resmap = resmapOf(cm('a'), cm('b'));
    renamed(resmap, 'b', 'b2');
    renamed(resmap, 'a', 'b');
    const tree = {
      'dir/p.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: v}\n',
    };
    await assert.rejects(
      applyPatches(resmap, [{ path: 'p.yaml' }], loader(tree)),
      /dir\/p\.yaml: .*multiple matches for Id ConfigMap\.v1\.\[noGrp\]\/b\.\[noNs\]/,
    );
  });

  it('reads every entry before applying any, so a later bad entry leaves resources untouched', async () => {
    const resmap = resmapOf(cm('a'));
    const good = { patch: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}' };
    await assert.rejects(
      applyPatches(resmap, [good, { path: 'missing.yaml' }], loader()),
      /failed to get the patch file/,
    );
    assert.deepEqual(resmap.resources()[0]?.obj, cm('a'));
  });
});
