/**
 * An in-memory FileSource for unit tests of pure modules (the one kind of fake the
 * conventions allow): a map of POSIX paths to contents, with symlinks.
 */
import {
  FileSourceError,
  joinSourcePath,
  type DirEntry,
  type FileSource,
  type FileStat,
} from '../../src/model/index.js';

export type MemoryTree = Record<string, string | { symlink: string }>;

export class MemoryFileSource implements FileSource {
  readonly description = 'memory';
  private readonly files = new Map<string, string>();
  private readonly links = new Map<string, string>();
  private readonly dirs = new Set<string>(['']);

  constructor(tree: MemoryTree) {
    for (const [path, content] of Object.entries(tree)) {
      const clean = joinSourcePath(path) ?? path;
      if (typeof content === 'string') this.files.set(clean, content);
      else this.links.set(clean, content.symlink);
      const parts = clean.split('/');
      for (let i = 1; i < parts.length; i++) this.dirs.add(parts.slice(0, i).join('/'));
    }
  }

  realPath(path: string): Promise<string> {
    return Promise.resolve(this.resolve(path, 0));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const real = await this.realPath(path);
    const content = this.files.get(real);
    if (content !== undefined) return new TextEncoder().encode(content);
    if (this.dirs.has(real)) throw new FileSourceError('IsADirectory', path, 'is a directory');
    throw new FileSourceError('NotFound', path, 'no such file or directory');
  }

  async readDir(path: string): Promise<DirEntry[]> {
    const real = await this.realPath(path);
    if (!this.dirs.has(real)) throw new FileSourceError('NotFound', path, 'no such directory');
    const prefix = real === '' ? '' : `${real}/`;
    const names = new Map<string, DirEntry>();
    for (const p of [...this.files.keys(), ...this.links.keys(), ...this.dirs]) {
      if (!p.startsWith(prefix) || p === real) continue;
      const name = p.slice(prefix.length).split('/')[0] ?? '';
      if (name === '' || names.has(name)) continue;
      names.set(name, { name, kind: this.dirs.has(`${prefix}${name}`) ? 'directory' : 'file' });
    }
    return [...names.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    let real: string;
    try {
      real = await this.realPath(path);
    } catch {
      return undefined;
    }
    if (this.files.has(real)) return { kind: 'file' };
    if (this.dirs.has(real)) return { kind: 'directory' };
    return undefined;
  }

  private resolve(path: string, depth: number): string {
    const clean = joinSourcePath(path);
    if (clean === undefined)
      throw new FileSourceError('OutsideRoot', path, 'outside the source root');
    if (depth > 40)
      throw new FileSourceError('NotFound', path, 'too many levels of symbolic links');
    const parts = clean === '' ? [] : clean.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      const target = this.links.get(prefix);
      if (target === undefined) continue;
      const parent = parts.slice(0, i - 1).join('/');
      const joined = target.startsWith('/')
        ? undefined
        : joinSourcePath(parent, target, ...parts.slice(i));
      if (joined === undefined)
        throw new FileSourceError('OutsideRoot', path, 'symlink points outside the source root');
      return this.resolve(joined, depth + 1);
    }
    return clean;
  }
}
