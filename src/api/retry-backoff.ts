import { parseDuration } from './duration.js';
import type { RetryStrategy } from './types.js';

/** A retry strategy with Argo CD's defaults filled in and durations in milliseconds. */
export interface RetryBackoff {
  /** 0: no retries; negative: unlimited. */
  readonly limit: number;
  readonly durationMs: number;
  readonly factor: number;
  readonly maxDurationMs: number;
}

/** Argo CD's defaults (DefaultSyncRetryDuration, ...Factor, ...MaxDuration). */
export const DEFAULT_RETRY_BACKOFF: RetryBackoff = {
  limit: 0,
  durationMs: 5_000,
  factor: 2,
  maxDurationMs: 180_000,
};

/**
 * Fills in defaults. Expects a validated strategy: an unparsable duration falls back to the
 * default rather than failing, because validation has already reported it.
 */
export function resolveRetryBackoff(strategy: RetryStrategy | undefined): RetryBackoff {
  const backoff = strategy?.backoff;
  const duration = backoff?.duration === undefined ? undefined : parseDuration(backoff.duration);
  const maxDuration =
    backoff?.maxDuration === undefined ? undefined : parseDuration(backoff.maxDuration);
  return {
    limit: strategy?.limit ?? DEFAULT_RETRY_BACKOFF.limit,
    durationMs: duration ?? DEFAULT_RETRY_BACKOFF.durationMs,
    factor: backoff?.factor ?? DEFAULT_RETRY_BACKOFF.factor,
    maxDurationMs: maxDuration ?? DEFAULT_RETRY_BACKOFF.maxDurationMs,
  };
}

/**
 * Delay before retry number `retryCount` (0-based): duration × factor^retryCount, capped at
 * maxDuration when that is positive (Argo CD's formula).
 */
export function computeRetryDelay(backoff: RetryBackoff, retryCount: number): number {
  const delay = backoff.durationMs * backoff.factor ** Math.max(0, retryCount);
  return backoff.maxDurationMs > 0 ? Math.min(delay, backoff.maxDurationMs) : delay;
}

/** Whether another retry is allowed after `retryCount` retries. */
export function hasRetriesLeft(backoff: RetryBackoff, retryCount: number): boolean {
  return backoff.limit < 0 || retryCount < backoff.limit;
}
