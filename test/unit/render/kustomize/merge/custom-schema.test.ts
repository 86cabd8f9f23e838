import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactDefinitions, SchemaSet } from '../../../../../src/render/kustomize/merge/index.js';
import {
  hasMergeStrategy,
  patchStrategyOf,
} from '../../../../../src/render/kustomize/merge/schema.js';

const document = {
  definitions: {
    'v1.Foo': {
      type: 'object',
      properties: { spec: { $ref: '#/definitions/v1.FooSpec' } },
      'x-kubernetes-group-version-kind': [
        { group: 'x.io', version: 'v1', kind: 'Foo' },
        { group: '', version: 'v1', kind: 'Foo' },
      ],
    },
    'v1.FooSpec': {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: { type: 'object' },
          'x-kubernetes-patch-strategy': 'merge',
          'x-kubernetes-patch-merge-key': 'name',
        },
        ports: {
          type: ['array'],
          items: { type: 'object' },
          'x-kubernetes-patch-strategy': 'merge',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          'x-kubernetes-patch-merge-key': 'port',
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        plain: { type: 'string' },
      },
    },
  },
};

describe('compactDefinitions', () => {
  it('indexes a definition under every group/version/kind it declares', () => {
    const set = new SchemaSet();
    set.addDefinitions(compactDefinitions(document));
    assert.notEqual(set.forType('x.io/v1', 'Foo'), undefined);
    assert.notEqual(set.forType('v1', 'Foo'), undefined);
    assert.equal(set.forType('x.io/v2', 'Foo'), undefined);
  });

  it('follows $refs to reach a field and keeps its patch strategy and merge key', () => {
    const set = new SchemaSet();
    set.addDefinitions(compactDefinitions(document));
    const foo = set.forType('x.io/v1', 'Foo');
    assert.ok(foo !== undefined);
    const spec = set.field(foo, 'spec');
    assert.ok(spec !== undefined);
    const items = set.field(spec, 'items');
    assert.ok(items !== undefined);
    assert.deepEqual(patchStrategyOf(items), { strategy: 'merge', keys: ['name'] });
    assert.equal(hasMergeStrategy(items), true);
  });

  it('prefers x-kubernetes-list-map-keys over the single merge key', () => {
    const set = new SchemaSet();
    set.addDefinitions(compactDefinitions(document));
    const spec = set.resolve({ r: 'v1.FooSpec' });
    assert.ok(spec !== undefined);
    const ports = set.field(spec, 'ports');
    assert.ok(ports !== undefined);
    assert.deepEqual(patchStrategyOf(ports).keys, ['port', 'protocol']);
  });

  it('gives map values the additionalProperties schema and unknown fields none', () => {
    const set = new SchemaSet();
    set.addDefinitions(compactDefinitions(document));
    const spec = set.resolve({ r: 'v1.FooSpec' });
    assert.ok(spec !== undefined);
    const labels = set.field(spec, 'labels');
    assert.ok(labels !== undefined);
    assert.equal(set.field(labels, 'anything'), 0);
    assert.equal(set.field(spec, 'unknown'), undefined);
    assert.equal(set.field(spec, 'constructor'), undefined);
  });

  it('refuses a document that is not a mapping', () => {
    assert.throws(() => compactDefinitions(['not', 'a', 'mapping']), /must be a mapping/);
  });
});
