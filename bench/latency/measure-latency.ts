/**
 * The measured part of the latency benchmark, on a started cluster and repository: start
 * the controller, create the Applications (automated sync with prune and self-heal) and wait
 * until every app is Synced and its Deployment available; then the drift trials, the
 * back-to-back drifts and the commit trials (in that order: see runTrials); then the
 * controller's CPU, metrics and log.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createIfAbsent } from '../../src/kube/index.js';
import { kubectl } from '../../test/helpers/kubectl.js';
import { createSeededRandom } from '../../test/helpers/seeded-random.js';
import { startCapstanController } from '../compare/controller-process.js';
import { formatMs } from '../compare/format-report.js';
import {
  APP_NAMESPACE,
  writeApplicationsYaml,
  type BenchApp,
  type BenchRepoTree,
} from '../compare/generate-apps.js';
import { waitForAllSynced } from '../compare/observe-apps.js';
import type { BenchCluster, BenchRepo, Progress } from '../compare/setup.js';
import { describeControllerRun, readUsage, summarizeUsage } from './controller-facts.js';
import { DEPLOYMENT_NAME, GIT_VALUES } from './latency-apps.js';
import { measureCommitTrials } from './measure-commits.js';
import { measureBackToBack, measureDriftTrials, type DriftContext } from './measure-drifts.js';
import {
  FLOORS_MS,
  judgeFloor,
  summarizeLatencies,
  type DriftSample,
  type LatencyResults,
} from './report.js';
import { ValueWatch } from './value-watch.js';

export interface LatencyWorld {
  readonly cluster: BenchCluster;
  readonly repo: BenchRepo;
  /** The measured apps, then the one reserved for the back-to-back drifts. */
  readonly tree: BenchRepoTree;
}

export interface LatencyOptions {
  /** Apps the trials rotate over (the tree holds one more, for the back-to-back drifts). */
  readonly apps: number;
  readonly commits: number;
  readonly drifts: number;
  readonly backToBack: number;
  readonly resync: string;
  readonly resyncMs: number;
  readonly workers: number | undefined;
  readonly seed: number;
  readonly logLevel: string;
  readonly workDir: string;
  readonly timeoutMs: number;
}

export type MeasuredLatency = Pick<
  LatencyResults,
  'commitToApplied' | 'driftToHealed' | 'backToBack' | 'controller'
> & { readonly setup: Omit<LatencyResults['setup'], 'clusterStartMs'> };

