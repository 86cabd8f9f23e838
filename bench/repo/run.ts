/**
 * Repo cache benchmark (issue 5): Capstan's repo cache against the git CLI on the same
 * 5,000-file, 200-commit repository served by git http-backend, in the same run. Measures
 * first fetch, no-change poll, one-commit update and reading a 300-file overlay: time, peak
 * RSS (GNU time, one process per measurement) and HTTP requests; prints a table with ratios
 * and the floors. Usage: node dist/bench/repo/run.js [--polls N] [--updates N] [--runs N]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildGitEnv,
  startGitServer,
  type GitServer,
  type TestRepo,
} from '../../test/helpers/git-server/index.js';
import { buildBenchRepo, generateChange, OVERLAY_DIR, OVERLAY_FILES } from './build-repo.js';
import { measureCommand, median, percentile, startMeasured, type ProcessRun } from './measure.js';
import { formatReport, type Row } from './report.js';

const OP = path.join(path.dirname(fileURLToPath(import.meta.url)), 'op.js');
const SEED = 42;

interface Setup {
  readonly server: GitServer;
  readonly repo: TestRepo;
  readonly work: string;
  readonly env: NodeJS.ProcessEnv;
  readonly clone: string;
  readonly cacheDir: string;
  readonly runs: number;
}

function readFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const progress = (line: string): void => {
  process.stderr.write(`bench/repo: ${line}\n`);
};

/** Counts the server's requests during `run`. */
async function countingRequests<T>(
  server: GitServer,
  run: () => Promise<T>,
): Promise<{ value: T; requests: number }> {
  const before = server.requests.length;
  const value = await run();
  return { value, requests: server.requests.length - before };
}

const node = (op: string, setup: Setup, extra: string[] = []): Promise<ProcessRun> =>
  measureCommand(process.execPath, [OP, op, setup.cacheDir, setup.repo.url, ...extra]);
const git = (setup: Setup, args: string[], input?: string): Promise<ProcessRun> =>
  measureCommand('git', args, {
    env: setup.env,
    cwd: setup.work,
    ...(input === undefined ? {} : { input }),
  });

async function measureFirstFetch(setup: Setup): Promise<Row> {
  const ours: { ms: number; rss: number; wall: number }[] = [];
  const theirs: ProcessRun[] = [];
  let requests = { ours: 0, git: 0 };
  for (let i = 0; i < setup.runs; i++) {
    const cacheDir =
      i === setup.runs - 1 ? setup.cacheDir : path.join(setup.work, `cache-${String(i)}`);
    const counted = await countingRequests(setup.server, () =>
      measureCommand(process.execPath, [OP, 'first-fetch', cacheDir, setup.repo.url]),
    );
    const { ms } = JSON.parse(counted.value.stdout) as { ms: number };
    ours.push({ ms, rss: counted.value.rssMb, wall: counted.value.wallMs });
    const target = i === setup.runs - 1 ? setup.clone : path.join(setup.work, `clone-${String(i)}`);
    const cloned = await countingRequests(setup.server, () =>
      git(setup, [
        'clone',
        '--quiet',
        '--depth',
        '1',
        '--no-checkout',
        '--single-branch',
        setup.repo.url,
        target,
      ]),
    );
    theirs.push(cloned.value);
    requests = { ours: counted.requests, git: cloned.requests };
  }
  return {
    operation: 'first fetch (depth 1)',
    capstanMs: median(ours.map((o) => o.ms)),
    capstanNote: `process wall ${median(ours.map((o) => o.wall)).toFixed(0)} ms`,
    gitMs: median(theirs.map((r) => r.wallMs)),
    gitCommand: 'git clone --depth 1 --no-checkout',
    capstanRssMb: median(ours.map((o) => o.rss)),
    gitRssMb: median(theirs.map((r) => r.rssMb)),
    requests: `${String(requests.ours)} / ${String(requests.git)}`,
  };
}

async function measurePoll(setup: Setup, polls: number): Promise<Row[]> {
  const counted = await countingRequests(setup.server, () => node('poll', setup, [String(polls)]));
  const { samples } = JSON.parse(counted.value.stdout) as { samples: number[] };
  const lsRemote: ProcessRun[] = [];
  const fetches: ProcessRun[] = [];
  let gitRequests = { ls: 0, fetch: 0 };
  for (let i = 0; i < setup.runs * 2; i++) {
    const ls = await countingRequests(setup.server, () =>
      git(setup, ['ls-remote', setup.repo.url, 'refs/heads/main']),
    );
    const fetched = await countingRequests(setup.server, () =>
      git(setup, ['-C', setup.clone, 'fetch', '--quiet', '--depth', '1', 'origin', 'main']),
    );
    lsRemote.push(ls.value);
    fetches.push(fetched.value);
    gitRequests = { ls: ls.requests, fetch: fetched.requests };
  }
  const perPoll = (counted.requests / (polls + 1)).toFixed(0);
  const base = {
    capstanMs: median(samples),
    capstanNote: `p95 ${percentile(samples, 95).toFixed(1)} ms over ${String(polls)}`,
    capstanRssMb: counted.value.rssMb,
  };
  return [
    {
      ...base,
      operation: 'no-change poll',
      gitMs: median(lsRemote.map((r) => r.wallMs)),
      gitCommand: 'git ls-remote',
      gitRssMb: median(lsRemote.map((r) => r.rssMb)),
      requests: `${perPoll} / ${String(gitRequests.ls)}`,
    },
    {
      ...base,
      operation: 'no-change poll',
      gitMs: median(fetches.map((r) => r.wallMs)),
      gitCommand: 'git fetch --depth 1 (no change)',
      gitRssMb: median(fetches.map((r) => r.rssMb)),
      requests: `${perPoll} / ${String(gitRequests.fetch)}`,
    },
  ];
}

