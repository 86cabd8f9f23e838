import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareCodePoints,
  encodeForHash,
  encodeHashSuffix,
  hashObject,
  marshalGoJson,
} from '../../../../../src/render/kustomize/generators/hash.js';

// Suffixes below were printed by `kubectl kustomize` (Kustomize v5.5.0).
describe('hashObject', () => {
  it('hashes an empty ConfigMap as Kustomize does, whatever its name', () => {
    assert.equal(
      hashObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }),
      '6ct58987ht',
    );
    assert.equal(
      hashObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } }),
      '6ct58987ht',
    );
  });

  it('hashes an empty Opaque Secret as Kustomize does', () => {
    assert.equal(
      hashObject({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's' },
        type: 'Opaque',
        data: {},
      }),
      '46f8b28mk5',
    );
  });

  it('hashes ConfigMap data with control characters as Kustomize does', () => {
    const obj = (value: string): Record<string, unknown> => ({
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { a: value },
    });
    assert.equal(hashObject(obj('\b')), 'btg76k55hc');
    assert.equal(hashObject(obj('\f\t\r\n')), 'hd4dgc9c7c');
  });

  it('ignores labels, annotations and immutable', () => {
    const base = { kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } };
    const decorated = {
      ...base,
      immutable: true,
      metadata: { name: 'a', labels: { l: 'v' }, annotations: { n: 'v' } },
    };
    assert.equal(hashObject(decorated), hashObject(base));
  });
});

describe('encodeForHash', () => {
  it('writes kind, an always empty name and data for a ConfigMap, binaryData only when present', () => {
    assert.equal(
      encodeForHash({ kind: 'ConfigMap', metadata: { name: 'n' } }),
      '{"data":"","kind":"ConfigMap","name":""}',
    );
    assert.equal(
      encodeForHash({
        kind: 'ConfigMap',
        metadata: { name: 'n' },
        data: { b: '2', a: '1' },
        binaryData: { z: 'AA==' },
      }),
      '{"binaryData":{"z":"AA=="},"data":{"a":"1","b":"2"},"kind":"ConfigMap","name":""}',
    );
  });

  it('writes data, kind, name and type for a Secret, stringData only when present', () => {
    assert.equal(
      encodeForHash({ kind: 'Secret', data: {} }),
      '{"data":{},"kind":"Secret","name":"","type":""}',
    );
    assert.equal(
      encodeForHash({ kind: 'Secret', type: 'Opaque', stringData: { s: 'x' } }),
      '{"data":"","kind":"Secret","name":"","stringData":{"s":"x"},"type":"Opaque"}',
    );
  });
});

describe('marshalGoJson', () => {
  it('escapes <, >, &, U+2028 and U+2029 as Go does', () => {
    assert.equal(marshalGoJson('<a&b>\u2028\u2029'), '"\\u003ca\\u0026b\\u003e\\u2028\\u2029"');
  });

  it('leaves an escaped backslash before "ud800" text alone', () => {
    assert.equal(marshalGoJson('\\ud800'), '"\\\\ud800"');
  });

  it('writes a lone surrogate as U+FFFD, as Go does for invalid UTF-8', () => {
    assert.equal(marshalGoJson('a\ud800'), '"a\\ufffd"');
  });

  it('sorts keys by code point (UTF-8 byte order), not UTF-16 unit', () => {
    assert.equal(
      marshalGoJson({ '\uff01': 1, '\u{1F600}': 2, b: 3 }),
      '{"b":3,"\uff01":1,"\u{1F600}":2}',
    );
  });
});

describe('encodeHashSuffix', () => {
  it('keeps ten characters and swaps 0, 1, 3, a and e for letters', () => {
    assert.equal(encodeHashSuffix('0123456789abcdef'), 'gh2k456789');
    assert.equal(encodeHashSuffix('aeaeaeaeaeff'), 'mtmtmtmtmt');
  });
});

describe('compareCodePoints', () => {
  it('puts astral characters after every BMP character', () => {
    assert.ok(compareCodePoints('\u{10000}', '\uffff') > 0);
    assert.ok(compareCodePoints('a', 'b') < 0);
    assert.ok(compareCodePoints('ab', 'a') > 0);
    assert.equal(compareCodePoints('same', 'same'), 0);
  });
});
