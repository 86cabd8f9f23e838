/**
 * One bare repository per normalised URL under the cache directory, and the protocol that
 * keeps it trustworthy across crashes. `capstan-cache.json` (the marker) exists only while
 * the store is consistent: it is deleted before a fetch starts and written again (atomically)
 * after the fetch succeeded or was rolled back. A store without a valid marker is one a
 * process died in, so opening it removes it and starts empty (with a warning), and the next
 * resolve fetches again. Packs and their indexes are written atomically too, and an object
 * becomes readable only once its index exists, so a commit present here is complete.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import * as git from 'isomorphic-git';
import type { Logger } from '../log/index.js';
import { createStoreFs, TEMP_MARKER, writeFileAtomically, type StoreFs } from './store-fs.js';

export const MARKER_FILE = 'capstan-cache.json';
const MARKER_FORMAT = 1;
/** How many recently fetched commits are remembered and offered to the server as `have`. */
const MAX_RECENT = 16;

interface Marker {
  readonly format: number;
  readonly repo: string;
  readonly recent: readonly string[];
}

/** What a fetch may change that a rollback must restore. */
export interface FetchJournal {
  readonly shallow: string | undefined;
}

export interface StoreLocation {
  /** The bare repository: cacheDir/<hash of the normalised URL>. */
  readonly dir: string;
  /** Normalised repository URL, recorded in the marker. */
  readonly key: string;
  readonly logger: Logger;
}

export class RepoStore {
  readonly dir: string;
  readonly fs: StoreFs = createStoreFs();
  /** isomorphic-git's cache of parsed pack indexes and loaded packs for this store. */
  readonly gitCache: object = {};
  readonly #key: string;
  readonly #present = new Set<string>();
  #recent: string[];

  private constructor(location: StoreLocation, recent: readonly string[]) {
    this.dir = location.dir;
    this.#key = location.key;
    this.#recent = [...recent];
  }

  /** Opens the store at `location`, replacing a broken one by an empty store. */
  static async open(location: StoreLocation): Promise<RepoStore> {
    const problem = await diagnose(location);
    if (problem === 'absent') return RepoStore.#create(location);
    if (problem !== undefined) {
      location.logger.warn(
        { reason: problem },
        'repo cache is broken; removing it and fetching again',
      );
      await removeStoreDir(location.dir);
      return RepoStore.#create(location);
    }
    await removeTempFiles(location.dir);
    const marker = await readMarker(location.dir);
    const store = new RepoStore(location, marker?.recent ?? []);
    const unreadable = await store.#firstUnreadable(store.#recent);
    if (unreadable !== undefined) {
      location.logger.warn(
        { reason: `recorded commit ${unreadable} is unreadable` },
        'repo cache is broken; removing it and fetching again',
      );
      await removeStoreDir(location.dir);
      return RepoStore.#create(location);
    }
    return store;
  }

