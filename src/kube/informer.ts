import { Agent } from 'node:https';
import type { Logger } from '../log/index.js';
import { KubeError, describeError } from '../model/index.js';
import type { ManifestObject } from './apply.js';
import { computeBackoffDelay, DEFAULT_WATCH_BACKOFF, sleepUnlessAborted } from './backoff.js';
import type { KubeClient } from './client.js';
import { locateResource, objectPath } from './discovery.js';
import { InformerStore, resourceVersionOf, type InformerHandlers } from './informer-store.js';
import { apiVersionOf, listObjects, type ResourceTarget } from './list.js';
import { streamWatch, type WatchEvent } from './watch-stream.js';

export type { InformerHandlers } from './informer-store.js';

/** A cache of one kind kept current by list + watch (DESIGN §5 self-heal). */
export interface Informer {
  /** Resolves after the initial list is in the store and the handlers heard of it. */
  start(): Promise<void>;
  /** Ends the watch at once; no handler runs after it returns. */
  stop(): void;
  get(namespace: string | undefined, name: string): ManifestObject | undefined;
  list(): ManifestObject[];
  readonly hasSynced: boolean;
  /** Handlers added after sync first hear an add for every object already in the store. */
  addHandlers(handlers: InformerHandlers): void;
  /** Settles once the watch loop has ended after stop(), for an orderly shutdown. */
  whenStopped(): Promise<void>;
}

export interface InformerOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  logger: Logger;
  signal?: AbortSignal | undefined;
  /** Server-side end of each watch; default 5–6 min, spread so watches do not renew together. */
  watchTimeoutSeconds?: number | undefined;
  /** Told about every failed list or watch; the informer keeps retrying regardless. */
  onError?: ((error: KubeError) => void) | undefined;
}

/** A watch that stayed up this long was healthy: its failure starts the backoff afresh. */
const HEALTHY_WATCH_MS = 10_000;

/** A watch that the server ended sooner than this is treated like a failure for backoff. */
const MIN_WATCH_MS = 1_000;

/** 5–6 minutes: spread, so that ~20 watches started together do not all renew together. */
function pickWatchTimeoutSeconds(): number {
  return 300 + Math.floor(Math.random() * 60);
}

/** Watches and caches the objects of one kind; see `Informer`. */
export function createInformer(
  client: KubeClient,
  target: ResourceTarget,
  options: InformerOptions,
): Informer {
  return new ListWatchInformer(client, target, options);
}

