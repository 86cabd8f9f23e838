/**
 * Everything the cache keeps for one repository: its store (opened once, lazily), the last
 * ref advertisement, and the network operations on it. ls-remote and fetch are single-flight
 * (callers asking the same thing share one request), fetches into the store run one at a
 * time, fetches across repositories share a semaphore, and every network operation has a
 * timeout, is counted and timed in the metrics, and is cancelled when its callers leave.
 */
import * as git from 'isomorphic-git';
import type { HttpClient } from 'isomorphic-git';
import type { Logger } from '../log/index.js';
import type { GitRequestType, Metrics } from '../metrics/index.js';
import { SerialQueue, SharedTasks, type Semaphore } from './concurrency.js';
import { formatAuthorization, type Credentials } from './credentials.js';
import { restateForRevision, wrapRepoFailure } from './errors.js';
import { fetchIntoStore, type FetchPlan } from './fetcher.js';
import { createHttpClient, type Advertisement, type Agents } from './http-transport.js';
import { readRemoteInfo, type RemoteInfo } from './remote-refs.js';
import { removeStoreDir, RepoStore } from './store.js';
import type { ParsedRepoURL } from './url.js';

export type CredentialsLookup = (
  repoURL: string,
) => Promise<Credentials | undefined> | Credentials | undefined;

/** What every entry shares with the cache that made it. */
export interface EntryContext {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly credentials: CredentialsLookup;
  readonly agents: Agents;
  readonly fetchSlots: Semaphore;
  readonly fetchTimeoutMs: number;
  readonly refsTtlMs: number;
  /** Aborts when the cache closes. */
  readonly closed: AbortSignal;
  /** Called after a fetch with the store's new size on disk. */
  readonly onDiskBytes: (key: string, bytes: number) => void;
}

interface TransportExtras {
  readonly replay?: Advertisement | undefined;
  readonly onAdvertisement?: (advertisement: Advertisement) => void;
  readonly haves?: readonly string[];
}

export class RepoEntry {
  readonly key: string;
  readonly logger: Logger;
  readonly #url: ParsedRepoURL;
  readonly #dir: string;
  readonly #context: EntryContext;
  readonly #lsRemotes = new SharedTasks<RemoteInfo>();
  readonly #fetches = new SharedTasks<boolean>();
  readonly #writer = new SerialQueue();
  #store: Promise<RepoStore> | undefined;
  /** Why the store must be removed before it is opened again. */
  #discard: string | undefined;
  #refs: { readonly at: number; readonly info: RemoteInfo } | undefined;
  /** Bumped by expireRefs: an ls-remote begun before it must not answer callers after it. */
  #refsGeneration = 0;

  constructor(url: ParsedRepoURL, dir: string, context: EntryContext) {
    this.key = url.key;
    this.#url = url;
    this.#dir = dir;
    this.#context = context;
    this.logger = context.logger.child({ repo: url.key });
  }

