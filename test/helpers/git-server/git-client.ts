/**
 * The git client side for tests that talk to the test Git server: clone over HTTP, list
 * remote refs, list a work tree. Runs the real `git` CLI through runGit (isolated env,
 * never prompts).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { runGit, type RunGitOptions } from '../../../src/devgit/index.js';

/** A fresh temp dir (e.g. for clones) under the OS temp dir, removed when the test ends. */
export async function makeGitTempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'capstan-git-test-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** `git clone <url>` into `<parentDir>/clone`; returns the clone's path. */
export async function cloneTestRepo(
  url: string,
  parentDir: string,
  options: RunGitOptions = {},
): Promise<string> {
  const target = path.join(parentDir, 'clone');
  await runGit(['clone', '--quiet', url, target], { cwd: parentDir, ...options });
  return target;
}

/** `git ls-remote <url>` (protocol v2) as a ref → SHA map; peeled tags appear as `<tag>^{}`. */
export async function listRemoteRefs(
  url: string,
  options: RunGitOptions = {},
): Promise<Map<string, string>> {
  const { stdout } = await runGit(['-c', 'protocol.version=2', 'ls-remote', url], options);
  const refs = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (sha !== undefined && ref !== undefined) refs.set(ref, sha);
  }
  return refs;
}

/** Every non-directory path under `dir` except `.git/`, sorted, with `/` separators. */
export async function listWorkTreeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file !== '.git' && !file.startsWith('.git/'))
    .sort();
}
