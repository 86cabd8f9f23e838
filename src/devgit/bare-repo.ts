/**
 * A bare repository served by the dev Git server, changed directly with the real `git` CLI
 * (fast-import, update-ref, symbolic-ref, tag): no working tree is ever kept around.
 * Operations on one repository run one at a time, so concurrent calls cannot lose commits.
 */
import { createHash } from 'node:crypto';
import { access, appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buildFastImportStream, type FileChanges, type Signature } from './fast-import.js';
import { DEFAULT_GIT_IDENTITY, runGit, type GitResult, type RunGitOptions } from './run-git.js';

export interface CommitOptions {
  readonly message?: string;
  /** Branch to commit to; defaults to the branch HEAD names (see `setHead`). */
  readonly branch?: string;
  /** Make the tree exactly `files` instead of applying them on top of the branch's tree. */
  readonly replaceTree?: boolean;
  /** When the branch does not exist yet, start it from this ref; otherwise it is an orphan. */
  readonly from?: string;
  readonly author?: Signature;
  readonly committer?: Signature;
  /** Author and committer date; defaults to now. */
  readonly date?: Date;
}

export interface TagOptions {
  readonly annotated?: boolean;
  /** Message of an annotated tag (implies `annotated`). */
  readonly message?: string;
  /** Move the tag if it already exists. */
  readonly force?: boolean;
}

export interface CreateRepoOptions {
  readonly defaultBranch?: string;
}

/** Where git children run and which HOME they get: the server's temp dir. */
export interface GitSandbox {
  readonly cwd: string;
  readonly home: string;
}

const ZERO_SHA = '0'.repeat(40);

/** Repository settings the tests rely on; gc is off so nothing runs detached after close(). */
const REPO_CONFIG = `[http]
\treceivepack = true
[uploadpack]
\tallowReachableSHA1InWant = true
[receive]
\tautogc = false
[gc]
\tauto = 0
`;