async function measureUpdate(setup: Setup, updates: number): Promise<Row> {
  const child = startMeasured(process.execPath, [OP, 'update', setup.cacheDir, setup.repo.url]);
  await child.nextLine();
  const ours: number[] = [];
  let ourRequests = 0;
  for (let i = 0; i < updates; i++) {
    await setup.repo.commit(generateChange(SEED, 1000 + i), { message: `update ${String(i)}` });
    const counted = await countingRequests(setup.server, async () => {
      child.send('go');
      return JSON.parse(await child.nextLine()) as { ms: number; fetched: boolean };
    });
    if (!counted.value.fetched) throw new Error('an update did not fetch');
    ours.push(counted.value.ms);
    ourRequests = counted.requests;
  }
  child.send('end');
  const ourRun = await child.finish();
  await git(setup, ['-C', setup.clone, 'fetch', '--quiet', '--depth', '1', 'origin', 'main']);
  const theirs: ProcessRun[] = [];
  let gitRequests = 0;
  for (let i = 0; i < updates; i++) {
    await setup.repo.commit(generateChange(SEED, 2000 + i), { message: `git update ${String(i)}` });
    const counted = await countingRequests(setup.server, () =>
      git(setup, ['-C', setup.clone, 'fetch', '--quiet', '--depth', '1', 'origin', 'main']),
    );
    theirs.push(counted.value);
    gitRequests = counted.requests;
  }
  return {
    operation: 'one-commit update',
    capstanMs: median(ours),
    capstanNote: `min ${Math.min(...ours).toFixed(1)} ms over ${String(updates)}`,
    gitMs: median(theirs.map((r) => r.wallMs)),
    gitCommand: 'git fetch --depth 1 origin main',
    capstanRssMb: ourRun.rssMb,
    gitRssMb: median(theirs.map((r) => r.rssMb)),
    requests: `${String(ourRequests)} / ${String(gitRequests)}`,
  };
}

async function measureOverlay(setup: Setup): Promise<Row[]> {
  const run = await node('read-overlay', setup, ['20']);
  const { cold, warm } = JSON.parse(run.stdout) as {
    cold: { ms: number; files: number };
    warm: number[];
  };
  if (cold.files !== OVERLAY_FILES) throw new Error(`read ${String(cold.files)} overlay files`);
  const names = (
    await git(setup, ['-C', setup.clone, 'ls-tree', '--name-only', 'FETCH_HEAD', `${OVERLAY_DIR}/`])
  ).stdout;
  const input = names
    .trim()
    .split('\n')
    .map((name) => `FETCH_HEAD:${name}\n`)
    .join('');
  const theirs: ProcessRun[] = [];
  for (let i = 0; i < setup.runs; i++)
    theirs.push(await git(setup, ['-C', setup.clone, 'cat-file', '--batch'], input));
  const gitMs = median(theirs.map((r) => r.wallMs));
  const gitRssMb = median(theirs.map((r) => r.rssMb));
  const common = {
    gitMs,
    gitCommand: 'git cat-file --batch (300 paths)',
    capstanRssMb: run.rssMb,
    gitRssMb,
    requests: '0 / 0',
  };
  return [
    {
      ...common,
      operation: 'read 300-file overlay, cold',
      capstanMs: cold.ms,
      capstanNote: 'fresh process, first read',
    },
    {
      ...common,
      operation: 'read 300-file overlay, warm',
      capstanMs: median(warm),
      capstanNote: 'object LRU hit',
    },
  ];
}

async function main(): Promise<void> {
  const runs = readFlag('runs', 3);
  const loadBefore = loadavg();
  const server = await startGitServer();
  const work = await mkdtemp(path.join(tmpdir(), 'capstan-bench-repo-'));
  try {
    progress('building the repository (5,000 files, 200 commits)');
    const repo = await buildBenchRepo(server, SEED, progress);
    const setup: Setup = {
      server,
      repo,
      work,
      env: buildGitEnv(work),
      clone: path.join(work, 'clone'),
      cacheDir: path.join(work, 'cache'),
      runs,
    };
    const baseline = await node('baseline', setup);
    progress('first fetch');
    const rows = [await measureFirstFetch(setup)];
    progress('no-change poll');
    rows.push(...(await measurePoll(setup, readFlag('polls', 30))));
    progress('one-commit update');
    rows.push(await measureUpdate(setup, readFlag('updates', 5)));
    progress('reading the overlay');
    rows.push(...(await measureOverlay(setup)));
    process.stdout.write(
      formatReport(rows, { baselineRssMb: baseline.rssMb, loadBefore, loadAfter: loadavg() }),
    );
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
