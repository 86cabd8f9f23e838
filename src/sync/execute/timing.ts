/** Waiting with an injected clock, and cancellation through the caller's AbortSignal. */
import type { SyncClock } from './types.js';

/** The process's real clock and timers. */
export const REAL_SYNC_CLOCK: SyncClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Thrown between tasks and in waits once the signal aborted; executePlan turns it into a result. */
export class SyncCancelledError extends Error {
  constructor() {
    super('sync cancelled');
    this.name = 'SyncCancelledError';
  }
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new SyncCancelledError();
}

/** Resolves after `ms` on `clock`; rejects with SyncCancelledError as soon as `signal` aborts. */
export function sleepFor(clock: SyncClock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new SyncCancelledError());
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(new SyncCancelledError());
    };
    const handle = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
