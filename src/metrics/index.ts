/**
 * metrics — every Prometheus metric Capstan exports, defined in one place (DESIGN.md §8).
 * Input: an optional prom-client Registry; output: typed handles to the metrics, registered
 * in that registry. A fresh Registry is made per process and per test; this module never
 * touches prom-client's global default registry, never does anything at import, and every
 * label is bounded (never a SHA, an object name, an error text or a credential).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { defineAppMetrics, type AppMetrics } from './app-metrics.js';
import { defineWorkQueueMetrics, type WorkQueueMetrics } from './workqueue-metrics.js';

export type { Counter, Gauge, Histogram, Registry } from 'prom-client';
export { stripURLCredentials } from './app-info.js';
export type { AppInfo, AppInfoLabel, AppInfoSeries, AppRef } from './app-info.js';
export { APP_DURATION_BUCKETS, countKubeRequest, formatResponseCode } from './app-metrics.js';
export type {
  AppMetrics,
  AppReconcileLabel,
  AppSyncLabel,
  KubeRequestLabel,
  KubeRequestVerb,
  RenderSourceType,
  SyncPhaseLabel,
} from './app-metrics.js';
export { WORKQUEUE_DURATION_BUCKETS } from './workqueue-metrics.js';
export type { WorkQueueMetrics } from './workqueue-metrics.js';

/** The `request_type` label of the Git metrics, as in Argo CD. */
export type GitRequestType = 'fetch' | 'ls-remote';

/** The `store` label of `capstan_repo_cache_bytes`: bytes on disk or held in memory. */
export type RepoCacheStore = 'disk' | 'memory';

export type GitRequestLabel = 'repo' | 'request_type';

export interface Metrics extends AppMetrics, WorkQueueMetrics {
  readonly registry: Registry;
  /** capstan_git_request_total{repo, request_type}: Git network operations started. */
  readonly gitRequestTotal: Counter<GitRequestLabel>;
  /** capstan_git_request_duration_seconds{repo, request_type}: their duration, failed ones too. */
  readonly gitRequestDuration: Histogram<GitRequestLabel>;
  /** capstan_repo_cache_bytes{store}: size of the repository cache on disk and in memory. */
  readonly repoCacheBytes: Gauge<'store'>;
  /** capstan_leader: 1 while this process holds the leader Lease (or runs without election). */
  readonly leader: Gauge;
}

export interface MetricsOptions {
  /**
   * Also export Node's default process metrics (CPU, memory, event-loop lag, GC, handles).
   * Off by default: they start an event-loop monitor that tests do not need.
   */
  readonly processMetrics: boolean;
}

export const DEFAULT_METRICS_OPTIONS: MetricsOptions = { processMetrics: false };

/** Seconds; a no-change poll is milliseconds, a first fetch of a monorepo is minutes. */
const GIT_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Defines Capstan's metrics in `registry` (a new one when absent) and returns their handles. */
export function createMetrics(
  registry: Registry = new Registry(),
  options: Partial<MetricsOptions> = {},
): Metrics {
  const { processMetrics } = { ...DEFAULT_METRICS_OPTIONS, ...options };
  const registers = [registry];
  if (processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    ...defineAppMetrics(registry),
    ...defineWorkQueueMetrics(registry),
    gitRequestTotal: new Counter({
      name: 'capstan_git_request_total',
      help: 'Git requests made, by repository and request type (ls-remote, fetch).',
      labelNames: ['repo', 'request_type'] as const,
      registers,
    }),
    gitRequestDuration: new Histogram({
      name: 'capstan_git_request_duration_seconds',
      help: 'Duration of Git requests in seconds, by repository and request type.',
      labelNames: ['repo', 'request_type'] as const,
      buckets: GIT_DURATION_BUCKETS,
      registers,
    }),
    repoCacheBytes: new Gauge({
      name: 'capstan_repo_cache_bytes',
      help: 'Bytes used by the repository cache: bare repositories on disk, parsed objects in memory.',
      labelNames: ['store'] as const,
      registers,
    }),
    leader: new Gauge({
      name: 'capstan_leader',
      help: 'Whether this controller process is the leader that reconciles and writes (1) or a standby (0).',
      registers,
    }),
  };
}
