/**
 * A FileSource over the tree of one commit, read straight from the object store (no
 * checkout). Symlinks (mode 120000) are followed within the repository; one that leads out
 * of it (an absolute target, or `..` above the root) is refused with OutsideRoot, which is
 * the Kustomize load restriction's guarantee. Submodules read as empty directories.
 */
import {
  FileSourceError,
  joinSourcePath,
  type DirEntry,
  type FileKind,
  type FileSource,
  type FileStat,
} from '../model/index.js';
import type { TreeEntry } from './object-cache.js';

/** How the source reads objects; implemented over the store and the object cache. */
export interface ObjectReader {
  readCommitTree(commit: string): Promise<string>;
  readTree(oid: string): Promise<ReadonlyMap<string, TreeEntry>>;
  readBlob(oid: string): Promise<Uint8Array>;
}

const TREE_MODE = '040000';
const SYMLINK_MODE = '120000';
const SUBMODULE_MODE = '160000';
/** Like Linux's MAXSYMLINKS. */
const MAX_SYMLINK_HOPS = 40;

interface Resolved {
  /** The path with every symlink resolved. */
  readonly path: string;
  readonly kind: FileKind;
  readonly oid: string;
  readonly isSubmodule: boolean;
}

export class GitTreeSource implements FileSource {
  readonly description: string;
  readonly #reader: ObjectReader;
  readonly #commit: string;
  #root: Promise<string> | undefined;

  constructor(description: string, reader: ObjectReader, commit: string) {
    this.description = description;
    this.#reader = reader;
    this.#commit = commit;
  }

  async readFile(path: string): Promise<Uint8Array> {
    const found = await this.#resolve(path);
    if (found.kind === 'directory')
      throw new FileSourceError('IsADirectory', path, 'is a directory');
    return (await this.#reader.readBlob(found.oid)).slice();
  }

  async readDir(path: string): Promise<DirEntry[]> {
    const found = await this.#resolve(path);
    if (found.kind !== 'directory')
      throw new FileSourceError('NotADirectory', path, 'not a directory');
    if (found.isSubmodule) return [];
    const entries = await this.#reader.readTree(found.oid);
    const listed = await Promise.all(
      [...entries.values()].map(async (entry): Promise<DirEntry> => ({
        name: entry.name,
        kind: await this.#kindOfEntry(found.path, entry),
      })),
    );
    return listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      return { kind: (await this.#resolve(path)).kind };
    } catch (error) {
      if (error instanceof FileSourceError) return undefined;
      throw error;
    }
  }

  async realPath(path: string): Promise<string> {
    return (await this.#resolve(path)).path;
  }

  /** A symlink lists as what it points at; one that leads nowhere or outside, as a file. */
  async #kindOfEntry(dir: string, entry: TreeEntry): Promise<FileKind> {
    if (entry.mode === TREE_MODE || entry.mode === SUBMODULE_MODE) return 'directory';
    if (entry.mode !== SYMLINK_MODE) return 'file';
    try {
      return (await this.#resolve(joinSourcePath(dir, entry.name) ?? entry.name)).kind;
    } catch (error) {
      if (error instanceof FileSourceError) return 'file';
      throw error;
    }
  }

  /** Walks `path` from the root, following every symlink on the way and at the end. */
  async #resolve(path: string): Promise<Resolved> {
    const clean = joinSourcePath(path);
    if (clean === undefined)
      throw new FileSourceError('OutsideRoot', path, 'outside the repository');
    const root = await this.#rootTree();
    let parts = clean === '' ? [] : clean.split('/');
    for (let hops = 0; hops <= MAX_SYMLINK_HOPS; hops++) {
      const step = await this.#walk(root, parts, path);
      if (!('link' in step)) return step;
      parts = step.link === '' ? [] : step.link.split('/');
    }
    throw new FileSourceError('NotFound', path, 'too many levels of symbolic links');
  }

  /** One pass over `parts`; stops at the first symlink and says where it leads. */
  async #walk(
    root: string,
    parts: readonly string[],
    asked: string,
  ): Promise<Resolved | { link: string }> {
    let tree = root;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i] ?? '';
      const entry = (await this.#reader.readTree(tree)).get(name);
      if (entry === undefined)
        throw new FileSourceError('NotFound', asked, 'no such file or directory');
      const here = parts.slice(0, i + 1).join('/');
      if (entry.mode === SYMLINK_MODE) {
        const target = new TextDecoder().decode(await this.#reader.readBlob(entry.oid));
        const link = target.startsWith('/')
          ? undefined
          : joinSourcePath(parts.slice(0, i).join('/'), target, ...parts.slice(i + 1));
        if (link === undefined) {
          throw new FileSourceError(
            'OutsideRoot',
            asked,
            `symlink ${here} points outside the repository`,
          );
        }
        return { link };
      }
      const isLast = i === parts.length - 1;
      if (entry.mode === SUBMODULE_MODE) {
        if (isLast) return { path: here, kind: 'directory', oid: entry.oid, isSubmodule: true };
        throw new FileSourceError(
          'NotFound',
          asked,
          `${here} is a submodule, which is not fetched`,
        );
      }
      if (entry.mode !== TREE_MODE) {
        if (isLast) return { path: here, kind: 'file', oid: entry.oid, isSubmodule: false };
        throw new FileSourceError('NotADirectory', asked, `${here} is not a directory`);
      }
      tree = entry.oid;
    }
    return { path: parts.join('/'), kind: 'directory', oid: tree, isSubmodule: false };
  }

  #rootTree(): Promise<string> {
    if (this.#root === undefined) {
      const reading = this.#reader.readCommitTree(this.#commit);
      this.#root = reading;
      reading.catch(() => {
        if (this.#root === reading) this.#root = undefined;
      });
    }
    return this.#root;
  }
}
