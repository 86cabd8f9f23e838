import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { sha256Hex } from '../../../../../src/render/kustomize/generators/sha256.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 example vectors', () => {
    assert.equal(
      sha256Hex(encode('')),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    assert.equal(
      sha256Hex(encode('abc')),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    assert.equal(
      sha256Hex(encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto for every length around the 64-byte block and padding edges', () => {
    for (let length = 0; length <= 200; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff);
      assert.equal(
        sha256Hex(data),
        createHash('sha256').update(data).digest('hex'),
        `length ${length}`,
      );
    }
  });

  it('hashes a subarray by its own bytes only', () => {
    const whole = encode('xxabcxx');
    assert.equal(sha256Hex(whole.subarray(2, 5)), sha256Hex(encode('abc')));
  });
});
