import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KustLoader } from '../../../../../src/render/kustomize/loader.js';
import { loadCrdConfig } from '../../../../../src/render/kustomize/references/index.js';
import { MemoryFileSource } from '../../../../helpers/memory-file-source.js';

function loaderFor(tree: Record<string, string>): KustLoader {
  const source = new MemoryFileSource(tree);
  return new KustLoader(
    { source, restriction: 'LoadRestrictionsRootOnly', display: (p) => p },
    'dir',
  );
}

const definitions = JSON.stringify({
  'example.com/v1.Widget': {
    Schema: {
      properties: {
        apiVersion: {},
        kind: {},
        metadata: {},
        spec: { $ref: 'example.com/v1.Spec' },
      },
    },
  },
  'example.com/v1.Spec': {
    Schema: {
      properties: {
        secretRef: {
          'x-kubernetes-object-ref-api-version': 'v1',
          'x-kubernetes-object-ref-kind': 'Secret',
        },
        owner: {
          'x-kubernetes-object-ref-api-version': 'v1',
          'x-kubernetes-object-ref-kind': 'ServiceAccount',
          'x-kubernetes-object-ref-name-key': 'account',
        },
        selector: { 'x-kubernetes-label-selector': '' },
        self: { $ref: 'example.com/v1.Spec' },
      },
    },
  },
  'example.com/v1.NotAResource': {
    Schema: {
      properties: {
        ref: {
          'x-kubernetes-object-ref-api-version': 'v1',
          'x-kubernetes-object-ref-kind': 'Secret',
        },
      },
    },
  },
});

describe('loadCrdConfig', () => {
  it('turns object-ref extensions of resource types into nameReference field specs', async () => {
    const config = await loadCrdConfig(['defs.json'], loaderFor({ 'dir/defs.json': definitions }));
    // Kustomize sorts merged sections by kind order: ServiceAccount ranks before Secret.
    assert.deepEqual(config.nameReference, [
      {
        kind: 'ServiceAccount',
        version: 'v1',
        fieldSpecs: [{ kind: 'Widget', path: 'spec/owner/account' }],
      },
      {
        kind: 'Secret',
        version: 'v1',
        fieldSpecs: [{ kind: 'Widget', path: 'spec/secretRef/name' }],
      },
    ]);
    assert.deepEqual(config.commonLabels, [{ kind: 'Widget', path: 'spec/selector' }]);
  });

  it('needs no files', async () => {
    const config = await loadCrdConfig([], loaderFor({}));
    assert.deepEqual(config.nameReference ?? [], []);
  });

  it('refuses a file that is not a map of OpenAPI definitions', async () => {
    await assert.rejects(
      loadCrdConfig(
        ['crd.yaml'],
        loaderFor({
          'dir/crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n',
        }),
      ),
      /unable to parse open API definition/u,
    );
  });
});
