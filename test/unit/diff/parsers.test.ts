/** The small parsers diff/ relies on: quantities, base64, compare-options. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSameQuantity, readCompareOptions } from '../../../src/diff/index.js';
import { decodeBase64, encodeBase64, encodeBase64Text } from '../../../src/model/index.js';
import { parseQuantity } from '../../../src/diff/quantity.js';

describe('parseQuantity', () => {
  for (const [text, numerator, denominator] of [
    ['1', 1n, 1n],
    ['500m', 500n, 1000n],
    ['1.5Gi', 15n * 2n ** 30n, 10n],
    ['2Ki', 2048n, 1n],
    ['1e3', 1000n, 1n],
    ['1E-3', 1n, 1000n],
    ['-2', -2n, 1n],
    ['.5', 5n, 10n],
    ['3n', 3n, 10n ** 9n],
    ['1u', 1n, 10n ** 6n],
    ['2E', 2n * 10n ** 18n, 1n],
    ['1Ei', 2n ** 60n, 1n],
  ] as const) {
    it(`reads ${text} as exactly ${numerator}/${denominator}`, () => {
      const value = parseQuantity(text);
      assert.ok(value);
      assert.equal(value.numerator * denominator, numerator * value.denominator);
    });
  }

  for (const text of ['', 'abc', '1 Gi', '1gi', '1.2.3', '1e', 'Ki', '1e99999', '--1']) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.equal(parseQuantity(text), undefined);
    });
  }

  it('compares without float rounding', () => {
    assert.equal(isSameQuantity('0.1', '100m'), true);
    assert.equal(isSameQuantity('100000000000000001', '100000000000000000'), false);
    assert.equal(isSameQuantity(0.3, '300m'), true);
    assert.equal(isSameQuantity('x', '1'), undefined);
  });
});

describe('base64', () => {
  it('encodes and decodes like Node for every length remainder', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'grüß dich', '\u0000\u00ff']) {
      const bytes = new TextEncoder().encode(text);
      const expected = Buffer.from(bytes).toString('base64');
      assert.equal(encodeBase64(bytes), expected);
      assert.equal(encodeBase64Text(text), expected);
      assert.deepEqual(decodeBase64(expected), new Uint8Array(bytes));
    }
  });

  it('rejects text that is not padded standard base64', () => {
    for (const text of ['YQ', 'Y===', 'a$==', 'YQ=a', 'YWJj\n'])
      assert.equal(decodeBase64(text), undefined, text);
  });
});

describe('readCompareOptions', () => {
  const withAnnotation = (annotations: Record<string, string>): Record<string, unknown> => ({
    metadata: { annotations },
  });

  it('reads IgnoreExtraneous and ServerSideDiff=true from capstan.dev/compare-options', () => {
    assert.deepEqual(
      readCompareOptions(
        withAnnotation({ 'capstan.dev/compare-options': 'IgnoreExtraneous,ServerSideDiff=true' }),
      ),
      {
        ignoreExtraneous: true,
        serverSideDiff: true,
      },
    );
  });

  it('honours the argocd.argoproj.io twin and defaults to false', () => {
    assert.deepEqual(
      readCompareOptions(
        withAnnotation({ 'argocd.argoproj.io/compare-options': 'ServerSideDiff=false' }),
      ),
      {
        ignoreExtraneous: false,
        serverSideDiff: false,
      },
    );
    assert.deepEqual(readCompareOptions({ metadata: {} }), {
      ignoreExtraneous: false,
      serverSideDiff: false,
    });
    assert.equal(
      readCompareOptions(
        withAnnotation({ 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' }),
      ).ignoreExtraneous,
      true,
    );
  });
});
