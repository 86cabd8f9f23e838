import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KustLoader } from '../../../../../src/render/kustomize/loader.js';
import { applyPatches } from '../../../../../src/render/kustomize/patches/index.js';
import { ResMap } from '../../../../../src/render/kustomize/res-map.js';
import { Resource } from '../../../../../src/render/kustomize/resource.js';
import { MemoryFileSource } from '../../../../helpers/memory-file-source.js';

const loader = new KustLoader(
  { source: new MemoryFileSource({}), restriction: 'LoadRestrictionsRootOnly', display: (p) => p },
  'dir',
);

function configMap(): ResMap {
  const resmap = new ResMap();
  resmap.append(
    new Resource({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a' },
      data: { k: 'v' },
    }),
  );
  return resmap;
}

async function patched(patch: string): Promise<unknown> {
  const resmap = configMap();
  await applyPatches(resmap, [{ patch, target: { kind: 'ConfigMap' } }], loader);
  return resmap.resources()[0]?.obj;
}

describe('a `patches` entry is told apart by its text', () => {
  it('runs a text holding mappings as a strategic merge patch', async () => {
    const obj = await patched('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: y}');
    assert.deepEqual((obj as { data: unknown }).data, { k: 'v', x: 'y' });
  });

  it('runs a YAML list of operations as a JSON patch, read as YAML 1.1', async () => {
    const obj = await patched(
      '- op: add\n  path: /data/on\n  value: yes\n- {op: add, path: /n, value: 010}',
    );
    assert.equal((obj as { data: Record<string, unknown> }).data['on'], true);
    assert.equal((obj as Record<string, unknown>)['n'], 8);
  });

  it('runs a JSON array of operations as a JSON patch', async () => {
    const obj = await patched('[{"op": "replace", "path": "/data/k", "value": "w"}]');
    assert.deepEqual((obj as { data: unknown }).data, { k: 'w' });
  });

  it('refuses a text that reads as both, or as neither', async () => {
    await assert.rejects(patched('# only a comment'), /illegally qualifies as both/);
    await assert.rejects(patched('a: [1,'), /unable to parse SM or JSON patch/);
    await assert.rejects(patched('plain text'), /unable to parse SM or JSON patch/);
  });
});
