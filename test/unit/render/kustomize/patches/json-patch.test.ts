import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyJsonOperations,
  JsonPatchError,
} from '../../../../../src/render/kustomize/patches/json-patch.js';

function doc(): Record<string, unknown> {
  return { a: { b: 1, 'x/y': 2, 'm~n': 3 }, list: ['p', 'q', 'r'] };
}

describe('applyJsonOperations', () => {
  it('adds, removes and replaces through escaped pointers', () => {
    const out = applyJsonOperations(doc(), [
      { op: 'add', path: '/a/c', value: 4 },
      { op: 'remove', path: '/a/x~1y' },
      { op: 'replace', path: '/a/m~0n', value: 'z' },
    ]);
    assert.deepEqual(out, { a: { b: 1, c: 4, 'm~n': 'z' }, list: ['p', 'q', 'r'] });
  });

  it('inserts at an index, appends with "-", and counts negative indexes from the end', () => {
    const out = applyJsonOperations(doc(), [
      { op: 'add', path: '/list/1', value: 'i' },
      { op: 'add', path: '/list/-', value: 'end' },
      { op: 'remove', path: '/list/-1' },
      { op: 'replace', path: '/list/-1', value: 'R' },
    ]);
    assert.deepEqual((out as { list: unknown }).list, ['p', 'i', 'q', 'R']);
  });

  it('adds a key that replace targets but the object lacks', () => {
    const out = applyJsonOperations(doc(), [{ op: 'replace', path: '/a/new', value: true }]);
    assert.equal((out as { a: { new: unknown } }).a.new, true);
  });

  it('moves and copies values, copying null from a missing key', () => {
    const out = applyJsonOperations(doc(), [
      { op: 'move', from: '/a/b', path: '/moved' },
      { op: 'copy', from: '/list/0', path: '/copied' },
      { op: 'copy', from: '/a/none', path: '/nothing' },
    ]) as Record<string, unknown>;
    assert.equal(out['moved'], 1);
    assert.equal(out['copied'], 'p');
    assert.equal(out['nothing'], null);
    assert.equal(Object.hasOwn(out['a'] as object, 'b'), false);
  });

  it('passes a test of an equal value and of null against a missing key', () => {
    assert.doesNotThrow(() =>
      applyJsonOperations(doc(), [
        { op: 'test', path: '/a/b', value: 1 },
        { op: 'test', path: '/a/none', value: null },
        { op: 'test', path: '/list', value: ['p', 'q', 'r'] },
      ]),
    );
  });

  it('fails a test of a different value', () => {
    assert.throws(
      () => applyJsonOperations(doc(), [{ op: 'test', path: '/a/b', value: 2 }]),
      JsonPatchError,
    );
  });

  it('fails on a missing parent, an index past the end, a missing key to remove and an unknown op', () => {
    assert.throws(
      () => applyJsonOperations(doc(), [{ op: 'add', path: '/no/such', value: 1 }]),
      /doc is missing path/,
    );
    assert.throws(
      () => applyJsonOperations(doc(), [{ op: 'add', path: '/list/9', value: 1 }]),
      /invalid index/,
    );
    assert.throws(
      () => applyJsonOperations(doc(), [{ op: 'remove', path: '/a/none' }]),
      /nonexistent key/,
    );
    assert.throws(
      () => applyJsonOperations(doc(), [{ op: 'frobnicate', path: '/a' }]),
      /Unexpected kind: frobnicate/,
    );
  });

  it('clones op values so one patch applied twice shares nothing', () => {
    const ops = [{ op: 'add', path: '/v', value: { deep: [1] } }];
    const first = applyJsonOperations({}, ops) as { v: { deep: number[] } };
    first.v.deep.push(2);
    const second = applyJsonOperations({}, ops) as { v: { deep: number[] } };
    assert.deepEqual(second.v.deep, [1]);
  });

  it('ignores a replacement of the whole document by a scalar, as the library does', () => {
    const original = doc();
    assert.equal(
      applyJsonOperations(original, [{ op: 'replace', path: '', value: 'x' }]),
      original,
    );
  });
});