  /** The store, opened (and repaired if broken) on first use; retried after a failure. */
  store(): Promise<RepoStore> {
    if (this.#store === undefined) {
      const discard = this.#discard;
      this.#discard = undefined;
      const opening = this.#writer.run(async () => {
        if (discard !== undefined) {
          this.logger.warn(
            { reason: discard },
            'repo cache is broken; removing it and fetching again',
          );
          await removeStoreDir(this.#dir);
        }
        const store = await RepoStore.open({ dir: this.#dir, key: this.key, logger: this.logger });
        this.#context.onDiskBytes(this.key, await store.diskBytes());
        return store;
      });
      this.#store = opening;
      opening.catch(() => {
        if (this.#store === opening) this.#store = undefined;
      });
    }
    return this.#store;
  }

  /** Drops the store after it failed to read: the next use removes it and starts over. */
  discardStore(reason: string): void {
    this.#store = undefined;
    this.#discard = reason;
  }

  /** The server's refs, at most `refsTtlMs` old; one request shared by concurrent callers. */
  async remoteInfo(
    revision: string,
    signal: AbortSignal | undefined,
    fresh = false,
  ): Promise<RemoteInfo> {
    const cached = this.#refs;
    if (!fresh && cached !== undefined && performance.now() - cached.at < this.#context.refsTtlMs) {
      return cached.info;
    }
    const generation = this.#refsGeneration;
    return this.#lsRemotes
      .run(
        `ls-remote#${String(generation)}`,
        (taskSignal) => this.#lsRemote(revision, taskSignal, generation),
        signal,
      )
      .catch((error: unknown) => {
        throw restateForRevision(error, revision);
      });
  }

  /** Forgets the cached refs, e.g. after a fetch the server refused. */
  forgetRefs(): void {
    this.#refs = undefined;
  }

  /**
   * The server says its refs changed (a push webhook): forget the cached refs and do not
   * let the next caller join an ls-remote already under way, which may predate the push.
   */
  expireRefs(): void {
    this.#refs = undefined;
    this.#refsGeneration += 1;
  }

  /**
   * Runs `plan` unless `expected` is already present; callers with the same `key` share one
   * fetch. Resolves whether a fetch actually ran.
   */
  fetch(
    key: string,
    plan: FetchPlan,
    request: {
      revision: string;
      expected: string | undefined;
      advertisement: Advertisement | undefined;
    },
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    return this.#fetches
      .run(key, (taskSignal) => this.#fetchOnce(plan, request, taskSignal), signal)
      .catch((error: unknown) => {
        throw restateForRevision(error, request.revision);
      });
  }

  /** Waits for every queued store operation to settle. */
  async drain(): Promise<void> {
    await this.#writer.drain();
  }

  async #lsRemote(revision: string, signal: AbortSignal, generation: number): Promise<RemoteInfo> {
    let advertisement: Advertisement | undefined;
    const info = await this.#network('ls-remote', revision, signal, async (transport) => {
      const http = transport({ onAdvertisement: (captured) => (advertisement = captured) });
      const answer = await git.getRemoteInfo2({
        http,
        url: this.#url.fetchURL,
        protocolVersion: 1,
      });
      return readRemoteInfo(answer, advertisement);
    });
    if (generation === this.#refsGeneration) this.#refs = { at: performance.now(), info };
    this.logger.debug({ revision, refs: info.refs.size }, 'listed remote refs');
    return info;
  }

  async #fetchOnce(
    plan: FetchPlan,
    request: {
      revision: string;
      expected: string | undefined;
      advertisement: Advertisement | undefined;
    },
    signal: AbortSignal,
  ): Promise<boolean> {
    const store = await this.store();
    const release = await this.#context.fetchSlots.acquire(
      AbortSignal.any([signal, this.#context.closed]),
    );
    try {
      return await this.#writer.run(async () => {
        if (request.expected !== undefined && (await store.hasCommit(request.expected)))
          return false;
        const started = performance.now();
        await this.#network('fetch', request.revision, signal, (transport) =>
          fetchIntoStore(store, plan, {
            url: this.#url.fetchURL,
            http: transport({ replay: request.advertisement, haves: store.recentCommits }),
            expected: request.expected,
          }),
        );
        const ms = Math.round(performance.now() - started);
        this.logger.info(
          { revision: request.revision, want: plan.want, depth: plan.depth, ms },
          'fetched',
        );
        this.#context.onDiskBytes(this.key, await store.diskBytes());
        return true;
      });
    } finally {
      release();
    }
  }

  /** Runs one network operation with credentials, a timeout, metrics and error mapping. */
  async #network<T>(
    type: GitRequestType,
    revision: string,
    signal: AbortSignal,
    operation: (transport: (extra: TransportExtras) => HttpClient) => Promise<T>,
  ): Promise<T> {
    const labels = { repo: this.key, request_type: type };
    this.#context.metrics.gitRequestTotal.inc(labels);
    const stopTimer = this.#context.metrics.gitRequestDuration.startTimer(labels);
    const timeout = AbortSignal.timeout(this.#context.fetchTimeoutMs);
    const combined = AbortSignal.any([signal, timeout, this.#context.closed]);
    try {
      const credentials = (await this.#context.credentials(this.key)) ?? this.#url.embedded;
      const authorization =
        credentials === undefined ? undefined : formatAuthorization(credentials);
      return await operation((extra) =>
        createHttpClient({
          signal: combined,
          agents: this.#context.agents,
          authorization,
          replay: extra.replay,
          onAdvertisement: extra.onAdvertisement,
          uploadPack: { thinPack: true, extraHaves: extra.haves ?? [] },
        }),
      );
    } catch (error) {
      if (signal.aborted && !timeout.aborted) throw signal.reason;
      throw wrapRepoFailure(error, { repoURL: this.key, revision, timedOut: timeout.aborted });
    } finally {
      stopTimer();
    }
  }
}
