/**
 * Compare benchmark (issue 6): the controller's read path at scale. On a dev cluster (API
 * server + etcd) with N apps × M objects already applied, it starts `capstan controller`,
 * creates the Applications with kubectl and measures the time until every app is Synced at
 * the commit; then the controller's CPU and RSS in steady state with a short resync; the
 * capstan_app_reconcile histogram; and how fast live edits show as OutOfSync. Progress on
 * stderr, a Markdown table on stdout, everything in bench/compare/results/<date>.json.
 * Usage: node dist/bench/compare/run.js [--apps 200] [--objects 20] [--steady 60]
 *        [--resync 10s] [--workers N] [--edits 20] [--timeout 300] [--seed 42] [--out F] [--keep]
 *        [--profile]
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findPackageRoot } from '../../src/devcluster/index.js';
import { formatProfile } from '../render/format-report.js';
import { summarizeCpuProfile } from '../render/summarize-cpu-profile.js';
import { generateBenchRepo } from './generate-apps.js';
import { measureReadPath } from './measure-read-path.js';
import { formatCompareReport } from './format-report.js';
import { describeMachine, type CompareResults } from './report.js';
import { chooseResultFile, writeResultFile } from './result-file.js';
import {
  preApplyApps,
  renderDesired,
  startBenchCluster,
  startBenchRepo,
  type BenchCluster,
  type BenchRepo,
} from './setup.js';

/** Relative to the working directory: run from the repository root (or pass --out). */
const RESULTS_DIR = resolve('bench/compare/results');

const progress = (line: string): void => {
  process.stderr.write(`bench/compare: ${line}\n`);
};

function readOptions() {
  const { values } = parseArgs({
    options: {
      apps: { type: 'string', default: '200' },
      objects: { type: 'string', default: '20' },
      steady: { type: 'string', default: '60' },
      resync: { type: 'string', default: '10s' },
      workers: { type: 'string' },
      edits: { type: 'string', default: '20' },
      timeout: { type: 'string', default: '300' },
      seed: { type: 'string', default: '42' },
      'log-level': { type: 'string', default: 'info' },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  const positive = (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name}: not a count: ${text}`);
    return value;
  };
  return {
    apps: Math.max(1, positive('apps', values.apps)),
    objectsPerApp: Math.max(1, positive('objects', values.objects)),
    steadySeconds: positive('steady', values.steady),
    resync: values.resync,
    workers: values.workers === undefined ? undefined : positive('workers', values.workers),
    edits: positive('edits', values.edits),
    timeoutMs: positive('timeout', values.timeout) * 1000,
    seed: positive('seed', values.seed),
    logLevel: values['log-level'],
    out: values.out,
    keep: values.keep,
    profile: values.profile,
  };
}
type Options = ReturnType<typeof readOptions>;

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

/** The controller's CPU profile (written when it stopped), summarised as bench/render does. */
async function summarizeProfile(dir: string): Promise<string> {
  const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) return `no .cpuprofile in ${dir}`;
  return formatProfile(await summarizeCpuProfile(join(dir, file), findPackageRoot()));
}

async function run(
  options: Options,
): Promise<{ results: CompareResults; profile: string | undefined }> {
  const loadBefore = loadavg();
  const objects = options.apps * options.objectsPerApp;
  progress(`generating ${String(options.apps)} apps × ${String(options.objectsPerApp)} objects`);
  const tree = generateBenchRepo(options.apps, options.objectsPerApp, options.seed);
  let cluster: BenchCluster | undefined;
  let repo: BenchRepo | undefined;
  const workDir = await mkdtemp(join(tmpdir(), 'capstan-bench-compare-'));
  const profileDir = options.profile ? join(workDir, 'profile') : undefined;
  try {
    progress('starting the dev cluster (kube-apiserver + etcd, no workload components)');
    const clusterRun = await timed(() => startBenchCluster(progress));
    cluster = clusterRun.value;
    const client = cluster.client;
    progress(`committing ${String(Object.keys(tree.files).length)} files to the Git server`);
    const repoRun = await timed(() => startBenchRepo(tree));
    repo = repoRun.value;
    progress(
      `rendering every app in-process (as the controller will) at ${repo.commit.slice(0, 7)}`,
    );
    const rendered = await timed(() => renderDesired(client, tree));
    progress(`pre-applying ${String(objects)} objects with server-side apply`);
    const preApplyMs = await preApplyApps(client, tree.apps, rendered.value, progress);
    const measured = await measureReadPath(
      { cluster, repo, tree, desired: rendered.value },
      { ...options, workDir, profileDir },
      progress,
    );
    const profile = profileDir === undefined ? undefined : await summarizeProfile(profileDir);
    const results: CompareResults = {
      date: new Date().toISOString(),
      machine: describeMachine(loadBefore),
      options: {
        apps: options.apps,
        objectsPerApp: options.objectsPerApp,
        resync: options.resync,
        workers: options.workers ?? 'default',
        steadySeconds: options.steadySeconds,
        edits: options.edits,
        seed: options.seed,
        profiled: options.profile,
      },
      setup: {
        clusterStartMs: clusterRun.ms,
        repoFiles: Object.keys(tree.files).length,
        repoBuildMs: repoRun.ms,
        renderMs: rendered.ms,
        objects,
        preApplyMs,
      },
      ...measured,
    };
    return { results, profile };
  } finally {
    await repo?.server.close();
    await cluster?.stop();
    if (options.keep) progress(`kept ${workDir} (controller.log, applications.yaml)`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

const options = readOptions();
const { results, profile } = await run(options);
const file = options.out ?? (await chooseResultFile(RESULTS_DIR));
await writeResultFile(file, results);
process.stdout.write(formatCompareReport(results));
if (profile !== undefined)
  process.stdout.write(`\n## CPU profile of the controller, whole run\n${profile}\n`);
progress(`results written to ${file}`);
