export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_WATCH_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 30_000 };

/**
 * Delay before retry number `failures` (1-based): doubling from `initialMs`, capped at
 * `maxMs`, then scaled into [50 %, 100 %] by `random` so that ~20 watches cut at the same
 * moment do not reconnect in lockstep.
 */
export function computeBackoffDelay(
  failures: number,
  random: number,
  options: BackoffOptions = DEFAULT_WATCH_BACKOFF,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const capped = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  return Math.round(capped * (0.5 + random * 0.5));
}

/** Resolves after `ms`, or at once when `signal` aborts. Never rejects. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
