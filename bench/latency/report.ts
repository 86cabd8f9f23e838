/**
 * The latency benchmark's results, as one JSON document (written to bench/latency/results/),
 * and the summaries they are made of. The floors are issue 7's; a missed floor is reported,
 * never thrown: benchmarks inform, they do not fail builds.
 */
import type { LogSummary } from '../compare/controller-process.js';
import { percentileOf, type BenchMachine, type HistogramSummary } from '../compare/report.js';

/** Issue 7: p99 of each measurement must stay under these. */
export const FLOORS_MS = { commitToApplied: 3000, driftToHealed: 2000 } as const;

export interface LatencySummary {
  readonly trials: number;
  /** Trials whose change never showed within the timeout (they count as a missed floor). */
  readonly missed: number;
  readonly minMs: number | undefined;
  readonly p50Ms: number | undefined;
  readonly p90Ms: number | undefined;
  /** Nearest rank: with 50 trials the 50th value, i.e. the maximum. */
  readonly p99Ms: number | undefined;
  readonly maxMs: number | undefined;
  readonly meanMs: number | undefined;
}

export function summarizeLatencies(values: readonly (number | undefined)[]): LatencySummary {
  const seen = values.filter((v): v is number => v !== undefined);
  return {
    trials: values.length,
    missed: values.length - seen.length,
    minMs: percentileOf(seen, 0),
    p50Ms: percentileOf(seen, 50),
    p90Ms: percentileOf(seen, 90),
    p99Ms: percentileOf(seen, 99),
    maxMs: percentileOf(seen, 100),
    meanMs: seen.length === 0 ? undefined : seen.reduce((a, b) => a + b, 0) / seen.length,
  };
}

export interface FloorVerdict {
  readonly floorP99Ms: number;
  readonly met: boolean;
}

/** Met when every trial finished and the p99 is under the floor. */
export function judgeFloor(summary: LatencySummary, floorP99Ms: number): FloorVerdict {
  const met =
    summary.trials > 0 &&
    summary.missed === 0 &&
    summary.p99Ms !== undefined &&
    summary.p99Ms < floorP99Ms;
  return { floorP99Ms, met };
}

export interface CommitSample {
  readonly trial: number;
  readonly app: string;
  readonly commit: string;
  /** Random pause before the commit, so commits fall anywhere in the poll cycle. */
  readonly pauseMs: number;
  /** Writing the commit into the served repository (not part of the latency). */
  readonly commitMs: number;
  /** From the commit returning until the watch showed the new value; undefined: never. */
  readonly appliedMs: number | undefined;
}

export type DriftField = 'ConfigMap data' | 'Deployment replicas';

export interface DriftSample {
  readonly trial: number;
  readonly app: string;
  readonly field: DriftField;
  /** Waited beyond the random pause so the app's self-heal backoff had run out (0: none). */
  readonly spacedMs: number;
  /** The bench's PATCH request (not part of the latency). */
  readonly patchMs: number;
  /** From the PATCH returning until the watch delivered the drifted object. */
  readonly driftSeenMs: number | undefined;
  /** From the PATCH returning until the watch showed Git's value back; undefined: never. */
  readonly healedMs: number | undefined;
}

export interface BackToBackSample {
  /** 1 for the first drift of the series. */
  readonly drift: number;
  readonly healedMs: number | undefined;
  /** The controller's documented self-heal delay before this heal (2 s × 3^(n−2) from the 2nd). */
  readonly backoffMs: number;
}

export interface LatencyResults {
  readonly date: string;
  readonly machine: BenchMachine;
  readonly options: {
    readonly apps: number;
    readonly objectsPerApp: number;
    readonly resync: string;
    readonly workers: number | 'default';
    readonly commits: number;
    readonly drifts: number;
    readonly backToBack: number;
    readonly seed: number;
    readonly logLevel: string;
  };
  /** What the numbers can be compared with. */
  readonly reference: string;
  readonly setup: {
    readonly clusterStartMs: number;
    readonly controllerStartMs: number;
    /** From kubectl apply of the Applications until all were Synced. */
    readonly initialSyncMs: number | undefined;
  };
  readonly commitToApplied: {
    readonly summary: LatencySummary;
    readonly floor: FloorVerdict;
    readonly samples: readonly CommitSample[];
  };
  readonly driftToHealed: {
    readonly summary: LatencySummary;
    readonly byField: Readonly<Record<DriftField, LatencySummary>>;
    readonly floor: FloorVerdict;
    /** How trials were spread over the apps, in words. */
    readonly spacing: string;
    readonly spacedTotalMs: number;
    /** Reconciles that logged a sync held back by the backoff (0: no trial was delayed). */
    readonly backoffLogLines: number;
    readonly samples: readonly DriftSample[];
  };
  readonly backToBack: {
    readonly app: string;
    readonly backoffLogLines: number;
    readonly samples: readonly BackToBackSample[];
  };
  readonly controller: {
    /** Wall time of the three trial phases. */
    readonly trialSeconds: number;
    /** The controller's CPU meanwhile, % of one core. */
    readonly cpuPercent: number;
    /** Every process on the machine meanwhile, % of one core (the machine has `cpus`). */
    readonly machineBusyPercent: number;
    readonly reconcile: HistogramSummary;
    readonly gitRequest: HistogramSummary;
    readonly queueWait: HistogramSummary;
    readonly syncsFinished: number;
    readonly log: LogSummary;
  };
}
