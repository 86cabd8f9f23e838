/**
 * Latency benchmark (issue 7): how long a change takes to reach the cluster. On a dev cluster
 * with workloads (controller-manager, scheduler, a kwok node) and a local Git server, the real
 * `capstan controller --resync 1s` manages apps with automated sync, prune and self-heal, each
 * a Deployment, a Service and three ConfigMaps in its own namespace. It measures
 * - commit → applied: a commit changes a ConfigMap value; time from the commit returning until
 *   the bench's watch sees the value in the cluster (the controller polls Git every second);
 * - drift → healed: the bench overwrites a field Git sets; time from the PATCH returning until
 *   the watch shows Git's value back;
 * and reports p50/p90/p99/max against the floors. Progress on stderr, a Markdown
 * summary on stdout, everything in bench/latency/results/<date>.json.
 * Usage: node dist/bench/latency/run.js [--apps 10] [--commits 50] [--drifts 50]
 *        [--back-to-back 4] [--resync 1s] [--workers N] [--timeout 30] [--seed 7]
 *        [--log-level info] [--out F] [--keep]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../../src/api/index.js';
import { chooseResultFile, writeResultFile } from '../compare/result-file.js';
import {
  startBenchCluster,
  startBenchRepo,
  type BenchCluster,
  type BenchRepo,
} from '../compare/setup.js';
import { formatLatencyReport } from './format-report.js';
import { OBJECTS_PER_APP, generateLatencyRepo } from './latency-apps.js';
import { measureLatency } from './measure-latency.js';
import { describeMachine } from '../compare/report.js';
import type { LatencyResults } from './report.js';

/** Relative to the working directory: run from the repository root (or pass --out). */
const RESULTS_DIR = resolve('bench/latency/results');

const REFERENCE =
  'none. Argo CD is not built on this machine, so there is no side-by-side run; the floors are the issue’s absolute targets.';

const progress = (line: string): void => {
  process.stderr.write(`bench/latency: ${line}\n`);
};

function readOptions() {
  const { values } = parseArgs({
    options: {
      apps: { type: 'string', default: '10' },
      commits: { type: 'string', default: '50' },
      drifts: { type: 'string', default: '50' },
      'back-to-back': { type: 'string', default: '4' },
      resync: { type: 'string', default: '1s' },
      workers: { type: 'string' },
      timeout: { type: 'string', default: '30' },
      seed: { type: 'string', default: '7' },
      'log-level': { type: 'string', default: 'info' },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const count = (name: string, text: string, min: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${name}: expected a whole number ≥ ${String(min)}, got ${text}`);
    return value;
  };
  return {
    apps: count('apps', values.apps, 1),
    commits: count('commits', values.commits, 0),
    drifts: count('drifts', values.drifts, 0),
    backToBack: count('back-to-back', values['back-to-back'], 0),
    resync: values.resync,
    resyncMs: readDuration('resync', values.resync),
    workers: values.workers === undefined ? undefined : count('workers', values.workers, 1),
    timeoutMs: count('timeout', values.timeout, 1) * 1000,
    seed: count('seed', values.seed, 0),
    logLevel: values['log-level'],
    out: values.out,
    keep: values.keep,
  };
}
type Options = ReturnType<typeof readOptions>;

function roundFractions(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value)
    ? Math.round(value * 100) / 100
    : value;
}

function readDuration(name: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`--${name}: not a duration: ${text}`);
  return ms;
}

async function run(options: Options): Promise<LatencyResults> {
  const loadBefore = loadavg();
  // One app more than measured: the back-to-back drifts get an app of their own.
  const tree = generateLatencyRepo(options.apps + 1);
  const workDir = await mkdtemp(join(tmpdir(), 'capstan-bench-latency-'));
  let cluster: BenchCluster | undefined;
  let repo: BenchRepo | undefined;
  try {
    progress('starting the dev cluster with workloads (controller-manager, scheduler, kwok node)');
    const clusterStarted = performance.now();
    cluster = await startBenchCluster(progress, { workloads: true });
    const clusterStartMs = performance.now() - clusterStarted;
    progress(`committing ${String(tree.apps.length)} apps to the Git server`);
    repo = await startBenchRepo(tree);
    const measured = await measureLatency(
      { cluster, repo, tree },
      { ...options, workDir },
      progress,
    );
    return {
      date: new Date().toISOString(),
      machine: describeMachine(loadBefore),
      options: {
        apps: options.apps,
        objectsPerApp: OBJECTS_PER_APP,
        resync: options.resync,
        workers: options.workers ?? 'default',
        commits: options.commits,
        drifts: options.drifts,
        backToBack: options.backToBack,
        seed: options.seed,
        logLevel: options.logLevel,
      },
      reference: REFERENCE,
      ...measured,
      setup: { clusterStartMs, ...measured.setup },
    };
  } finally {
    await repo?.server.close();
    await cluster?.stop();
    if (options.keep) progress(`kept ${workDir} (controller.log, applications.yaml)`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

const options = readOptions();
const results = await run(options);
const file = options.out ?? (await chooseResultFile(RESULTS_DIR));
// Hundredths of a millisecond are noise; fewer digits keep the committed file readable.
await writeResultFile(file, JSON.parse(JSON.stringify(results, roundFractions)) as unknown);
process.stdout.write(formatLatencyReport(results));
progress(`results written to ${file}`);