export async function measureLatency(
  world: LatencyWorld,
  options: LatencyOptions,
  progress: Progress,
): Promise<MeasuredLatency> {
  const { client, cluster } = world.cluster;
  for (const name of [APP_NAMESPACE, ...world.tree.apps.map((app) => app.namespace)])
    await createIfAbsent(client, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const watch = await ValueWatch.start(client);
  progress(`starting capstan controller (--resync ${options.resync})`);
  const controller = await startCapstanController({ kubeconfig: cluster.kubeconfig, ...options });
  try {
    const initialSyncMs = await syncApplications(world, watch, options, progress);
    const usageBefore = await readUsage(controller.pid);
    const trials = await runTrials(world, watch, options, progress);
    const usage = summarizeUsage(usageBefore, await readUsage(controller.pid));
    const facts = await describeControllerRun(controller, usage);
    const backoffs = (from: number, to: number): number =>
      facts.backoffAt.filter((t) => t >= from && t < to).length;
    const { drifts, commits, windows } = trials;
    const commitSummary = summarizeLatencies(commits.map((s) => s.appliedMs));
    const driftSummary = summarizeLatencies(drifts.map((s) => s.healedMs));
    return {
      setup: { controllerStartMs: controller.startMs, initialSyncMs },
      commitToApplied: {
        summary: commitSummary,
        floor: judgeFloor(commitSummary, FLOORS_MS.commitToApplied),
        samples: commits,
      },
      driftToHealed: {
        summary: driftSummary,
        byField: summarizeByField(drifts),
        floor: judgeFloor(driftSummary, FLOORS_MS.driftToHealed),
        spacing: `rotated over ${String(options.apps)} apps, alternating ConfigMap data and Deployment replicas, a random 0–${formatMs(options.resyncMs)} pause before each; an app drifted again only after its self-heal backoff (2 s × 3^(n−1) after its n-th heal) had run out`,
        spacedTotalMs: drifts.reduce((sum, s) => sum + s.spacedMs, 0),
        backoffLogLines: backoffs(windows.driftStart, windows.backToBackStart),
        samples: drifts,
      },
      backToBack: {
        app: trials.reservedApp,
        backoffLogLines: backoffs(windows.backToBackStart, windows.backToBackEnd),
        samples: trials.series,
      },
      controller: facts.controller,
    };
  } finally {
    watch.stop();
    await controller.stop();
  }
}

/**
 * Drifts first, then commits: a commit moves HEAD for every app, and an app's next sync after
 * that is an automated sync to a new revision, not a self-heal (no backoff counted, as in
 * Argo CD). Before any commit, every drift is healed by a genuine self-heal.
 */
async function runTrials(
  world: LatencyWorld,
  watch: ValueWatch,
  options: LatencyOptions,
  progress: Progress,
) {
  const measured = world.tree.apps.slice(0, -1);
  const reserved = world.tree.apps[world.tree.apps.length - 1] as BenchApp;
  const random = createSeededRandom(options.seed);
  const drift: DriftContext = {
    client: world.cluster.client,
    watch,
    timeoutMs: options.timeoutMs,
    progress,
  };
  const over = `over ${String(measured.length)} apps`;
  progress(`drift → healed: ${String(options.drifts)} drifts ${over}`);
  const driftStart = Date.now();
  const drifts = await measureDriftTrials(drift, {
    apps: measured,
    trials: options.drifts,
    maxPauseMs: options.resyncMs,
    random,
  });
  const backToBackStart = Date.now();
  progress(`back-to-back: ${String(options.backToBack)} drifts of ${reserved.name}`);
  const series = await measureBackToBack(drift, reserved, options.backToBack);
  const backToBackEnd = Date.now();
  progress(`commit → applied: ${String(options.commits)} commits ${over}`);
  const commits = await measureCommitTrials({
    repo: world.repo.repo,
    apps: measured,
    watch,
    trials: options.commits,
    maxPauseMs: options.resyncMs,
    random,
    timeoutMs: options.timeoutMs,
    progress,
  });
  return {
    drifts,
    series,
    commits,
    reservedApp: reserved.name,
    windows: { driftStart, backToBackStart, backToBackEnd },
  };
}

function summarizeByField(samples: readonly DriftSample[]) {
  const of = (field: DriftSample['field']) =>
    summarizeLatencies(samples.filter((s) => s.field === field).map((s) => s.healedMs));
  return {
    'ConfigMap data': of('ConfigMap data'),
    'Deployment replicas': of('Deployment replicas'),
  };
}

/** kubectl apply of the Applications; ms until all are Synced (undefined: timed out). */
async function syncApplications(
  world: LatencyWorld,
  watch: ValueWatch,
  options: LatencyOptions,
  progress: Progress,
): Promise<number | undefined> {
  const { apps } = world.tree;
  const file = join(options.workDir, 'applications.yaml');
  await writeFile(
    file,
    writeApplicationsYaml(apps, world.repo.url, { prune: true, selfHeal: true }),
  );
  progress(`kubectl apply of ${String(apps.length)} Applications (automated, prune, selfHeal)`);
  const started = performance.now();
  const applied = await kubectl(world.cluster.cluster.kubeconfig, ['apply', '-f', file]);
  if (applied.code !== 0) throw new Error(`kubectl apply failed: ${applied.stderr}`);
  const synced = await waitForAllSynced(world.cluster.client, apps, world.repo.commit, {
    startedAt: started,
    timeoutMs: 120_000,
    pollMs: 200,
    progress,
  });
  if (synced.timedOut)
    throw new Error(`not all apps Synced: ${JSON.stringify(synced.stragglers).slice(0, 500)}`);
  progress('waiting until every Deployment has its replicas available');
  const available = await Promise.all(
    apps.map((app) =>
      watch.waitFor(
        { kind: 'Deployment', namespace: app.namespace, name: DEPLOYMENT_NAME },
        (o) =>
          (o['status'] as { availableReplicas?: number } | undefined)?.availableReplicas ===
          GIT_VALUES.replicas,
        { timeoutMs: 120_000, onWaiting: () => progress(`  … ${app.name} rolling out`) },
      ),
    ),
  );
  if (available.includes(undefined)) progress('WARNING: some Deployments never became available');
  return Math.max(...synced.syncedAtMs.values());
}
