/**
 * The controller's work queue of app keys, with client-go's rate-limited workqueue semantics:
 * - a key waits in the queue at most once, however often it is added (events coalesce);
 * - a key being processed is never handed to a second worker: added meanwhile it is marked
 *   dirty and queued again by `done(key)`, so one app never reconciles twice at once;
 * - `addAfter` delays a key (resync), `addRateLimited` delays it by the rate limiter
 *   (failure backoff), `forget` resets that backoff after a success;
 * - after `shutDown()` nothing is handed out or added; in-flight keys may still call `done`.
 */
import type { WorkQueueMetrics } from '../metrics/index.js';
import { createDelayHeap } from './delay-heap.js';
import { KeyFifo } from './key-fifo.js';
import {
  createRateLimiter,
  DEFAULT_RATE_LIMITER_OPTIONS,
  type RateLimiter,
  type RateLimiterOptions,
} from './rate-limiter.js';
import { REAL_TIMER_CLOCK, type TimerClock, type TimerHandle } from './timer-clock.js';

// The queue's companions, so that one import gives a controller everything it needs.
export { jitteredInterval } from './jitter.js';
export { runWorkers, type KeyHandler } from './run-workers.js';
export {
  createRateLimiter,
  DEFAULT_RATE_LIMITER_OPTIONS,
  type RateLimiter,
  type RateLimiterOptions,
} from './rate-limiter.js';
export { REAL_TIMER_CLOCK, type TimerClock, type TimerHandle } from './timer-clock.js';

export interface WorkQueueOptions {
  /** The `name` label of the work-queue metrics. */
  readonly name: string;
  readonly clock: TimerClock;
  /** Backoff and overall retry rate of `addRateLimited`. */
  readonly rateLimiter: Partial<RateLimiterOptions>;
  /** Where to report depth, adds, waits, work time and retries; none when undefined. */
  readonly metrics: WorkQueueMetrics | undefined;
}

export const DEFAULT_WORK_QUEUE_OPTIONS: WorkQueueOptions = {
  name: 'default',
  clock: REAL_TIMER_CLOCK,
  rateLimiter: DEFAULT_RATE_LIMITER_OPTIONS,
  metrics: undefined,
};

export interface WorkQueue {
  /** Queues `key` unless it is already waiting; parks it if it is being processed. */
  add(key: string): void;
  /** Adds `key` after `delayMs`; a key already waiting for a time keeps the earlier one. */
  addAfter(key: string, delayMs: number): void;
  /** Adds `key` after its rate-limited backoff and counts a retry. */
  addRateLimited(key: string): void;
  /** Resets `key`'s failure count, so its next backoff starts from the base delay. */
  forget(key: string): void;
  /** Failures of `key` since it was last forgotten. */
  retries(key: string): number;
  /**
   * The next key to process, waiting while the queue is empty; undefined once the queue is
   * shut down or `signal` aborts. The caller owns the key until it calls `done(key)`.
   */
  get(signal?: AbortSignal): Promise<string | undefined>;
  /** Ends processing of `key`; queues it again if it was added meanwhile. */
  done(key: string): void;
  /** Stops handing out and accepting keys; waiting `get`s resolve undefined. */
  shutDown(): void;
  readonly isShuttingDown: boolean;
  /** Keys ready for a worker now (not counting ones parked behind processing or delayed). */
  readonly length: number;
  /** Keys waiting for a time (`addAfter`, `addRateLimited`). */
  readonly delayedCount: number;
  /** Keys a worker holds. */
  readonly processingCount: number;
}

interface Waiter {
  readonly resolve: (key: string | undefined) => void;
  readonly detach: () => void;
}

class RateLimitedWorkQueue implements WorkQueue {
  readonly #clock: TimerClock;
  readonly #metrics: WorkQueueMetrics | undefined;
  readonly #labels: { name: string };
  readonly #limiter: RateLimiter;
  readonly #ready = new KeyFifo();
  /** Keys that need processing: in #ready, or parked until their current processing ends. */
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #addedAt = new Map<string, number>();
  readonly #startedAt = new Map<string, number>();
  readonly #waiters: Waiter[] = [];
  readonly #delayed = createDelayHeap();
  #timer: { handle: TimerHandle; dueAt: number } | undefined;
  #shuttingDown = false;

  constructor(options: WorkQueueOptions) {
    this.#clock = options.clock;
    this.#metrics = options.metrics;
    this.#labels = { name: options.name };
    this.#limiter = createRateLimiter(options.rateLimiter, options.clock);
  }

