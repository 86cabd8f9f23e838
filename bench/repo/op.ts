/**
 * One Capstan repo-cache operation in its own process, so GNU time can report its peak RSS:
 *   node dist/bench/repo/op.js <op> <cacheDir> <url> [count]
 * ops: baseline | first-fetch | poll | update | read-overlay. Prints JSON lines on stdout;
 * `update` prints `ready`, then times one resolve per `go` line read on stdin until `end`.
 */
import { createInterface } from 'node:readline';
import { createLogger } from '../../src/log/index.js';
import { createMetrics } from '../../src/metrics/index.js';
import { createRepoCache, type RepoCache } from '../../src/repo/index.js';
import { OVERLAY_DIR } from './build-repo.js';

const [op, cacheDir, url, countArg] = process.argv.slice(2);
if (op === undefined || cacheDir === undefined || url === undefined) {
  process.stderr.write('usage: op.js <op> <cacheDir> <url> [count]\n');
  process.exit(2);
}
const count = Number(countArg ?? '30');

const cache = createRepoCache({
  cacheDir,
  logger: createLogger({ level: 'warn' }),
  metrics: createMetrics(),
  credentials: () => undefined,
});

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

async function timeResolve(
  target: RepoCache,
  repoURL: string,
): Promise<{ ms: number; sha: string; fetched: boolean }> {
  const started = performance.now();
  const resolved = await target.resolveRevision(repoURL, 'main');
  return { ms: performance.now() - started, sha: resolved.sha, fetched: resolved.fetched };
}

async function readOverlay(
  target: RepoCache,
  repoURL: string,
  sha: string,
): Promise<{ ms: number; files: number; bytes: number }> {
  const started = performance.now();
  const source = target.openSource(repoURL, sha);
  const entries = await source.readDir(OVERLAY_DIR);
  const contents = await Promise.all(
    entries.map((e) => source.readFile(`${OVERLAY_DIR}/${e.name}`)),
  );
  const bytes = contents.reduce((sum, c) => sum + c.length, 0);
  return { ms: performance.now() - started, files: contents.length, bytes };
}

async function runUpdates(target: RepoCache, repoURL: string): Promise<void> {
  await target.resolveRevision(repoURL, 'main');
  print('ready');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'end') break;
    print(await timeResolve(target, repoURL));
  }
}

switch (op) {
  case 'baseline':
    print({ ms: 0 });
    break;
  case 'first-fetch':
    print(await timeResolve(cache, url));
    break;
  case 'poll': {
    await cache.resolveRevision(url, 'main');
    const samples: number[] = [];
    for (let i = 0; i < count; i++) samples.push((await timeResolve(cache, url)).ms);
    print({ samples });
    break;
  }
  case 'update':
    await runUpdates(cache, url);
    break;
  case 'read-overlay': {
    const { sha } = await cache.resolveRevision(url, 'main');
    const cold = await readOverlay(cache, url, sha);
    const warm: number[] = [];
    for (let i = 0; i < count; i++) warm.push((await readOverlay(cache, url, sha)).ms);
    print({ cold, warm });
    break;
  }
  default:
    process.stderr.write(`unknown op ${op}\n`);
    process.exitCode = 2;
}
await cache.close();
