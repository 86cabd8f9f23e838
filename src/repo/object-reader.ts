/**
 * Reads commits, trees and blobs of one repository through the shared object cache, falling
 * back to isomorphic-git over the store. A commit that is not in the store is a RepoError
 * (resolve the revision first); an unreadable object is an error, never an empty file.
 */
import * as git from 'isomorphic-git';
import { RepoError } from './errors.js';
import type { CachedObject, ObjectCache, TreeEntry } from './object-cache.js';
import type { RepoEntry } from './repo-entry.js';
import { isNotFound, type RepoStore } from './store.js';
import type { ObjectReader } from './tree-source.js';

type Kind = CachedObject['kind'];
type ObjectOf<K extends Kind> = Extract<CachedObject, { kind: K }>;

export class StoreObjectReader implements ObjectReader {
  readonly #entry: RepoEntry;
  readonly #cache: ObjectCache;

  constructor(entry: RepoEntry, cache: ObjectCache) {
    this.#entry = entry;
    this.#cache = cache;
  }

  async readCommitTree(commit: string): Promise<string> {
    const found = await this.#load(commit, 'commit', async (store) => {
      const read = await git.readCommit({ ...where(store), oid: commit });
      return { kind: 'commit', tree: read.commit.tree };
    });
    return found.tree;
  }

  async readTree(oid: string): Promise<ReadonlyMap<string, TreeEntry>> {
    const found = await this.#load(oid, 'tree', async (store) => {
      const read = await git.readTree({ ...where(store), oid });
      const entries = new Map<string, TreeEntry>();
      for (const item of read.tree) {
        entries.set(item.path, { name: item.path, mode: item.mode, oid: item.oid });
      }
      return { kind: 'tree', entries };
    });
    return found.entries;
  }

  async readBlob(oid: string): Promise<Uint8Array> {
    const found = await this.#load(oid, 'blob', async (store) => {
      const read = await git.readBlob({ ...where(store), oid });
      return { kind: 'blob', bytes: read.blob };
    });
    return found.bytes;
  }

  async #load<K extends Kind>(
    oid: string,
    kind: K,
    read: (store: RepoStore) => Promise<ObjectOf<K>>,
  ): Promise<ObjectOf<K>> {
    const hit = this.#cache.get(oid);
    if (hit?.kind === kind) return hit as ObjectOf<K>;
    const store = await this.#entry.store();
    try {
      const value = await read(store);
      this.#cache.set(oid, value);
      return value;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      throw new RepoError({
        reason: 'UnknownRevision',
        repoURL: this.#entry.key,
        revision: oid,
        problem: `${kind} ${oid} is not in the repository cache; resolve the revision first`,
      });
    }
  }
}

function where(store: RepoStore): { fs: RepoStore['fs']; gitdir: string; cache: object } {
  return { fs: store.fs, gitdir: store.dir, cache: store.gitCache };
}
