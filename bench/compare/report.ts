/**
 * The compare benchmark's results, as one JSON document (written to
 * bench/compare/results/), and the summaries they are made of. Numbers are reported,
 * never asserted.
 */
import { cpus, loadavg } from 'node:os';
import type { RequestRate } from './apiserver-requests.js';
import type { LogSummary } from './controller-process.js';
import type { LiveEditSample } from './observe-apps.js';
import type { WindowSummary } from './proc-sampler.js';
import { estimateQuantile, type Histogram } from './prom-text.js';

export interface HistogramSummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
}

export function summarizeHistogram(histogram: Histogram | undefined): HistogramSummary {
  if (!histogram) return { count: 0, p50Ms: NaN, p99Ms: NaN, meanMs: NaN };
  return {
    count: histogram.count,
    p50Ms: estimateQuantile(0.5, histogram) * 1000,
    p99Ms: estimateQuantile(0.99, histogram) * 1000,
    meanMs: histogram.count > 0 ? (histogram.sum / histogram.count) * 1000 : NaN,
  };
}

export interface RequestSummary {
  readonly total: number;
  readonly perSecond: number;
  readonly heaviest: readonly RequestRate[];
}

/** Where a benchmark ran: the Node version, CPUs and the load around the run. */
export interface BenchMachine {
  readonly node: string;
  readonly cpus: number;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

/** The machine now, with the load average taken before the run. */
export function describeMachine(loadBefore: readonly number[]): BenchMachine {
  return { node: process.version, cpus: cpus().length, loadBefore, loadAfter: loadavg() };
}

export interface CompareResults {
  readonly date: string;
  readonly machine: BenchMachine;
  readonly options: {
    readonly apps: number;
    readonly objectsPerApp: number;
    readonly resync: string;
    readonly workers: number | 'default';
    readonly steadySeconds: number;
    readonly edits: number;
    readonly seed: number;
    /** The controller ran under `node --cpu-prof`: its CPU numbers are inflated. */
    readonly profiled: boolean;
  };
  readonly setup: {
    readonly clusterStartMs: number;
    readonly repoFiles: number;
    readonly repoBuildMs: number;
    readonly renderMs: number;
    readonly objects: number;
    readonly preApplyMs: number;
  };
  readonly initialSync: {
    readonly controllerStartMs: number;
    readonly kubectlApplyMs: number;
    readonly allSyncedMs: number | undefined;
    readonly synced: number;
    readonly firstAppMs: number | undefined;
    readonly p50AppMs: number | undefined;
    readonly p90AppMs: number | undefined;
    /** Per app: ms from the start of kubectl apply until first seen fully Synced. */
    readonly appSyncedMs: Readonly<Record<string, number>>;
    readonly polls: number;
    readonly meanListMs: number;
    readonly stragglers: readonly { state: string; apps: number; example: string }[];
    readonly appHealth: Record<string, number>;
    readonly controller: WindowSummary | undefined;
    readonly apiserver: WindowSummary | undefined;
    /** The benchmark process: status polling, the Git server and its git children. */
    readonly bench: WindowSummary | undefined;
    /** Every process on the machine (% of one core; the machine has `cpus` of them). */
    readonly machine: WindowSummary | undefined;
    readonly reconcile: HistogramSummary;
    /** By the API server's counter; includes the benchmark's own lists and kubectl. */
    readonly apiRequests: RequestSummary;
  };
  readonly steadyState: {
    readonly seconds: number;
    readonly controller: WindowSummary | undefined;
    readonly apiserver: WindowSummary | undefined;
    readonly machine: WindowSummary | undefined;
    readonly reconcile: HistogramSummary;
    readonly reconcilesPerSecond: number;
    readonly gitRequestsPerSecond: number;
    readonly apiRequests: RequestSummary;
  };
  readonly wholeRun: {
    readonly reconcile: HistogramSummary;
    readonly renders: number;
    readonly workqueueRetries: number;
    readonly controllerPeakRssMb: number | undefined;
    readonly processCpuSecondsTotal: number;
    readonly k8sRequestsByVerb: Record<string, number>;
  };
  readonly liveEdits: {
    readonly samples: readonly LiveEditSample[];
    readonly outOfSyncP50Ms: number | undefined;
    readonly outOfSyncMaxMs: number | undefined;
    readonly resyncedP50Ms: number | undefined;
    readonly resyncedMaxMs: number | undefined;
    readonly missed: number;
  };
  readonly controllerLog: LogSummary;
}

/** Nearest-rank percentile of `values` (undefined when empty). */
export function percentileOf(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
