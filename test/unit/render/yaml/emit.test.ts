import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emitKustomizeYaml } from '../../../../src/render/yaml/index.js';

describe('emitKustomizeYaml', () => {
  it('separates documents with ---, each ending in a line break', () => {
    assert.equal(emitKustomizeYaml([{ a: 1 }, { b: 'x' }]), 'a: 1\n---\nb: x\n');
  });

  it('prints nothing for no documents', () => {
    assert.equal(emitKustomizeYaml([]), '');
  });

  it('skips undefined properties and prints undefined list items as null, like JSON', () => {
    assert.equal(emitKustomizeYaml([{ a: undefined, b: [undefined] }]), 'b:\n- null\n');
  });

  it('prints bigint values exactly', () => {
    assert.equal(
      emitKustomizeYaml([{ big: 18446744073709551615n }]),
      'big: 18446744073709551615\n',
    );
  });

  // A number is a float64 to Go: integral ones below 1e21 print as shortest digits padded with
  // zeros (2^63 as 9223372036854776000), then go-yaml keeps them if they fit int64 or uint64.
  it('prints numbers the way Go prints them after the JSON round trip', () => {
    const text = emitKustomizeYaml([{ a: 1e21, b: 1234567.5, c: 1e-7, d: -0, e: 2 ** 63, f: 0.1 }]);
    assert.equal(
      text,
      'a: 1e+21\nb: 1.2345675e+06\nc: 1e-07\nd: 0\ne: 9223372036854776000\nf: 0.1\n',
    );
  });

  it('refuses NaN and infinities, which json.Marshal refuses', () => {
    assert.throws(() => emitKustomizeYaml([{ a: Number.NaN }]), /unsupported value: NaN/u);
    assert.throws(() => emitKustomizeYaml([{ a: -Infinity }]), /unsupported value: -Inf/u);
  });

  it('refuses strings with C1 control characters, which go-yaml v2 cannot read back', () => {
    assert.throws(
      () => emitKustomizeYaml([{ a: 'x\u0090' }]),
      /control characters are not allowed: U\+0090/u,
    );
  });

  it('folds a raw NEL like a line break inside a JSON string', () => {
    assert.equal(
      emitKustomizeYaml([{ a: 'x \u0085 y', b: 'p\u0085\u0085q' }]),
      'a: x y\nb: |-\n  p\n  q\n',
    );
  });

  it('does not change the documents it prints', () => {
    const doc = { b: [{ y: 1, x: 2 }], a: 'text' };
    const copy = structuredClone(doc);
    emitKustomizeYaml([doc]);
    assert.deepEqual(doc, copy);
    assert.deepEqual(Object.keys(doc), ['b', 'a']);
  });
});
