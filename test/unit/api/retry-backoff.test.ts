import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_RETRY_BACKOFF,
  computeRetryDelay,
  hasRetriesLeft,
  parseDuration,
  resolveRetryBackoff,
} from '../../../src/api/index.js';

describe('parseDuration', () => {
  it('reads Go durations and bare seconds into milliseconds', () => {
    const cases: [string, number][] = [
      ['5s', 5_000],
      ['3m', 180_000],
      ['1h30m', 5_400_000],
      ['1.5h', 5_400_000],
      ['250ms', 250],
      ['1m0.5s', 60_500],
      ['1500us', 1.5],
      ['1500µs', 1.5],
      ['2000000ns', 2],
      ['30', 30_000],
      ['0', 0],
    ];
    for (const [text, milliseconds] of cases) assert.equal(parseDuration(text), milliseconds, text);
  });

  it('refuses signs, spaces, unknown units and the rare Go spellings .5s and 5.s', () => {
    for (const text of ['', '5 s', '-3m', '+3m', '1d', '.5s', '5.s', 's', '1h 30m', '3M', '1e3s']) {
      assert.equal(parseDuration(text), undefined, text);
    }
  });
});

describe('resolveRetryBackoff', () => {
  it("uses Argo CD's defaults: 5s doubling up to 3m, no retries", () => {
    assert.deepEqual(resolveRetryBackoff(undefined), DEFAULT_RETRY_BACKOFF);
    assert.deepEqual(resolveRetryBackoff({ limit: 5 }), {
      limit: 5,
      durationMs: 5_000,
      factor: 2,
      maxDurationMs: 180_000,
    });
  });

  it('reads the durations and factor it is given', () => {
    const backoff = resolveRetryBackoff({
      limit: -1,
      backoff: { duration: '30', factor: 3, maxDuration: '1h' },
    });
    assert.deepEqual(backoff, {
      limit: -1,
      durationMs: 30_000,
      factor: 3,
      maxDurationMs: 3_600_000,
    });
  });
});

describe('computeRetryDelay', () => {
  it('multiplies by the factor per retry and stops at maxDuration', () => {
    const backoff = resolveRetryBackoff({
      backoff: { duration: '5s', factor: 2, maxDuration: '30s' },
    });
    const delays = [0, 1, 2, 3, 4].map((retry) => computeRetryDelay(backoff, retry));
    assert.deepEqual(delays, [5_000, 10_000, 20_000, 30_000, 30_000]);
  });

  it('does not cap when maxDuration is zero', () => {
    const backoff = resolveRetryBackoff({
      backoff: { duration: '1s', factor: 10, maxDuration: '0s' },
    });
    assert.equal(computeRetryDelay(backoff, 3), 1_000_000);
  });
});

describe('hasRetriesLeft', () => {
  it('allows `limit` retries, none for 0 and unlimited for a negative limit', () => {
    assert.equal(hasRetriesLeft(resolveRetryBackoff({ limit: 2 }), 1), true);
    assert.equal(hasRetriesLeft(resolveRetryBackoff({ limit: 2 }), 2), false);
    assert.equal(hasRetriesLeft(resolveRetryBackoff({ limit: 0 }), 0), false);
    assert.equal(hasRetriesLeft(resolveRetryBackoff({ limit: -1 }), 1_000), true);
  });
});
