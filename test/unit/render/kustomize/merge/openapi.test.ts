import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCapstanError } from '../../../../../src/model/index.js';
import { KustLoader, type LoaderContext } from '../../../../../src/render/kustomize/loader.js';
import { configureOpenApi, schemasFor } from '../../../../../src/render/kustomize/merge/index.js';
import { applyPatches } from '../../../../../src/render/kustomize/patches/index.js';
import { ResMap } from '../../../../../src/render/kustomize/res-map.js';
import { Resource } from '../../../../../src/render/kustomize/resource.js';
import { MemoryFileSource } from '../../../../helpers/memory-file-source.js';

/** A custom schema that knows only MyCRD, whose template refers to Kubernetes' PodTemplateSpec. */
const customSchema = JSON.stringify({
  definitions: {
    'v1.MyCRD': {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { template: { $ref: '#/definitions/io.k8s.api.core.v1.PodTemplateSpec' } },
        },
      },
      'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'MyCRD' }],
    },
  },
});

const deploymentPatch = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web}',
  'spec:',
  '  template:',
  '    spec:',
  '      containers: [{name: b, image: b2}]',
].join('\n');

function context(): LoaderContext {
  const source = new MemoryFileSource({
    'top/schema.json': customSchema,
    'top/patch.yaml': deploymentPatch,
    'top/empty.json': '',
  });
  return { source, restriction: 'LoadRestrictionsRootOnly', display: (p) => p };
}

function deployments(): ResMap {
  const resmap = new ResMap();
  const containers = [
    { name: 'a', image: 'a' },
    { name: 'b', image: 'b' },
  ];
  resmap.append(
    new Resource({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers } } },
    }),
  );
  return resmap;
}

function containerNames(resmap: ResMap): unknown {
  const obj = resmap.resources()[0]?.obj as {
    spec: { template: { spec: { containers: { name: string }[] } } };
  };
  return obj.spec.template.spec.containers.map((c) => c.name);
}

describe('configureOpenApi', () => {
  it('merges built-in kinds with the Kubernetes schema when no openapi field is set', async () => {
    const loader = new KustLoader(context(), 'top');
    await configureOpenApi(loader, undefined);
    const resmap = deployments();
    await applyPatches(resmap, [{ path: 'patch.yaml' }], loader);
    assert.deepEqual(containerNames(resmap), ['b', 'a']);
  });

  it('uses a custom schema set by the top kustomization instead of the Kubernetes one', async () => {
    const loader = new KustLoader(context(), 'top');
    await configureOpenApi(loader, { path: 'schema.json' });
    const resmap = deployments();
    await applyPatches(resmap, [{ path: 'patch.yaml' }], loader);
    assert.deepEqual(containerNames(resmap), ['b']);
  });

  it('keeps the Kubernetes schema next to a custom one set after a resource of an unknown kind was loaded', async () => {
    const ctx = context();
    await configureOpenApi(new KustLoader(ctx, 'top'), undefined);
    const crd = { obj: { apiVersion: 'example.com/v1', kind: 'MyCRD' } };
    const component = new KustLoader(ctx, 'top');
    await configureOpenApi(component, { path: 'schema.json' }, [crd]);
    const resmap = deployments();
    await applyPatches(resmap, [{ path: 'patch.yaml' }], component);
    assert.deepEqual(containerNames(resmap), ['b', 'a']);
  });

  it('lets the first schema set win over one a later kustomization sets', async () => {
    const ctx = context();
    await configureOpenApi(new KustLoader(ctx, 'top'), { version: 'v1.21.2' });
    const base = new KustLoader(ctx, 'top');
    await configureOpenApi(base, { path: 'schema.json' });
    const resmap = deployments();
    await applyPatches(resmap, [{ path: 'patch.yaml' }], base);
    assert.deepEqual(containerNames(resmap), ['b', 'a']);
  });

  it('refuses a version that is not built in, and a version next to a path', async () => {
    await assert.rejects(
      configureOpenApi(new KustLoader(context(), 'top'), { version: 'v1.99.0' }),
      /not built in/,
    );
    await assert.rejects(
      configureOpenApi(new KustLoader(context(), 'top'), {
        version: 'v1.21.2',
        path: 'schema.json',
      }),
      /cannot use both/,
    );
  });

  it('fails when the schema file is missing', async () => {
    await assert.rejects(
      configureOpenApi(new KustLoader(context(), 'top'), { path: 'nope.json' }),
      (err: unknown) => {
        assert.ok(isCapstanError(err));
        assert.equal(err.code, 'Render');
        return true;
      },
    );
  });

  it('fails on first use of a schema file that is not an OpenAPI document', async () => {
    const loader = new KustLoader(context(), 'top');
    await configureOpenApi(loader, { path: 'empty.json' });
    await assert.rejects(
      applyPatches(deployments(), [{ path: 'patch.yaml' }], loader),
      /invalid schema file/,
    );
  });
});

describe('schemasFor', () => {
  const fresh = (): KustLoader => new KustLoader(context(), 'top');

  it('shares one built-in schema set between builds', async () => {
    const first = fresh();
    const second = fresh();
    await configureOpenApi(first, undefined);
    await configureOpenApi(second, { version: 'v1.21.2' });
    assert.equal(schemasFor(first), schemasFor(second));
    assert.notEqual(schemasFor(first).forType('apps/v1', 'Deployment'), undefined);
  });

  it('adds a custom schema set after a use to a copy, never to the shared set', async () => {
    const ctx = context();
    const top = new KustLoader(ctx, 'top');
    await configureOpenApi(top, undefined);
    const shared = schemasFor(top);
    const component = new KustLoader(ctx, 'top');
    await configureOpenApi(component, { path: 'schema.json' });
    const extended = schemasFor(component);
    assert.notEqual(extended, shared);
    assert.notEqual(extended.forType('example.com/v1', 'MyCRD'), undefined);
    assert.notEqual(extended.forType('apps/v1', 'Deployment'), undefined);
    assert.equal(shared.forType('example.com/v1', 'MyCRD'), undefined);
    assert.equal(schemasFor(fresh()), shared);
  });
});