  get isShuttingDown(): boolean {
    return this.#shuttingDown;
  }

  get length(): number {
    return this.#ready.size;
  }

  get delayedCount(): number {
    return this.#delayed.size;
  }

  get processingCount(): number {
    return this.#processing.size;
  }

  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    this.#addedAt.set(key, this.#clock.now());
    this.#metrics?.workqueueAddsTotal.inc(this.#labels);
    this.#reportDepth();
    // Handing a key that is being processed to a second worker would run one app's
    // reconcile twice at once; `done` queues it instead.
    if (this.#processing.has(key)) return;
    this.#enqueueReady(key);
  }

  addAfter(key: string, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (!(delayMs > 0)) {
      this.add(key);
      return;
    }
    this.#delayed.schedule(key, this.#clock.now() + delayMs);
    this.#armTimer();
  }

  addRateLimited(key: string): void {
    if (this.#shuttingDown) return;
    this.#metrics?.workqueueRetriesTotal.inc(this.#labels);
    this.addAfter(key, this.#limiter.delayFor(key));
  }

  forget(key: string): void {
    this.#limiter.forget(key);
  }

  retries(key: string): number {
    return this.#limiter.retries(key);
  }

  get(signal?: AbortSignal): Promise<string | undefined> {
    if (this.#shuttingDown || signal?.aborted === true) return Promise.resolve(undefined);
    const key = this.#ready.shift();
    if (key === undefined) return this.#waitForKey(signal);
    this.#startProcessing(key);
    return Promise.resolve(key);
  }

  done(key: string): void {
    if (!this.#processing.delete(key)) return;
    const since = this.#startedAt.get(key);
    this.#startedAt.delete(key);
    if (since !== undefined) {
      this.#metrics?.workqueueWorkDuration.observe(
        this.#labels,
        (this.#clock.now() - since) / 1000,
      );
    }
    if (this.#dirty.has(key) && !this.#shuttingDown) this.#enqueueReady(key);
  }

  shutDown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    // A pending timer would keep the process alive and add keys nobody takes.
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer.handle);
    this.#timer = undefined;
    this.#delayed.clear();
    this.#ready.clear();
    this.#dirty.clear();
    this.#addedAt.clear();
    this.#reportDepth();
    for (const waiter of this.#waiters.splice(0)) {
      waiter.detach();
      waiter.resolve(undefined);
    }
  }

  #reportDepth(): void {
    this.#metrics?.workqueueDepth.set(this.#labels, this.#dirty.size);
  }

  #startProcessing(key: string): void {
    this.#dirty.delete(key);
    this.#processing.add(key);
    const now = this.#clock.now();
    const since = this.#addedAt.get(key);
    this.#addedAt.delete(key);
    if (since !== undefined) {
      this.#metrics?.workqueueQueueDuration.observe(this.#labels, (now - since) / 1000);
    }
    this.#startedAt.set(key, now);
    this.#reportDepth();
  }

  /** Gives `key` to the longest-waiting `get`, or queues it when no worker waits. */
  #enqueueReady(key: string): void {
    const waiter = this.#waiters.shift();
    if (waiter === undefined) {
      this.#ready.push(key);
      return;
    }
    waiter.detach();
    this.#startProcessing(key);
    waiter.resolve(key);
  }

  #waitForKey(signal: AbortSignal | undefined): Promise<string | undefined> {
    return new Promise((resolve) => {
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        resolve(undefined);
      };
      const waiter: Waiter = {
        resolve,
        detach: () => {
          signal?.removeEventListener('abort', onAbort);
        },
      };
      this.#waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Keeps one timer, set for the earliest delayed key. */
  #armTimer(): void {
    const dueAt = this.#delayed.nextDueAt();
    if (this.#timer !== undefined && this.#timer.dueAt === dueAt) return;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer.handle);
    this.#timer = undefined;
    if (dueAt === undefined) return;
    const delay = Math.max(0, dueAt - this.#clock.now());
    const handle = this.#clock.setTimeout(() => {
      this.#releaseDue();
    }, delay);
    this.#timer = { handle, dueAt };
  }

  #releaseDue(): void {
    this.#timer = undefined;
    for (const key of this.#delayed.takeDue(this.#clock.now())) this.add(key);
    this.#armTimer();
  }
}

/** Creates an empty work queue. */
export function createWorkQueue(options: Partial<WorkQueueOptions> = {}): WorkQueue {
  return new RateLimitedWorkQueue({ ...DEFAULT_WORK_QUEUE_OPTIONS, ...options });
}
