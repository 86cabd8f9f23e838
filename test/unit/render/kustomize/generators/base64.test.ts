import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBase64, encodeBase64 } from '../../../../../src/model/index.js';
import { encodeBase64Wrapped } from '../../../../../src/render/kustomize/generators/base64.js';

const bytesOf = (length: number): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (i * 97 + 13) & 0xff);

describe('encodeBase64 / decodeBase64', () => {
  it('encodes like Buffer for every length up to 100', () => {
    for (let length = 0; length <= 100; length++) {
      const data = bytesOf(length);
      assert.equal(encodeBase64(data), Buffer.from(data).toString('base64'), `length ${length}`);
    }
  });

  it('decodes what it encodes', () => {
    for (let length = 0; length <= 40; length++) {
      assert.deepEqual(decodeBase64(encodeBase64(bytesOf(length))), bytesOf(length));
    }
  });

  it('refuses text that is not padded standard base64', () => {
    assert.equal(decodeBase64('abc'), undefined);
    assert.equal(decodeBase64('ab=c'), undefined);
    assert.equal(decodeBase64('a==='), undefined);
    assert.equal(decodeBase64('ab-_'), undefined);
  });
});

describe('encodeBase64Wrapped', () => {
  it('keeps an encoding shorter than 70 characters on one line without a newline', () => {
    const text = encodeBase64Wrapped(bytesOf(51));
    assert.equal(text.length, 68);
    assert.ok(!text.includes('\n'));
  });

  it('ends every line, the last included, with a newline from 70 characters on', () => {
    assert.equal(
      encodeBase64Wrapped(bytesOf(51 + 3)),
      `${encodeBase64(bytesOf(54)).slice(0, 70)}\n${encodeBase64(bytesOf(54)).slice(70)}\n`,
    );
    const exact = encodeBase64Wrapped(bytesOf(105));
    assert.equal(
      exact,
      `${encodeBase64(bytesOf(105)).slice(0, 70)}\n${encodeBase64(bytesOf(105)).slice(70)}\n`,
    );
  });

  it('prints an empty value as an empty string', () => {
    assert.equal(encodeBase64Wrapped(new Uint8Array()), '');
  });
});
