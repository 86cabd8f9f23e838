import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  generatorArgsFromPluginConfig,
  mergeGlobalOptionsIntoLocal,
} from '../../../../../src/render/kustomize/generators/index.js';
import {
  decodeGeneratorArgs,
  decodeGeneratorOptions,
  type DecodeContext,
} from '../../../../../src/render/kustomize/generators/generator-args.js';

const strict: DecodeContext = {
  file: 'kustomization.yaml',
  strict: true,
  foldEnv: true,
  where: 'configMapGenerator',
};

describe('decodeGeneratorArgs (kustomization entries)', () => {
  it('matches field names case-insensitively, as Go’s JSON decoder does', () => {
    assert.deepEqual(
      decodeGeneratorArgs(
        { Name: 'a', LITERALS: ['k=v'], oPtIoNs: { DisableNameSuffixHash: true } },
        'ConfigMap',
        strict,
      ),
      {
        name: 'a',
        literals: ['k=v'],
        options: { disableNameSuffixHash: true },
      },
    );
  });

  it('appends the legacy singular env to envs', () => {
    assert.deepEqual(
      decodeGeneratorArgs({ name: 'a', env: 'b.env', envs: ['a.env'] }, 'ConfigMap', strict).envs,
      ['a.env', 'b.env'],
    );
  });

  it('refuses unknown fields, including type on a ConfigMap', () => {
    assert.throws(
      () => decodeGeneratorArgs({ name: 'a', literal: [] }, 'ConfigMap', strict),
      /unknown field "literal"/,
    );
    assert.throws(
      () => decodeGeneratorArgs({ name: 'a', type: 'Opaque' }, 'ConfigMap', strict),
      /unknown field "type"/,
    );
    assert.equal(
      decodeGeneratorArgs({ name: 'a', type: 'Opaque' }, 'Secret', strict).type,
      'Opaque',
    );
  });

  it('refuses values of the wrong type and treats null as absent', () => {
    assert.throws(
      () => decodeGeneratorArgs({ name: 123 }, 'ConfigMap', strict),
      /cannot unmarshal number into Go struct field ConfigMapArgs\.configMapGenerator\.name of type string/,
    );
    assert.throws(
      () => decodeGeneratorArgs({ name: 'a', literals: 'k=v' }, 'ConfigMap', strict),
      /cannot unmarshal string/,
    );
    assert.throws(
      () => decodeGeneratorArgs({ name: 'a', options: { immutable: 'true' } }, 'ConfigMap', strict),
      /of type bool/,
    );
    assert.deepEqual(
      decodeGeneratorArgs(
        { name: 'a', literals: null, options: null, behavior: null },
        'ConfigMap',
        strict,
      ),
      { name: 'a' },
    );
    assert.deepEqual(
      decodeGeneratorArgs({ name: 'a', literals: [null] }, 'ConfigMap', strict).literals,
      [''],
    );
  });

  it('refuses characters that make the YAML Kustomize passes to the generator unreadable', () => {
    assert.throws(
      () => decodeGeneratorArgs({ name: 'a', literals: ['k=\u007f'] }, 'Secret', strict),
      /control characters/,
    );
    assert.throws(
      () =>
        decodeGeneratorArgs(
          { name: 'a', options: { labels: { '\u0090': 'v' } } },
          'Secret',
          strict,
        ),
      /control characters/,
    );
  });
});

describe('generatorArgsFromPluginConfig', () => {
  it('prefers the top-level name and namespace over metadata', () => {
    const { kind, args } = generatorArgsFromPluginConfig(
      {
        apiVersion: 'builtin',
        kind: 'ConfigMapGenerator',
        metadata: { name: 'config-name', namespace: 'meta-ns' },
        name: 'bob',
        literals: ['a=1'],
      },
      'gen.yaml',
    );
    assert.equal(kind, 'ConfigMap');
    assert.deepEqual(args, { name: 'bob', namespace: 'meta-ns', literals: ['a=1'] });
  });

  it('falls back to metadata.name and ignores unknown fields and the singular env', () => {
    const { kind, args } = generatorArgsFromPluginConfig(
      {
        apiVersion: 'builtin',
        kind: 'SecretGenerator',
        metadata: { name: 'from-meta' },
        env: 'x.env',
        whatever: 1,
        type: 'kubernetes.io/tls',
      },
      'gen.yaml',
    );
    assert.equal(kind, 'Secret');
    assert.deepEqual(args, { name: 'from-meta', type: 'kubernetes.io/tls' });
  });

  it('refuses other kinds', () => {
    assert.throws(
      () => generatorArgsFromPluginConfig({ kind: 'HelmChartInflationGenerator' }, 'gen.yaml'),
      /not a ConfigMapGenerator or SecretGenerator/,
    );
  });
});

describe('mergeGlobalOptionsIntoLocal', () => {
  it('lets local labels and annotations win and adds the missing global ones', () => {
    assert.deepEqual(
      mergeGlobalOptionsIntoLocal(
        { labels: { a: 'local' } },
        { labels: { a: 'global', b: 'global' }, annotations: { n: 'g' } },
      ),
      {
        labels: { a: 'local', b: 'global' },
        annotations: { n: 'g' },
      },
    );
  });

  it('turns flags on from either side but never off', () => {
    assert.deepEqual(
      mergeGlobalOptionsIntoLocal(undefined, { disableNameSuffixHash: true, immutable: false }),
      { disableNameSuffixHash: true },
    );
    assert.deepEqual(mergeGlobalOptionsIntoLocal({ immutable: true }, { immutable: false }), {
      immutable: true,
    });
  });

  it('returns the local options untouched without global ones', () => {
    const local = { labels: { a: '1' } };
    assert.equal(mergeGlobalOptionsIntoLocal(local, undefined), local);
    assert.equal(mergeGlobalOptionsIntoLocal(undefined, undefined), undefined);
  });
});

describe('decodeGeneratorOptions', () => {
  it('reads null label values as empty strings and refuses non-string ones', () => {
    assert.deepEqual(
      decodeGeneratorOptions({ labels: { a: null } }, { ...strict, where: 'generatorOptions' }),
      { labels: { a: '' } },
    );
    assert.throws(
      () =>
        decodeGeneratorOptions(
          { annotations: { a: true } },
          { ...strict, where: 'generatorOptions' },
        ),
      /cannot unmarshal bool/,
    );
  });
});
