/**
 * When each app asks Git again: at once when requested (new, changed, refreshed, webhook),
 * otherwise every resync period with jitter. Reconciles that did not ask Git (a live object
 * changed) put the pending resolve back on the queue, because an immediate add may take the
 * place of a pending delayed one.
 */
import { jitteredInterval, type WorkQueue } from './work-queue.js';

const RESYNC_JITTER = 0.1;

export class ResyncSchedule {
  readonly #queue: WorkQueue;
  readonly #resyncMs: number;
  readonly #requested = new Set<string>();
  readonly #dueAt = new Map<string, number>();

  constructor(queue: WorkQueue, resyncMs: number) {
    this.#queue = queue;
    this.#resyncMs = resyncMs;
  }

  /** The app's next reconcile asks Git again. */
  request(appKey: string): void {
    this.#requested.add(appKey);
  }

  /** Whether this reconcile asks Git: requested, or its resync is due. Consumes a request. */
  takeResolve(appKey: string, now: number): boolean {
    return this.#requested.delete(appKey) || now >= (this.#dueAt.get(appKey) ?? 0);
  }

  /** After a reconcile: the next resolve is a period away, or still where it was. */
  afterReconcile(appKey: string, resolved: boolean, now: number): void {
    if (resolved) {
      const delay = jitteredInterval(this.#resyncMs, RESYNC_JITTER, Math.random);
      this.#dueAt.set(appKey, now + delay);
      this.#queue.addAfter(appKey, delay);
      return;
    }
    const due = this.#dueAt.get(appKey);
    if (due !== undefined) this.#queue.addAfter(appKey, Math.max(0, due - now));
  }

  forget(appKey: string): void {
    this.#requested.delete(appKey);
    this.#dueAt.delete(appKey);
  }
}
