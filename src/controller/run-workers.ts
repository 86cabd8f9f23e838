/**
 * Worker loops over a work queue: each takes a key, runs the handler, and reports the outcome
 * to the queue (success forgets the key's backoff, a throw re-adds it rate-limited). The
 * queue's one-worker-per-key rule means N loops never run one key twice at once.
 */
import type { WorkQueue } from './work-queue.js';

/** Processes one key. Throwing means "retry later with backoff"; log before throwing. */
export type KeyHandler = (key: string, signal: AbortSignal) => Promise<void>;

async function processQueuedKey(
  queue: WorkQueue,
  key: string,
  handler: KeyHandler,
  signal: AbortSignal,
): Promise<void> {
  try {
    await handler(key, signal);
    queue.forget(key);
  } catch {
    // The handler reports its own failure (log, status condition); here it only means retry.
    queue.addRateLimited(key);
  } finally {
    // Without `done` the key would stay "processing" forever and never be handed out again.
    queue.done(key);
  }
}

async function runWorkerLoop(
  queue: WorkQueue,
  handler: KeyHandler,
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    const key = await queue.get(signal);
    if (key === undefined) return;
    await processQueuedKey(queue, key, handler, signal);
  }
}

/**
 * Runs `count` concurrent worker loops. Resolves once the queue is shut down (or `signal`
 * aborts) and every in-flight handler has finished; never rejects. `signal` is passed to
 * every handler so that a shutdown can cancel long operations.
 */
export async function runWorkers(
  queue: WorkQueue,
  count: number,
  handler: KeyHandler,
  signal: AbortSignal = new AbortController().signal,
): Promise<void> {
  const loops = Array.from({ length: count }, () => runWorkerLoop(queue, handler, signal));
  await Promise.all(loops);
}
