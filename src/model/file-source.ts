/**
 * A read-only view of a tree of files, addressed by POSIX paths relative to its root
 * (no leading slash; '' or '.' is the root). Implementations: the local disk (for
 * `capstan build`) and a Git tree at a commit (for the controller). Both refuse to
 * reach outside their root, including through symlinks.
 */
export interface FileSource {
  /** A short description for error messages, e.g. the directory or repo URL and commit. */
  readonly description: string;
  readFile(path: string): Promise<Uint8Array>;
  readDir(path: string): Promise<DirEntry[]>;
  /** undefined when nothing exists at `path`. */
  stat(path: string): Promise<FileStat | undefined>;
  /** `path` with every symlink resolved; OutsideRoot when a link leads out of the root. */
  realPath(path: string): Promise<string>;
}

export type FileKind = 'file' | 'directory';

export interface DirEntry {
  name: string;
  kind: FileKind;
}

export interface FileStat {
  kind: FileKind;
}

export type FileSourceErrorCode = 'NotFound' | 'NotADirectory' | 'IsADirectory' | 'OutsideRoot';

/** A read refused or failed; `path` is relative to the source's root. */
export class FileSourceError extends Error {
  readonly code: FileSourceErrorCode;
  readonly path: string;

  constructor(code: FileSourceErrorCode, path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'FileSourceError';
    this.code = code;
    this.path = path;
  }
}

/**
 * Joins and normalises POSIX path segments, resolving `.` and `..`. Returns undefined
 * when the result would climb above the root: callers turn that into OutsideRoot.
 */
export function joinSourcePath(...segments: string[]): string | undefined {
  const parts: string[] = [];
  for (const segment of segments) {
    if (segment.startsWith('/')) parts.length = 0;
    for (const part of segment.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (parts.length === 0) return undefined;
        parts.pop();
      } else {
        parts.push(part);
      }
    }
  }
  return parts.join('/');
}

/** The directory part of a source path ('' for a top-level file). */
export function dirnameOfSourcePath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut);
}
