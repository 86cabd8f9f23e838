/**
 * Concurrency tools of the repo cache: single-flight tasks shared by every caller asking for
 * the same key (cancelled only when the last caller gives up), a counting semaphore that
 * bounds fetches across repositories, and a serial queue that keeps one writer per store.
 */

interface SharedEntry<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

/** Runs one task per key at a time; callers arriving meanwhile join it. */
export class SharedTasks<T> {
  readonly #tasks = new Map<string, SharedEntry<T>>();

  /** How many tasks are running. */
  get size(): number {
    return this.#tasks.size;
  }

  /**
   * Joins the task running for `key` or starts `start(signal)`. The caller's `signal` only
   * stops the caller waiting; the task's own signal aborts when every caller has left.
   */
  run(key: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    let entry = this.#tasks.get(key);
    // A task every caller left is being cancelled: a new caller gets a task of its own.
    if (entry === undefined || entry.controller.signal.aborted) {
      const controller = new AbortController();
      const promise = Promise.resolve()
        .then(() => start(controller.signal))
        .finally(() => {
          if (this.#tasks.get(key) === created) this.#tasks.delete(key);
        });
      const created: SharedEntry<T> = { promise, controller, waiters: 0 };
      entry = created;
      this.#tasks.set(key, created);
    }
    return this.#wait(entry, signal);
  }

  #wait(entry: SharedEntry<T>, signal: AbortSignal | undefined): Promise<T> {
    entry.waiters += 1;
    const leave = (): void => {
      entry.waiters -= 1;
      if (entry.waiters === 0) entry.controller.abort(signal?.reason);
    };
    if (signal === undefined) {
      return entry.promise.finally(() => {
        entry.waiters -= 1;
      });
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        leave();
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          if (!signal.aborted) {
            entry.waiters -= 1;
            resolve(value);
          }
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          if (!signal.aborted) {
            entry.waiters -= 1;
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      );
    });
  }
}

/** A counting semaphore; `acquire` waits for a free slot or the signal. */
export class Semaphore {
  #free: number;
  readonly #queue: { grant: () => void; signal: AbortSignal | undefined }[] = [];

  constructor(slots: number) {
    this.#free = Math.max(1, Math.floor(slots));
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.#free > 0) {
      this.#free -= 1;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = { grant: resolve, signal };
      const onAbort = (): void => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(signal?.reason as Error);
      };
      waiter.grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next === undefined) this.#free += 1;
      else next.grant();
    };
  }
}

/** Runs operations one at a time, in call order, whatever their outcome. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(operation, operation);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves when everything queued so far has settled. */
  async drain(): Promise<void> {
    await this.#tail;
  }
}
