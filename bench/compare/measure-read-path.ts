/**
 * The measured part of the compare benchmark, on a prepared cluster and repository: start
 * the controller, create the Applications, time until all are Synced; sample CPU and RSS in
 * steady state; time live edits; read the controller's and the API server's counters.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSeededRandom } from '../../test/helpers/seeded-random.js';
import { kubectl } from '../../test/helpers/kubectl.js';
import { diffRequests, scrapeApiserverRequests } from './apiserver-requests.js';
import {
  startCapstanController,
  summarizeControllerLog,
  type ControllerProcess,
} from './controller-process.js';
import { writeApplicationsYaml, type BenchRepoTree } from './generate-apps.js';
import { measureLiveEdits, waitForAllSynced } from './observe-apps.js';
import {
  ProcessSampler,
  readMachineUsage,
  readProcessUsage,
  summarizeWindow,
  type WindowSummary,
} from './proc-sampler.js';
import {
  readHistogram,
  scrapeMetrics,
  subtractHistogram,
  sumMetric,
  sumMetricBy,
  type MetricSample,
} from './prom-text.js';
import { percentileOf, summarizeHistogram, type CompareResults } from './report.js';
import type { BenchCluster, BenchRepo, DesiredByApp, Progress } from './setup.js';

export interface MeasureOptions {
  readonly steadySeconds: number;
  readonly resync: string;
  readonly workers: number | undefined;
  readonly edits: number;
  readonly timeoutMs: number;
  readonly seed: number;
  readonly logLevel: string;
  readonly workDir: string;
  readonly profileDir: string | undefined;
}

export interface BenchWorld {
  readonly cluster: BenchCluster;
  readonly repo: BenchRepo;
  readonly tree: BenchRepoTree;
  readonly desired: DesiredByApp;
}

export type ReadPathResults = Pick<
  CompareResults,
  'initialSync' | 'steadyState' | 'wholeRun' | 'liveEdits' | 'controllerLog'
>;

const RECONCILE = 'capstan_app_reconcile';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What every phase needs: the controller, the sampler and both metric endpoints. */
interface Session {
  readonly world: BenchWorld;
  readonly options: MeasureOptions;
  readonly progress: Progress;
  readonly controller: ControllerProcess;
  readonly sampler: ProcessSampler;
  window(name: string, fromMs: number, toMs: number): WindowSummary | undefined;
  scrape(): Promise<MetricSample[]>;
  scrapeApiserver(): Promise<MetricSample[]>;
}

export async function measureReadPath(
  world: BenchWorld,
  options: MeasureOptions,
  progress: Progress,
): Promise<ReadPathResults> {
  const kubeconfig = world.cluster.cluster.kubeconfig;
  progress(`starting capstan controller (resync ${options.resync})`);
  const controller = await startCapstanController({ kubeconfig, ...options });
  try {
    const apiserverPid =
      world.cluster.cluster.processes.find((p) => p.name === 'kube-apiserver')?.child.pid ?? 0;
    const sampler = new ProcessSampler({
      controller: () => readProcessUsage(controller.pid),
      apiserver: () => readProcessUsage(apiserverPid),
      bench: () => readProcessUsage(process.pid, true),
      machine: readMachineUsage,
    });
    sampler.start();
    const session: Session = {
      world,
      options,
      progress,
      controller,
      sampler,
      window: (name, from, to) => summarizeWindow(sampler.samples(name), from, to),
      scrape: () => scrapeMetrics(`http://127.0.0.1:${String(controller.metricsPort)}/metrics`),
      scrapeApiserver: () => scrapeApiserverRequests(kubeconfig),
    };
    const initialSync = await measureInitialSync(session);
    const steadyState = await measureSteadyState(session, initialSync.end);
    progress(`live edits: ${String(options.edits)} ConfigMaps, one at a time`);
    const edits = await measureLiveEdits(world.cluster.client, world.desired, {
      count: options.edits,
      random: createSeededRandom(options.seed + 7),
      timeoutMs: 30_000,
      progress,
    });
    const final = await session.scrape();
    await sampler.stop();
    await controller.stop();
    const outOfSync = edits.flatMap((e) => (e.outOfSyncMs === undefined ? [] : [e.outOfSyncMs]));
    const resynced = edits.flatMap((e) => (e.resyncedMs === undefined ? [] : [e.resyncedMs]));
    const controllerSamples = sampler.samples('controller');
    return {
      initialSync: initialSync.results,
      steadyState,
      wholeRun: {
        reconcile: summarizeHistogram(readHistogram(final, RECONCILE)),
        renders: sumMetric(final, 'capstan_render_duration_seconds_count'),
        workqueueRetries: sumMetric(final, 'capstan_workqueue_retries_total'),
        controllerPeakRssMb: controllerSamples[controllerSamples.length - 1]?.hwmMb,
        processCpuSecondsTotal: sumMetric(final, 'process_cpu_seconds_total'),
        k8sRequestsByVerb: sumMetricBy(final, 'capstan_app_k8s_request_total', 'verb'),
      },
      liveEdits: {
        samples: edits,
        outOfSyncP50Ms: percentileOf(outOfSync, 50),
        outOfSyncMaxMs: percentileOf(outOfSync, 100),
        resyncedP50Ms: percentileOf(resynced, 50),
        resyncedMaxMs: percentileOf(resynced, 100),
        missed: edits.length - outOfSync.length,
      },
      controllerLog: await summarizeControllerLog(controller.logFile),
    };
  } finally {
    await controller.stop();
  }
}

