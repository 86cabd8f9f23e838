/**
 * How long a failed key waits before it is retried: the larger of a per-key exponential
 * backoff (one broken app backs off without slowing the others) and an overall token bucket
 * (a failing API server that breaks every app at once cannot turn the controller into a
 * retry storm). Modelled on client-go's default controller rate limiter.
 */
import type { Clock } from '../model/index.js';

export interface RateLimiterOptions {
  /** Delay of a key's first retry. */
  readonly baseDelayMs: number;
  /** Each further consecutive failure multiplies the delay by this. */
  readonly factor: number;
  /** The per-key delay never exceeds this. */
  readonly maxDelayMs: number;
  /** Retries allowed per second across all keys, once the burst is spent. */
  readonly qps: number;
  /** Retries allowed at once across all keys. */
  readonly burst: number;
}

/**
 * client-go's defaults except the cap: 5 ms lets a status-write conflict retry at once, and
 * 5 min (not client-go's 16 min) keeps a persistently failing app retried about as often as
 * the periodic resync (Argo CD's is 3 min) would look at it anyway.
 */
export const DEFAULT_RATE_LIMITER_OPTIONS: RateLimiterOptions = {
  baseDelayMs: 5,
  factor: 2,
  maxDelayMs: 300_000,
  qps: 10,
  burst: 100,
};

export interface RateLimiter {
  /** Records one more failure of `key` and returns how long to wait before retrying it. */
  delayFor(key: string): number;
  /** Clears `key`'s failures: its next failure starts again from the base delay. */
  forget(key: string): void;
  /** Consecutive failures recorded for `key` since it was last forgotten. */
  retries(key: string): number;
}

/** Per-key exponential backoff: base, base·factor, base·factor², … capped at maxDelayMs. */
export function createItemBackoff(
  options: Pick<RateLimiterOptions, 'baseDelayMs' | 'factor' | 'maxDelayMs'>,
): RateLimiter {
  const failures = new Map<string, number>();
  return {
    delayFor(key) {
      const previous = failures.get(key) ?? 0;
      failures.set(key, previous + 1);
      // Math.pow overflows to Infinity long before `previous` does; the cap absorbs it.
      const delay = options.baseDelayMs * Math.pow(options.factor, previous);
      return Math.min(delay, options.maxDelayMs);
    },
    forget(key) {
      failures.delete(key);
    },
    retries(key) {
      return failures.get(key) ?? 0;
    },
  };
}

/**
 * A token bucket that reserves: every call takes a token, borrowing from the future when the
 * bucket is empty, and returns how long until that token exists. So N calls at once are
 * spread out at `qps` after the burst, rather than all told the same short wait.
 */
export function createTokenBucket(
  options: Pick<RateLimiterOptions, 'qps' | 'burst'>,
  clock: Clock,
): () => number {
  let tokens = options.burst;
  let updatedAt = clock.now();
  return () => {
    const now = clock.now();
    const refilled = tokens + ((now - updatedAt) / 1000) * options.qps;
    tokens = Math.min(options.burst, refilled) - 1;
    updatedAt = now;
    return tokens >= 0 ? 0 : (-tokens / options.qps) * 1000;
  };
}

/** The controller's rate limiter: max(per-key backoff, overall token bucket). */
export function createRateLimiter(options: Partial<RateLimiterOptions>, clock: Clock): RateLimiter {
  const resolved = { ...DEFAULT_RATE_LIMITER_OPTIONS, ...options };
  const backoff = createItemBackoff(resolved);
  const reserveToken = createTokenBucket(resolved, clock);
  return {
    delayFor: (key) => Math.max(backoff.delayFor(key), reserveToken()),
    forget: (key) => {
      backoff.forget(key);
    },
    retries: (key) => backoff.retries(key),
  };
}
