import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KustLoader } from '../../../../../src/render/kustomize/loader.js';
import { applyReplacements } from '../../../../../src/render/kustomize/references/index.js';
import { ResMap } from '../../../../../src/render/kustomize/res-map.js';
import { Resource } from '../../../../../src/render/kustomize/resource.js';
import { MemoryFileSource } from '../../../../helpers/memory-file-source.js';

function loaderFor(tree: Record<string, string> = {}): KustLoader {
  const source = new MemoryFileSource({ 'dir/kustomization.yaml': '', ...tree });
  return new KustLoader(
    { source, restriction: 'LoadRestrictionsRootOnly', display: (p) => p },
    'dir',
  );
}

function build(): { map: ResMap; source: Resource; target: Resource } {
  const source = new Resource({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg' },
    data: { port: '8080' },
  });
  source.rememberCurrentId();
  source.setName('p-cfg');
  const target = new Resource({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 1, ports: [{ name: 'http', port: 80 }] },
  });
  const map = new ResMap();
  map.append(source);
  map.append(target);
  return { map, source, target };
}

const portEntry = (targetOptions: Record<string, unknown> = {}): Record<string, unknown> => ({
  source: { kind: 'ConfigMap', name: 'cfg', fieldPath: 'data.port' },
  targets: [
    {
      select: { kind: 'Deployment' },
      fieldPaths: ['spec.ports.[name=http].port'],
      ...targetOptions,
    },
  ],
});

describe('applyReplacements', () => {
  it('finds the source by a name it had before a prefix and keeps the target field a number', async () => {
    const { map, target } = build();
    await applyReplacements(map, [portEntry()], loaderFor());
    assert.deepEqual((target.obj['spec'] as { ports: unknown }).ports, [
      { name: 'http', port: 8080 },
    ]);
  });

  it('skips targets a reject names', async () => {
    const { map, target } = build();
    await applyReplacements(map, [portEntry({ reject: [{ name: 'web' }] })], loaderFor());
    assert.deepEqual((target.obj['spec'] as { ports: unknown }).ports, [
      { name: 'http', port: 80 },
    ]);
  });

  it('reads entries from a path file holding a list', async () => {
    const { map, target } = build();
    const file =
      '- source: {kind: ConfigMap, fieldPath: data.port}\n  targets:\n  - select: {kind: Deployment}\n    fieldPaths: [spec.replicas]\n';
    await applyReplacements(map, [{ path: 'r.yaml' }], loaderFor({ 'dir/r.yaml': file }));
    assert.equal((target.obj['spec'] as { replicas: unknown }).replicas, 8080);
  });

  it('refuses a target field that is missing, unless asked to create it', async () => {
    const entry = (create: boolean): Record<string, unknown> => ({
      source: { kind: 'ConfigMap', name: 'cfg', fieldPath: 'data.port' },
      targets: [
        { select: { kind: 'Deployment' }, fieldPaths: ['spec.missing.port'], options: { create } },
      ],
    });
    await assert.rejects(
      applyReplacements(build().map, [entry(false)], loaderFor()),
      /unable to find field "spec.missing.port" in replacement target/u,
    );
    const { map, target } = build();
    await applyReplacements(map, [entry(true)], loaderFor());
    assert.deepEqual((target.obj['spec'] as { missing: unknown }).missing, { port: 8080 });
  });

  it('re-indexes the build after a replacement renamed a resource', async () => {
    const { map, target } = build();
    const rename = {
      source: { kind: 'ConfigMap', name: 'cfg' },
      targets: [{ select: { kind: 'Deployment' } }],
    };
    await applyReplacements(map, [rename], loaderFor());
    assert.equal(target.name(), 'p-cfg');
    assert.equal(map.get({ ...target.id() }), target);
  });
});
