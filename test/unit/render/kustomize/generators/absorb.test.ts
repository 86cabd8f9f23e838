import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Accumulator } from '../../../../../src/render/kustomize/accumulator.js';
import {
  absorbGenerated,
  addHashSuffixes,
} from '../../../../../src/render/kustomize/generators/index.js';
import { Resource, type GeneratorBehavior } from '../../../../../src/render/kustomize/resource.js';

function configMap(
  name: string,
  data: Record<string, string>,
  extra: {
    behavior?: GeneratorBehavior;
    needsHashSuffix?: boolean;
    labels?: Record<string, string>;
    namespace?: string;
  } = {},
): Resource {
  const metadata: Record<string, unknown> = { name };
  if (extra.labels) metadata['labels'] = extra.labels;
  if (extra.namespace) metadata['namespace'] = extra.namespace;
  // Like the generator, an empty ConfigMap has no data field at all.
  const obj =
    Object.keys(data).length > 0
      ? { apiVersion: 'v1', kind: 'ConfigMap', metadata, data }
      : { apiVersion: 'v1', kind: 'ConfigMap', metadata };
  const resource = new Resource(obj);
  resource.generatedBy = {
    behavior: extra.behavior ?? 'create',
    needsHashSuffix: extra.needsHashSuffix ?? true,
  };
  return resource;
}

/** A generated ConfigMap from a base whose namePrefix renamed it to `p-<name>`. */
function prefixedBase(name: string, data: Record<string, string>): Accumulator {
  const acc = new Accumulator();
  const base = configMap(name, data, { labels: { from: 'base', keep: 'yes' } });
  base.rememberCurrentId();
  base.setName(`p-${name}`);
  acc.resmap.append(base);
  return acc;
}

describe('absorbGenerated', () => {
  it('appends a created resource', () => {
    const acc = new Accumulator();
    absorbGenerated(acc, configMap('a', { k: 'v' }), 'k.yaml');
    assert.equal(acc.resmap.size, 1);
  });

  it('refuses to create a resource whose id exists, even as a previous id', () => {
    const acc = prefixedBase('cm', { a: '1' });
    assert.throws(
      () => absorbGenerated(acc, configMap('cm', {}), 'k.yaml'),
      /k\.yaml: id ConfigMap\.v1\/cm\.\[noNs\] exists; behavior must be merge or replace/,
    );
  });

  it('merges into the resource that once had the id, keeping its name, position and history', () => {
    const acc = prefixedBase('cm', { a: '1', b: '1' });
    const first = acc.resmap.resources()[0];
    absorbGenerated(
      acc,
      configMap('cm', { b: '2', c: '2' }, { behavior: 'merge', labels: { from: 'overlay' } }),
      'k.yaml',
    );
    assert.equal(acc.resmap.size, 1);
    const merged = acc.resmap.resources()[0];
    assert.equal(merged, first);
    assert.deepEqual(merged?.obj, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'p-cm', labels: { from: 'overlay', keep: 'yes' } },
      data: { a: '1', b: '2', c: '2' },
    });
    assert.equal(merged.originalId().name, 'cm');
    assert.equal(
      acc.resmap.get({ group: '', version: 'v1', kind: 'ConfigMap', name: 'p-cm', namespace: '' }),
      merged,
    );
  });

  it('replaces the content but still merges labels', () => {
    const acc = prefixedBase('cm', { a: '1' });
    absorbGenerated(acc, configMap('cm', { z: '9' }, { behavior: 'replace' }), 'k.yaml');
    assert.deepEqual(acc.resmap.resources()[0]?.obj['data'], { z: '9' });
    assert.deepEqual(acc.resmap.resources()[0]?.stringMap('labels'), { from: 'base', keep: 'yes' });
  });

  it('needs a hash suffix after a merge only when both sides wanted one', () => {
    const acc = prefixedBase('cm', {});
    absorbGenerated(
      acc,
      configMap('cm', {}, { behavior: 'merge', needsHashSuffix: false }),
      'k.yaml',
    );
    assert.equal(acc.resmap.resources()[0]?.generatedBy?.needsHashSuffix, false);
    const plain = new Accumulator();
    plain.resmap.append(
      new Resource({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } }),
    );
    absorbGenerated(plain, configMap('cm', { a: '1' }, { behavior: 'merge' }), 'k.yaml');
    assert.equal(plain.resmap.resources()[0]?.generatedBy, undefined);
  });

  it('refuses merge and replace when nothing has the id (namespace included)', () => {
    const acc = new Accumulator();
    acc.resmap.append(configMap('cm', {}, { namespace: 'a' }));
    assert.throws(
      () => absorbGenerated(acc, configMap('cm', {}, { behavior: 'merge' }), 'k.yaml'),
      /does not exist; cannot merge or replace/,
    );
    assert.throws(
      () =>
        absorbGenerated(
          acc,
          configMap('cm', {}, { behavior: 'replace', namespace: 'b' }),
          'k.yaml',
        ),
      /does not exist/,
    );
  });

  it('refuses a merge that several resources could accept', () => {
    const acc = prefixedBase('cm', {});
    acc.resmap.append(configMap('cm', {}));
    assert.throws(
      () => absorbGenerated(acc, configMap('cm', {}, { behavior: 'merge' }), 'k.yaml'),
      /found multiple objects/,
    );
  });
});

describe('addHashSuffixes', () => {
  it('appends the content hash to resources that need one and remembers the old id', () => {
    const acc = new Accumulator();
    acc.resmap.append(configMap('hashed', {}));
    acc.resmap.append(configMap('kept', {}, { needsHashSuffix: false }));
    addHashSuffixes(acc.resmap);
    const [hashed, kept] = acc.resmap.resources();
    assert.equal(hashed?.name(), 'hashed-6ct58987ht');
    assert.equal(hashed.originalId().name, 'hashed');
    assert.equal(kept?.name(), 'kept');
    assert.equal(
      acc.resmap.get({
        group: '',
        version: 'v1',
        kind: 'ConfigMap',
        name: 'hashed-6ct58987ht',
        namespace: '',
      }),
      hashed,
    );
  });
});