class ListWatchInformer implements Informer {
  private readonly abort = new AbortController();
  /** Watches are long-lived: they get their own sockets, never the request pool's. */
  private readonly agent = new Agent({ keepAlive: true });
  private readonly store: InformerStore;
  private readonly logger: Logger;
  private readonly apiVersion: string;
  private resourceVersion = '';
  private synced = false;
  private started = false;
  /** The watch loop; it catches everything itself and ends when stop() aborts. */
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: KubeClient,
    private readonly target: ResourceTarget,
    private readonly options: InformerOptions,
  ) {
    this.apiVersion = apiVersionOf(target);
    this.logger = options.logger.child({
      kind: target.kind,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    });
    this.store = new InformerStore(this.logger, () => this.isStopped());
    if (options.signal?.aborted) this.stop();
    options.signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  get(namespace: string | undefined, name: string): ManifestObject | undefined {
    return this.store.get(namespace, name);
  }

  list(): ManifestObject[] {
    return this.store.list();
  }

  addHandlers(handlers: InformerHandlers): void {
    this.store.addHandlers(handlers, this.synced);
  }

  async start(): Promise<void> {
    if (this.started) throw new KubeError(`${this.target.kind} informer: already started`);
    this.started = true;
    await this.listUntilSynced();
    this.loop = this.watchUntilStopped();
  }

  /** A method, not a property read, so that TypeScript does not narrow it across awaits. */
  private isStopped(): boolean {
    return this.abort.signal.aborted;
  }

  stop(): void {
    if (this.isStopped()) return;
    this.abort.abort();
    this.agent.destroy();
  }

  whenStopped(): Promise<void> {
    return this.loop;
  }

  /** Retries the first list while failures look transient; a missing kind or RBAC denial rejects. */
  private async listUntilSynced(): Promise<void> {
    for (let failures = 1; ; failures++) {
      if (this.isStopped()) break;
      try {
        await this.relist();
        if (this.isStopped()) break;
        this.synced = true;
        return;
      } catch (err) {
        if (this.isStopped()) break;
        const error = this.report(err);
        if (!error.retryable) throw error;
        await this.backOff(failures);
      }
    }
    throw new KubeError(`${this.target.kind} informer: stopped before the first list`);
  }

  private async relist(): Promise<void> {
    const listed = await listObjects(this.client, this.target, {
      ...this.selection(),
      signal: this.abort.signal,
    });
    if (this.isStopped()) return;
    this.store.replaceAll(listed.items);
    this.resourceVersion = listed.resourceVersion;
    this.logger.debug(
      { count: listed.items.length, resourceVersion: listed.resourceVersion },
      'informer listed',
    );
  }

  private async watchUntilStopped(): Promise<void> {
    let failures = 0;
    let expiries = 0;
    let mustRelist = false;
    while (!this.isStopped()) {
      let connectedAt = 0;
      try {
        if (mustRelist) {
          await this.relist();
          mustRelist = false;
        }
        const end = await this.watchOnce(() => (connectedAt = Date.now()));
        if (end === 'expired') {
          // 410: the resourceVersion is older than the server's history; only a list helps.
          this.logger.debug({ resourceVersion: this.resourceVersion }, 'informer watch expired');
          mustRelist = true;
          expiries += 1;
          // One 410 is routine; a 410 right after a relist means relisting alone won't do.
          if (expiries > 1) await this.backOff(expiries - 1);
        } else {
          expiries = 0;
          // A server that ends every watch at once must not make this loop spin.
          failures = Date.now() - connectedAt < MIN_WATCH_MS ? failures + 1 : 0;
          if (failures > 0) await this.backOff(failures);
        }
      } catch (err) {
        if (this.isStopped()) break;
        if (connectedAt !== 0 && Date.now() - connectedAt > HEALTHY_WATCH_MS) failures = 0;
        failures += 1;
        this.report(err);
        await this.backOff(failures);
      }
    }
    this.logger.debug('informer stopped');
  }

  private backOff(failures: number): Promise<void> {
    const delay = computeBackoffDelay(failures, Math.random(), DEFAULT_WATCH_BACKOFF);
    return sleepUnlessAborted(delay, this.abort.signal);
  }

  private async watchOnce(onConnected: () => void): Promise<'closed' | 'expired'> {
    const location = await locateResource(this.client, this.apiVersion, this.target.kind);
    return streamWatch(this.client, {
      path: objectPath(location, this.options.namespace),
      kind: this.target.kind,
      resourceVersion: this.resourceVersion,
      ...this.selection(),
      timeoutSeconds: this.options.watchTimeoutSeconds ?? pickWatchTimeoutSeconds(),
      agent: this.agent,
      signal: this.abort.signal,
      onConnected,
      onEvent: (event) => this.applyEvent(event),
    });
  }

  private applyEvent(event: WatchEvent): void {
    const rv = resourceVersionOf(event.object);
    if (event.type !== 'BOOKMARK') {
      const obj = {
        apiVersion: this.apiVersion,
        kind: this.target.kind,
        ...event.object,
      } as ManifestObject;
      this.store.applyWatchEvent(event.type, obj);
    }
    // Bookmarks carry only a resourceVersion: a later re-watch starts there.
    if (rv) this.resourceVersion = rv;
  }

  private selection(): { namespace?: string; labelSelector?: string; fieldSelector?: string } {
    const { namespace, labelSelector, fieldSelector } = this.options;
    return {
      ...(namespace ? { namespace } : {}),
      ...(labelSelector ? { labelSelector } : {}),
      ...(fieldSelector ? { fieldSelector } : {}),
    };
  }

  private report(err: unknown): KubeError {
    const error =
      err instanceof KubeError
        ? err
        : new KubeError(`${this.target.kind} informer: ${describeError(err)}`, {
            cause: err,
            retryable: true,
          });
    this.logger.warn({ error: error.message }, 'informer request failed');
    try {
      this.options.onError?.(error);
    } catch {
      // A failing error callback must not end the watch loop.
    }
    return error;
  }
}
