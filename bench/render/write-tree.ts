/**
 * Writes a generated file map under a fresh temporary directory (the one impure step of
 * tree generation) and removes it again.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes `files` (relative paths → contents) under a new temp dir and returns its path. */
export async function writeTreeToTempDir(
  files: Record<string, string>,
  label: string,
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `capstan-bench-${label}-`));
  const dirs = new Set(Object.keys(files).map((path) => dirname(join(root, path))));
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  await Promise.all(Object.entries(files).map(([path, text]) => writeFile(join(root, path), text)));
  return root;
}

/** Removes a tree written by writeTreeToTempDir. */
export async function removeTree(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}
