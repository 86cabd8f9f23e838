import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import {
  FileSourceError,
  joinSourcePath,
  type DirEntry,
  type FileSource,
  type FileStat,
} from '../model/index.js';

/**
 * The local disk as a FileSource rooted at `/`, for one `capstan build` (answers are
 * cached for the life of the instance): like `kustomize
 * build`, a build may refer to bases anywhere on disk; the Kustomize load restriction
 * (files only under each kustomization's root, symlinks resolved) is the loader's job.
 */
export class LocalFileSource implements FileSource {
  readonly description = 'local disk';
  // One build looks up the same paths many times (restrictions, stat, kustomization
  // names); the tree does not change during a build, so each answer is kept.
  private readonly realPaths = new Map<string, Promise<string>>();
  private readonly stats = new Map<string, Promise<FileStat | undefined>>();

  async readFile(path: string): Promise<Uint8Array> {
    try {
      return await readFile(absolute(path));
    } catch (err) {
      throw translate(err, path);
    }
  }

  async readDir(path: string): Promise<DirEntry[]> {
    try {
      const entries = await readdir(absolute(path), { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, kind: e.isDirectory() ? 'directory' : 'file' }));
    } catch (err) {
      throw translate(err, path);
    }
  }

  async stat(path: string): Promise<FileStat | undefined> {
    let info = this.stats.get(path);
    if (!info) {
      info = this.realPath(path).then(
        async (real) => ({ kind: (await lstat(`/${real}`)).isDirectory() ? 'directory' : 'file' }),
        () => undefined,
      );
      this.stats.set(path, info);
    }
    return info;
  }

  realPath(path: string): Promise<string> {
    let real = this.realPaths.get(path);
    if (!real) {
      real = realpath(absolute(path)).then(
        (resolved) => resolved.slice(1),
        (err: unknown) => {
          throw translate(err, path);
        },
      );
      this.realPaths.set(path, real);
    }
    return real;
  }
}

/** A source path for an absolute or cwd-relative directory on disk. */
export function toSourcePath(dir: string, cwd: string): string {
  return joinSourcePath(dir.startsWith('/') ? dir : `${cwd}/${dir}`) ?? '';
}

function absolute(path: string): string {
  return `/${path}`;
}

function translate(err: unknown, path: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FileSourceError('NotFound', path, 'no such file or directory');
  if (code === 'ENOTDIR') return new FileSourceError('NotADirectory', path, 'not a directory');
  if (code === 'EISDIR') return new FileSourceError('IsADirectory', path, 'is a directory');
  return err instanceof Error ? err : new Error(String(err));
}
