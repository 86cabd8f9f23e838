/**
 * Where a benchmark's JSON results go: `<dir>/<date>.json`, with -2, -3 … when that date
 * already has a file, formatted as `npm run lint` (prettier --check) expects of a committed file.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format } from 'prettier';

/** A file name in `dir` (created if absent) that no earlier run of today has taken. */
export async function chooseResultFile(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  for (let n = 1; ; n++) {
    const file = join(dir, n === 1 ? `${date}.json` : `${date}-${String(n)}.json`);
    if (!existsSync(file)) return file;
  }
}

export async function writeResultFile(file: string, results: unknown): Promise<void> {
  await writeFile(file, await format(JSON.stringify(results), { parser: 'json' }));
}