export class BareRepo {
  readonly name: string;
  /** http URL of the repository, e.g. http://127.0.0.1:PORT/name.git */
  readonly url: string;
  /** Path of the bare repository on disk. */
  readonly path: string;
  readonly #sandbox: GitSandbox;
  #headBranch: string;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(fields: {
    name: string;
    url: string;
    path: string;
    sandbox: GitSandbox;
    head: string;
  }) {
    this.name = fields.name;
    this.url = fields.url;
    this.path = fields.path;
    this.#sandbox = fields.sandbox;
    this.#headBranch = fields.head;
  }

  /** Commits `files` to a branch (creating it if absent) and returns the new commit's SHA. */
  commit(files: FileChanges, options: CommitOptions = {}): Promise<string> {
    return this.#serialize(async () => {
      const branch = options.branch ?? this.#headBranch;
      const ref = `refs/heads/${branch}`;
      const tip = await this.#tryResolve(ref);
      const base =
        tip ?? (options.from === undefined ? undefined : await this.#resolveCommit(options.from));
      const stream = buildFastImportStream({
        ref,
        parent: base,
        files,
        replaceTree: options.replaceTree ?? false,
        message: options.message ?? `Update ${branch}`,
        author: options.author ?? DEFAULT_GIT_IDENTITY,
        committer: options.committer ?? options.author ?? DEFAULT_GIT_IDENTITY,
        date: options.date ?? new Date(),
      });
      const result = await this.#git(['fast-import', '--quiet', '--done'], { input: stream });
      return parseSha(result.stdout, `fast-import into ${ref}`);
    });
  }

  /** Creates a tag on `ref` and returns what refs/tags/<name> points to (the tag object if annotated). */
  tag(name: string, ref: string, options: TagOptions = {}): Promise<string> {
    return this.#serialize(async () => {
      const target = await this.#resolveCommit(ref);
      const tagRef = `refs/tags/${name}`;
      if (options.annotated === true || options.message !== undefined) {
        const force = options.force === true ? ['--force'] : [];
        const message = options.message ?? `Release ${name}`;
        await this.#git(['tag', '--annotate', ...force, '--message', message, '--', name, target]);
      } else {
        const expectAbsent = options.force === true ? [] : [ZERO_SHA];
        await this.#git(['update-ref', tagRef, target, ...expectAbsent]);
      }
      return this.#resolveObject(tagRef);
    });
  }

  /** Deletes a branch; fails if it does not exist, to catch typos in tests. */
  deleteBranch(name: string): Promise<void> {
    return this.#serialize(async () => {
      const ref = `refs/heads/${name}`;
      const old = await this.#resolveObject(ref);
      await this.#git(['update-ref', '-d', ref, old]);
    });
  }

  /** Moves (or creates) a branch to any commit, as a force push would; returns its SHA. */
  forcePush(branch: string, ref: string): Promise<string> {
    return this.#serialize(async () => {
      const target = await this.#resolveCommit(ref);
      await this.#git(['update-ref', `refs/heads/${branch}`, target]);
      return target;
    });
  }

  /** The commit SHA a ref, branch, tag (peeled) or SHA names. */
  resolve(ref: string): Promise<string> {
    return this.#serialize(() => this.#resolveCommit(ref));
  }

  /** Points HEAD (the default branch clients check out) at a branch, which may not exist yet. */
  setHead(branch: string): Promise<void> {
    return this.#serialize(async () => {
      await this.#git(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
      this.#headBranch = branch;
    });
  }

  /** Path → blob SHA of every file in the tree of `ref` (recursive). */
  listFiles(ref: string): Promise<Map<string, string>> {
    return this.#serialize(async () => {
      const commit = await this.#resolveCommit(ref);
      const { stdout } = await this.#git(['ls-tree', '-r', '-z', '--full-tree', commit]);
      const files = new Map<string, string>();
      for (const entry of stdout.split('\0')) {
        const match = /^\d+ blob ([0-9a-f]{40})\t(.+)$/s.exec(entry);
        if (match?.[1] !== undefined && match[2] !== undefined) files.set(match[2], match[1]);
      }
      return files;
    });
  }

  #serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(operation, operation);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async #tryResolve(ref: string): Promise<string | undefined> {
    const args = ['rev-parse', '--verify', '--quiet', '--end-of-options', ref];
    const result = await this.#git(args, { okExitCodes: [1] });
    return result.exitCode === 0 ? parseSha(result.stdout, `rev-parse ${ref}`) : undefined;
  }

  async #resolveObject(ref: string): Promise<string> {
    const sha = await this.#tryResolve(ref);
    if (sha === undefined) throw new Error(`${this.name}.git: ${ref} does not exist`);
    return sha;
  }

  #resolveCommit(ref: string): Promise<string> {
    return this.#resolveObject(`${ref}^{commit}`);
  }

  #git(
    args: readonly string[],
    options: Omit<RunGitOptions, 'cwd' | 'home'> = {},
  ): Promise<GitResult> {
    return runGit([`--git-dir=${this.path}`, ...args], { ...options, ...this.#sandbox });
  }
}

interface RepoPlace {
  readonly name: string;
  readonly projectRoot: string;
  readonly baseUrl: string;
  readonly sandbox: GitSandbox;
}

/** Initialises a bare repository under `projectRoot` and returns its handle. */
export async function initBareRepo(
  fields: RepoPlace,
  options: CreateRepoOptions = {},
): Promise<BareRepo> {
  const name = checkRepoName(fields.name);
  const head = options.defaultBranch ?? 'main';
  const repoPath = path.join(fields.projectRoot, `${name}.git`);
  if (await isPresent(repoPath)) throw new Error(`repository ${name}.git already exists`);
  await mkdir(path.dirname(repoPath), { recursive: true });
  // An empty template skips copying sample hooks: faster, and no hook can run.
  const init = ['init', '--bare', '--quiet', '--template=', `--initial-branch=${head}`, repoPath];
  await runGit(init, fields.sandbox);
  await appendFile(path.join(repoPath, 'config'), REPO_CONFIG, 'utf8');
  return new BareRepo({
    name,
    url: `${fields.baseUrl}/${name}.git`,
    path: repoPath,
    sandbox: fields.sandbox,
    head,
  });
}

/** The handle of a repository that already exists under `projectRoot`, or undefined. */
export async function openBareRepo(fields: RepoPlace): Promise<BareRepo | undefined> {
  const name = checkRepoName(fields.name);
  const repoPath = path.join(fields.projectRoot, `${name}.git`);
  if (!(await isPresent(repoPath))) return undefined;
  const args = [`--git-dir=${repoPath}`, 'symbolic-ref', '--short', 'HEAD'];
  const head = (await runGit(args, fields.sandbox)).stdout.trim();
  return new BareRepo({
    name,
    url: `${fields.baseUrl}/${name}.git`,
    path: repoPath,
    sandbox: fields.sandbox,
    head,
  });
}

function isPresent(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Names like `guestbook` or `org/guestbook`; a trailing `.git` is dropped. */
function checkRepoName(name: string): string {
  const bare = name.replace(/\.git$/, '');
  const segment = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
  if (!bare.split('/').every((s) => segment.test(s) && !s.endsWith('.git'))) {
    throw new Error(`repository name ${JSON.stringify(name)}: use letters, digits, . _ - and /`);
  }
  return bare;
}

function parseSha(stdout: string, what: string): string {
  const sha = stdout.trim();
  if (!/^[0-9a-f]{40}$/.test(sha))
    throw new Error(`${what}: expected a SHA, got ${JSON.stringify(sha)}`);
  return sha;
}

/** The SHA git gives a blob with these bytes (`git hash-object`), to compare trees without a checkout. */
export function hashGitBlob(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1')
    .update(`blob ${String(bytes.length)}\0`)
    .update(bytes)
    .digest('hex');
}
