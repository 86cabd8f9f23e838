/**
 * The repo cache: one RepoEntry per normalised URL, a shared object cache, the fetch
 * semaphore, keep-alive agents and the cache-wide metrics, behind resolveRevision,
 * openSource and close.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CapstanError, type FileSource } from '../model/index.js';
import type { Logger } from '../log/index.js';
import type { Metrics } from '../metrics/index.js';
import { Semaphore } from './concurrency.js';
import { RepoError } from './errors.js';
import { createAgents, destroyAgents, type Agents } from './http-transport.js';
import { ObjectCache } from './object-cache.js';
import { StoreObjectReader } from './object-reader.js';
import { RepoEntry, type CredentialsLookup, type EntryContext } from './repo-entry.js';
import { resolveInEntry, type ResolvedRevision } from './resolver.js';
import { removeTrash, StoreReadError } from './store.js';
import { GitTreeSource } from './tree-source.js';
import { hashRepoKey, parseRepoURL } from './url.js';

export interface RepoCacheOptions {
  /** Directory holding one bare repository per URL (an emptyDir in a cluster). */
  readonly cacheDir: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Credentials for a normalised repository URL; asked before every request. */
  readonly credentials: CredentialsLookup;
  /** Fetches running at once across all repositories. */
  readonly maxConcurrentFetches?: number;
  /** Limit for one network operation (ls-remote or fetch). */
  readonly fetchTimeoutMs?: number;
  /** How long a ref advertisement is reused; 0 asks the server on every resolve. */
  readonly refsTtlMs?: number;
  /** Budget of the in-memory cache of parsed trees and blobs. */
  readonly maxObjectCacheBytes?: number;
  /** Aborting it cancels everything, like close(). */
  readonly signal?: AbortSignal;
}

export interface ResolveOptions {
  readonly signal?: AbortSignal;
}

export interface RepoCache {
  /** The commit `targetRevision` names now, fetched into the cache if it was not there. */
  resolveRevision(
    repoURL: string,
    targetRevision: string,
    options?: ResolveOptions,
  ): Promise<ResolvedRevision>;
  /** The tree of a resolved commit as a FileSource (reads fail if it was never resolved). */
  openSource(repoURL: string, sha: string): FileSource;
  /**
   * The repository changed (a push webhook): the next resolve asks the server for its refs
   * afresh, even within the refs TTL or while an older ls-remote is still running.
   */
  expireRefs(repoURL: string): void;
  /** Cancels running operations, waits for them, and frees sockets and memory. */
  close(): Promise<void>;
}

export const DEFAULT_REPO_CACHE_OPTIONS = {
  maxConcurrentFetches: 4,
  fetchTimeoutMs: 90_000,
  refsTtlMs: 0,
  maxObjectCacheBytes: 64 * 1024 * 1024,
} as const;

const FULL_SHA = /^[0-9a-f]{40}$/;

export function createRepoCache(options: RepoCacheOptions): RepoCache {
  return new DiskRepoCache(options);
}

class DiskRepoCache implements RepoCache {
  readonly #cacheDir: string;
  readonly #closing = new AbortController();
  readonly #closed: AbortSignal;
  readonly #objects: ObjectCache;
  readonly #agents: Agents = createAgents();
  readonly #context: EntryContext;
  readonly #entries = new Map<string, RepoEntry>();
  readonly #running = new Set<Promise<unknown>>();
  readonly #diskBytes = new Map<string, number>();
  #prepared: Promise<void> | undefined;

  constructor(options: RepoCacheOptions) {
    const settings = { ...DEFAULT_REPO_CACHE_OPTIONS, ...dropUndefined(options) };
    const { metrics } = options;
    this.#cacheDir = options.cacheDir;
    this.#closed = options.signal
      ? AbortSignal.any([this.#closing.signal, options.signal])
      : this.#closing.signal;
    this.#objects = new ObjectCache(settings.maxObjectCacheBytes, (bytes) => {
      metrics.repoCacheBytes.set({ store: 'memory' }, bytes);
    });
    this.#context = {
      logger: options.logger,
      metrics,
      credentials: options.credentials,
      agents: this.#agents,
      fetchSlots: new Semaphore(settings.maxConcurrentFetches),
      fetchTimeoutMs: settings.fetchTimeoutMs,
      refsTtlMs: settings.refsTtlMs,
      closed: this.#closed,
      onDiskBytes: (key, bytes) => {
        this.#diskBytes.set(key, bytes);
        const total = [...this.#diskBytes.values()].reduce((a, b) => a + b, 0);
        metrics.repoCacheBytes.set({ store: 'disk' }, total);
      },
    };
  }

