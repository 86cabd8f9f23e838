import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  expandSliceIndexes,
  lookupPath,
  splitDotPath,
} from '../../../../../src/render/kustomize/references/field-path.js';

describe('splitDotPath', () => {
  const cases: [string, string[]][] = [
    ['metadata.name', ['metadata', 'name']],
    ['.metadata.name', ['metadata', 'name']],
    ['metadata.annotations.[example.com/owner]', ['metadata', 'annotations', 'example.com/owner']],
    ['spec.containers.[name=app.v1].image', ['spec', 'containers', '[name=app.v1]', 'image']],
    ['spec.containers.[name=app].image', ['spec', 'containers', '[name=app]', 'image']],
    ['data.a\\.b', ['data', 'a.b']],
    ['spec.ports[0].port', ['spec', 'ports[0]', 'port']],
  ];
  for (const [path, parts] of cases) {
    it(`splits ${path}`, () => assert.deepEqual(splitDotPath(path), parts));
  }

  it('turns name[N] into a field and an index only when asked (vars)', () => {
    assert.deepEqual(expandSliceIndexes(['spec', 'ports[0]', '[0]']), ['spec', 'ports', '0', '0']);
  });
});

describe('lookupPath', () => {
  const obj = {
    spec: {
      ports: [
        { name: 'http', port: 80 },
        { name: 'grpc', port: 9090 },
      ],
      tags: ['a', 'b'],
      empty: null,
    },
  };

  it('follows fields, indexes and [key=value] selectors', () => {
    assert.equal(lookupPath(obj, ['spec', 'ports', '1', 'port']), 9090);
    assert.equal(lookupPath(obj, ['spec', 'ports', '[name=http]', 'port']), 80);
    assert.equal(lookupPath(obj, ['spec', 'ports', '[port=9090]', 'name']), 'grpc');
    assert.equal(lookupPath(obj, ['spec', 'tags', '[=b]']), 'b');
    assert.equal(lookupPath(obj, ['spec', 'tags', '-']), 'b');
  });

  it('answers undefined for missing parts and passes through null', () => {
    assert.equal(lookupPath(obj, ['spec', 'missing', 'x']), undefined);
    assert.equal(lookupPath(obj, ['spec', 'ports', '5', 'port']), undefined);
    assert.equal(lookupPath(obj, ['spec', 'empty', 'x']), undefined);
    assert.equal(lookupPath(obj, ['spec', 'ports', '[name=none]']), undefined);
  });

  it('fails where kyaml fails', () => {
    assert.throws(() => lookupPath(obj, ['spec', 'ports', 'name']), /expected MappingNode/u);
    assert.throws(() => lookupPath(obj, ['spec', '0']), /expected SequenceNode/u);
    assert.throws(() => lookupPath(obj, ['spec', '*']), /wildcard is not supported/u);
    assert.throws(() => lookupPath(obj, ['spec', 'ports', '-1']), /cannot be negative/u);
  });
});