/** Where one phase ended: its time and both scrapes, the next phase's baseline. */
interface PhaseEnd {
  readonly atMs: number;
  readonly metrics: MetricSample[];
  readonly requests: MetricSample[];
}

/** kubectl apply of every Application, then list them every 100 ms until all are Synced. */
async function measureInitialSync(
  session: Session,
): Promise<{ results: CompareResults['initialSync']; end: PhaseEnd }> {
  const { world, options, sampler, controller } = session;
  const appsFile = join(options.workDir, 'applications.yaml');
  await writeFile(appsFile, writeApplicationsYaml(world.tree.apps, world.repo.url));
  const [m0, r0] = await Promise.all([session.scrape(), session.scrapeApiserver()]);
  session.progress(
    `kubectl apply of ${String(world.tree.apps.length)} Applications; listing them every 100 ms`,
  );
  await sampler.sampleNow();
  const t0 = performance.now();
  const applied = await kubectl(world.cluster.cluster.kubeconfig, ['apply', '-f', appsFile]);
  if (applied.code !== 0) throw new Error(`kubectl apply failed: ${applied.stderr}`);
  const kubectlApplyMs = performance.now() - t0;
  const synced = await waitForAllSynced(world.cluster.client, world.tree.apps, world.repo.commit, {
    startedAt: t0,
    timeoutMs: options.timeoutMs,
    pollMs: 100,
    progress: session.progress,
  });
  await sampler.sampleNow();
  const tA = performance.now();
  const [mA, rA] = await Promise.all([session.scrape(), session.scrapeApiserver()]);
  if (!controller.isAlive()) throw new Error('the controller died during the initial sync');
  const times = [...synced.syncedAtMs.values()];
  const reconciles = readHistogram(mA, RECONCILE);
  return {
    end: { atMs: tA, metrics: mA, requests: rA },
    results: {
      controllerStartMs: controller.startMs,
      kubectlApplyMs,
      allSyncedMs: synced.timedOut ? undefined : Math.max(...times),
      synced: synced.syncedAtMs.size,
      firstAppMs: percentileOf(times, 0),
      p50AppMs: percentileOf(times, 50),
      p90AppMs: percentileOf(times, 90),
      appSyncedMs: Object.fromEntries(
        [...synced.syncedAtMs].map(([app, ms]) => [app, Math.round(ms)]),
      ),
      polls: synced.polls,
      meanListMs: synced.meanListMs,
      stragglers: synced.stragglers,
      appHealth: synced.health,
      controller: session.window('controller', t0, tA),
      apiserver: session.window('apiserver', t0, tA),
      bench: session.window('bench', t0, tA),
      machine: session.window('machine', t0, tA),
      reconcile: summarizeHistogram(
        reconciles && subtractHistogram(reconciles, readHistogram(m0, RECONCILE)),
      ),
      apiRequests: diffRequests(rA, r0, (tA - t0) / 1000),
    },
  };
}

/** Nothing but the controller's own resyncs, sampled every second. */
async function measureSteadyState(
  session: Session,
  start: PhaseEnd,
): Promise<CompareResults['steadyState']> {
  const { options, sampler, world } = session;
  session.progress(
    `steady state: sampling CPU and RSS every second for ${String(options.steadySeconds)} s`,
  );
  const gitBefore = world.repo.server.requests.length;
  for (let s = 0; s < options.steadySeconds; s += 10) {
    await sleep(Math.min(10, options.steadySeconds - s) * 1000);
    const w = session.window('controller', start.atMs, performance.now());
    if (w)
      session.progress(
        `  ${w.seconds.toFixed(0)} s: controller ${w.meanCpuPercent.toFixed(1)} % CPU, RSS ${w.finalRssMb.toFixed(0)} MB`,
      );
  }
  await sampler.sampleNow();
  const tB = performance.now();
  const [mB, rB] = await Promise.all([session.scrape(), session.scrapeApiserver()]);
  const seconds = (tB - start.atMs) / 1000;
  const reconciles = readHistogram(mB, RECONCILE);
  const reconcile = summarizeHistogram(
    reconciles && subtractHistogram(reconciles, readHistogram(start.metrics, RECONCILE)),
  );
  return {
    seconds,
    controller: session.window('controller', start.atMs, tB),
    apiserver: session.window('apiserver', start.atMs, tB),
    machine: session.window('machine', start.atMs, tB),
    reconcile,
    reconcilesPerSecond: reconcile.count / seconds,
    gitRequestsPerSecond: (world.repo.server.requests.length - gitBefore) / seconds,
    apiRequests: diffRequests(rB, start.requests, seconds),
  };
}