  static async #create(location: StoreLocation): Promise<RepoStore> {
    await mkdir(location.dir, { recursive: true });
    const store = new RepoStore(location, []);
    await git.init({ fs: store.fs, gitdir: location.dir, bare: true, defaultBranch: 'main' });
    await git.setConfig({
      fs: store.fs,
      gitdir: location.dir,
      path: 'remote.origin.fetch',
      value: '+refs/heads/*:refs/remotes/origin/*',
    });
    await store.#writeMarker();
    return store;
  }

  /** Commits to offer as `have`: the most recently fetched first. */
  get recentCommits(): readonly string[] {
    return this.#recent;
  }

  /** Whether the commit (and so its whole tree) is in the store. */
  async hasCommit(sha: string): Promise<boolean> {
    if (this.#present.has(sha)) return true;
    const found = await this.#peelToCommit(sha);
    return found === sha;
  }

  /**
   * The commit an abbreviated SHA names among the objects here (annotated tags peeled);
   * undefined when nothing matches or it is not a commit. Throws isomorphic-git's
   * AmbiguousError when several objects match.
   */
  async expandCommit(prefix: string): Promise<string | undefined> {
    let oid: string;
    try {
      oid = await git.expandOid({
        fs: this.fs,
        gitdir: this.dir,
        cache: this.gitCache,
        oid: prefix,
      });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    return this.#peelToCommit(oid);
  }

  /** The commit `oid` is or (as an annotated tag) points at; undefined if absent or no commit. */
  async #peelToCommit(oid: string): Promise<string | undefined> {
    try {
      const read = await git.readCommit({
        fs: this.fs,
        gitdir: this.dir,
        cache: this.gitCache,
        oid,
      });
      this.#present.add(read.oid);
      return read.oid;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'NotFoundError' || code === 'ObjectTypeError') return undefined;
      throw new StoreReadError(this.dir, error);
    }
  }

  /** Starts a fetch: the marker goes away until `finishFetch` or `rollbackFetch`. */
  async beginFetch(): Promise<FetchJournal> {
    const shallow = await readFile(path.join(this.dir, 'shallow'), 'utf8').catch(ignoreMissing);
    await unlink(path.join(this.dir, MARKER_FILE)).catch(ignoreMissing);
    return { shallow };
  }

  /** Ends a successful fetch that brought `tips`. */
  async finishFetch(tips: readonly string[]): Promise<void> {
    for (const tip of tips) this.#present.add(tip);
    this.#recent = [...new Set([...tips, ...this.#recent])].slice(0, MAX_RECENT);
    await this.#writeMarker();
  }

  /** Undoes what a failed fetch wrote that could mislead the next one, then re-marks. */
  async rollbackFetch(journal: FetchJournal): Promise<void> {
    const shallowPath = path.join(this.dir, 'shallow');
    if (journal.shallow === undefined) await unlink(shallowPath).catch(ignoreMissing);
    else await writeFileAtomically(shallowPath, journal.shallow, 'utf8');
    await this.#writeMarker();
  }

  /** Bytes the store takes on disk. */
  async diskBytes(): Promise<number> {
    const entries = await readdir(this.dir, { recursive: true, withFileTypes: true });
    const sizes = await Promise.all(
      entries
        .filter((entry) => entry.isFile())
        .map((entry) =>
          stat(path.join(entry.parentPath, entry.name)).then(
            (s) => s.size,
            () => 0,
          ),
        ),
    );
    return sizes.reduce((sum, size) => sum + size, 0);
  }

  async #firstUnreadable(commits: readonly string[]): Promise<string | undefined> {
    for (const sha of commits) {
      try {
        if (!(await this.hasCommit(sha))) return sha;
      } catch {
        return sha;
      }
    }
    return undefined;
  }

  async #writeMarker(): Promise<void> {
    const marker: Marker = { format: MARKER_FORMAT, repo: this.#key, recent: this.#recent };
    await writeFileAtomically(
      path.join(this.dir, MARKER_FILE),
      `${JSON.stringify(marker)}\n`,
      'utf8',
    );
  }
}

/** Why the store at `location` cannot be trusted; 'absent' when there is none. */
async function diagnose(location: StoreLocation): Promise<string | undefined> {
  const exists = await stat(location.dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) return 'absent';
  const marker = await readMarker(location.dir);
  if (marker === undefined) return 'no valid marker: a fetch or the first clone was interrupted';
  if (marker.repo !== location.key) return 'the marker names another repository';
  const objects = await stat(path.join(location.dir, 'objects', 'pack')).catch(() => undefined);
  if (objects?.isDirectory() !== true) return 'objects/pack is missing';
  return undefined;
}

async function readMarker(dir: string): Promise<Marker | undefined> {
  try {
    const value = JSON.parse(
      await readFile(path.join(dir, MARKER_FILE), 'utf8'),
    ) as Partial<Marker>;
    const recent = Array.isArray(value.recent)
      ? value.recent.filter((s) => /^[0-9a-f]{40}$/.test(String(s)))
      : undefined;
    if (value.format !== MARKER_FORMAT || typeof value.repo !== 'string' || recent === undefined)
      return undefined;
    return { format: value.format, repo: value.repo, recent };
  } catch {
    return undefined;
  }
}

/** Renames the directory out of the way first, so a crash mid-removal leaves only trash. */
export async function removeStoreDir(dir: string): Promise<void> {
  const trash = path.join(
    path.dirname(dir),
    `.trash-${path.basename(dir)}-${randomBytes(4).toString('hex')}`,
  );
  await rename(dir, trash).catch(ignoreMissing);
  await rm(trash, { recursive: true, force: true, maxRetries: 3 });
}

/** Removes leftovers of earlier crashes in the cache directory (trash, temporary files). */
export async function removeTrash(cacheDir: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith('.trash-'))
      .map((name) =>
        rm(path.join(cacheDir, name), { recursive: true, force: true, maxRetries: 3 }),
      ),
  );
}

async function removeTempFiles(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries
      .filter((entry) => entry.isFile() && entry.name.includes(TEMP_MARKER))
      .map((entry) => unlink(path.join(entry.parentPath, entry.name)).catch(ignoreMissing)),
  );
}

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}

/** The store failed to read an object it should hold: a damaged pack or index. */
export class StoreReadError extends Error {
  constructor(dir: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`${dir}: reading the store failed: ${detail}`, { cause });
    this.name = 'StoreReadError';
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'NotFoundError';
}
