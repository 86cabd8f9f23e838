/**
 * Builds a `git fast-import` stream that writes one commit (blobs, nested trees, symlinks,
 * executables, deletions) into a bare repository in a single git process, so test repos are
 * made without a working tree. Pure: data in, bytes out.
 */

/**
 * What a path becomes in the next commit: text or bytes (a regular file), `null` (deleted),
 * a symlink to `symlink`, or an executable file.
 */
export type FileChange =
  | string
  | Uint8Array
  | null
  | { readonly symlink: string }
  | { readonly mode: 'executable'; readonly content: string | Uint8Array };

export type FileChanges = Readonly<Record<string, FileChange>>;

export interface Signature {
  readonly name: string;
  readonly email: string;
}

export interface CommitSpec {
  /** Full ref the commit is written to, e.g. refs/heads/main. */
  readonly ref: string;
  /** The parent commit; undefined makes a root (orphan) commit. */
  readonly parent: string | undefined;
  readonly files: FileChanges;
  /** Start from an empty tree instead of the parent's tree. */
  readonly replaceTree: boolean;
  readonly message: string;
  readonly author: Signature;
  readonly committer: Signature;
  readonly date: Date;
}

const COMMIT_MARK = ':1';

/**
 * The fast-import stream for one commit; it ends with `get-mark`, so fast-import prints the
 * new commit's SHA on stdout, and `done`, so a truncated stream fails instead of committing.
 */
export function buildFastImportStream(spec: CommitSpec): Buffer {
  const parts: Buffer[] = [];
  const line = (text: string): void => {
    parts.push(Buffer.from(`${text}\n`, 'utf8'));
  };
  const data = (bytes: Buffer): void => {
    line(`data ${String(bytes.length)}`);
    parts.push(bytes, Buffer.from('\n'));
  };
  const when = `${String(Math.floor(spec.date.getTime() / 1000))} +0000`;
  line(`commit ${spec.ref}`);
  line(`mark ${COMMIT_MARK}`);
  line(`author ${formatSignature(spec.author)} ${when}`);
  line(`committer ${formatSignature(spec.committer)} ${when}`);
  data(Buffer.from(spec.message.endsWith('\n') ? spec.message : `${spec.message}\n`, 'utf8'));
  if (spec.parent !== undefined) line(`from ${spec.parent}`);
  if (spec.replaceTree) line('deleteall');
  const entries = Object.entries(spec.files).map(([file, change]) => {
    return [quotePath(checkRepoPath(file)), change] as const;
  });
  // Deletions first, so replacing a file by a directory of the same name works.
  for (const [quoted, change] of entries) {
    if (change === null && !spec.replaceTree) line(`D ${quoted}`);
  }
  for (const [quoted, change] of entries) {
    if (change === null) continue;
    const blob = describeBlob(change);
    line(`M ${blob.mode} inline ${quoted}`);
    data(blob.bytes);
  }
  line('');
  line(`get-mark ${COMMIT_MARK}`);
  line('done');
  return Buffer.concat(parts);
}

function describeBlob(change: Exclude<FileChange, null>): { mode: string; bytes: Buffer } {
  if (typeof change === 'string' || change instanceof Uint8Array) {
    return { mode: '100644', bytes: toBuffer(change) };
  }
  if ('symlink' in change) return { mode: '120000', bytes: toBuffer(change.symlink) };
  return { mode: '100755', bytes: toBuffer(change.content) };
}

function toBuffer(content: string | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
}

function formatSignature(signature: Signature): string {
  const isSafe = (text: string): boolean => !/[<>\n]/.test(text);
  if (!isSafe(signature.name) || !isSafe(signature.email)) {
    throw new Error(`signature ${JSON.stringify(signature)}: must not contain <, > or newlines`);
  }
  return `${signature.name} <${signature.email}>`;
}

/** Rejects paths git would refuse or that would escape the tree: absolute, `..`, `.git`. */
export function checkRepoPath(file: string): string {
  const segments = file.split('/');
  const isBad = segments.some(
    (s) => s === '' || s === '.' || s === '..' || s.toLowerCase() === '.git',
  );
  if (isBad || file.includes('\0')) {
    throw new Error(`path ${JSON.stringify(file)}: must be relative, without empty, . or .. parts`);
  }
  return file;
}

/** C-style quoting as fast-import expects; UTF-8 bytes pass through unescaped. */
function quotePath(file: string): string {
  const escaped = file.replace(/[\\"\n\t\r]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      default:
        return `\\${c}`;
    }
  });
  return `"${escaped}"`;
}