  async resolveRevision(
    repoURL: string,
    targetRevision: string,
    options: ResolveOptions = {},
  ): Promise<ResolvedRevision> {
    this.#assertOpen();
    const entry = this.#entryFor(repoURL);
    await this.#prepareCacheDir();
    const { signal } = options;
    const work = (
      resolveStoredSha(entry, targetRevision, signal) ??
      resolveInEntry(entry, targetRevision, signal)
    ).catch((error: unknown) => {
      if (!(error instanceof StoreReadError)) throw error;
      // Not a Git failure but the store failing to read (a damaged pack or index): drop it.
      entry.discardStore(error.message);
      throw new RepoError({
        reason: 'Unreachable',
        repoURL: entry.key,
        revision: targetRevision,
        problem: 'the repository cache could not be read; it will be fetched again',
      });
    });
    this.#running.add(work);
    const forget = (): void => {
      this.#running.delete(work);
    };
    work.then(forget, forget);
    return work;
  }

  openSource(repoURL: string, sha: string): FileSource {
    this.#assertOpen();
    const entry = this.#entryFor(repoURL);
    if (!FULL_SHA.test(sha)) {
      throw new RepoError({
        reason: 'UnknownRevision',
        repoURL: entry.key,
        revision: sha,
        problem: 'openSource needs a full commit SHA from resolveRevision',
      });
    }
    const reader = new StoreObjectReader(entry, this.#objects);
    return new GitTreeSource(`${entry.key}@${sha.slice(0, 12)}`, reader, sha);
  }

  expireRefs(repoURL: string): void {
    let key: string;
    try {
      key = parseRepoURL(repoURL).key;
    } catch {
      return; // an unusable URL has no entry to expire
    }
    this.#entries.get(key)?.expireRefs();
  }

  async close(): Promise<void> {
    this.#closing.abort(new CapstanError('Internal', 'repo cache: closed'));
    await Promise.allSettled([...this.#running]);
    await Promise.all([...this.#entries.values()].map((entry) => entry.drain()));
    destroyAgents(this.#agents);
    this.#objects.clear();
  }

  #entryFor(repoURL: string): RepoEntry {
    const parsed = parseRepoURL(repoURL);
    let entry = this.#entries.get(parsed.key);
    if (entry === undefined) {
      const dir = path.join(this.#cacheDir, hashRepoKey(parsed.key));
      entry = new RepoEntry(parsed, dir, this.#context);
      this.#entries.set(parsed.key, entry);
    }
    return entry;
  }

  /** Creates the cache directory and clears crash leftovers, once (again after a failure). */
  #prepareCacheDir(): Promise<void> {
    if (this.#prepared === undefined) {
      const preparing = mkdir(this.#cacheDir, { recursive: true }).then(() =>
        removeTrash(this.#cacheDir),
      );
      this.#prepared = preparing;
      preparing.catch(() => {
        if (this.#prepared === preparing) this.#prepared = undefined;
      });
    }
    return this.#prepared;
  }

  #assertOpen(): void {
    if (this.#closed.aborted) throw new CapstanError('Internal', 'repo cache: used after close()');
  }
}

/** A full SHA already in the store needs no network at all: commits never change. */
function resolveStoredSha(
  entry: RepoEntry,
  revision: string,
  signal: AbortSignal | undefined,
): Promise<ResolvedRevision> | undefined {
  const sha = revision.trim().toLowerCase();
  if (!FULL_SHA.test(sha)) return undefined;
  return entry
    .store()
    .then(async (store) =>
      (await store.hasCommit(sha))
        ? { repoURL: entry.key, revision, sha, ref: undefined, fetched: false }
        : resolveInEntry(entry, revision, signal),
    );
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
