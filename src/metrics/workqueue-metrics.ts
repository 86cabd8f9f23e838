/**
 * Work-queue metrics, named like the client-go workqueue metrics that Argo CD exports
 * (`workqueue_*`) with the capstan_ prefix. The `name` label is the queue's name, one of a
 * handful fixed in code (e.g. `app_reconciliation`).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface WorkQueueMetrics {
  /** capstan_workqueue_depth{name}: keys waiting for a worker. */
  readonly workqueueDepth: Gauge<'name'>;
  /** capstan_workqueue_adds_total{name}: keys that entered the queue. */
  readonly workqueueAddsTotal: Counter<'name'>;
  /** capstan_workqueue_queue_duration_seconds{name}: wait from add to a worker taking it. */
  readonly workqueueQueueDuration: Histogram<'name'>;
  /** capstan_workqueue_work_duration_seconds{name}: time a worker held a key. */
  readonly workqueueWorkDuration: Histogram<'name'>;
  /** capstan_workqueue_retries_total{name}: rate-limited re-adds after failures. */
  readonly workqueueRetriesTotal: Counter<'name'>;
}

/** Seconds, 1 µs .. 3 min: the same buckets Argo CD gives its workqueue histograms. */
export const WORKQUEUE_DURATION_BUCKETS = [
  1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 5, 10, 15, 30, 60, 120, 180,
];

/** Defines the work-queue metrics in `registry`. */
export function defineWorkQueueMetrics(registry: Registry): WorkQueueMetrics {
  const registers = [registry];
  const labelNames = ['name'] as const;
  return {
    workqueueDepth: new Gauge({
      name: 'capstan_workqueue_depth',
      help:
        'Keys waiting for a worker, by queue name: ready ones plus those re-added while being ' +
        'processed (delayed and backing-off keys are not counted until they are due).',
      labelNames,
      registers,
    }),
    workqueueAddsTotal: new Counter({
      name: 'capstan_workqueue_adds_total',
      help: 'Keys added to the work queue, by queue name; an add of a key already waiting is not counted.',
      labelNames,
      registers,
    }),
    workqueueQueueDuration: new Histogram({
      name: 'capstan_workqueue_queue_duration_seconds',
      help: 'How long in seconds a key waited in the work queue before a worker took it, by queue name.',
      labelNames,
      buckets: WORKQUEUE_DURATION_BUCKETS,
      registers,
    }),
    workqueueWorkDuration: new Histogram({
      name: 'capstan_workqueue_work_duration_seconds',
      help: 'How long in seconds processing one key from the work queue took, by queue name.',
      labelNames,
      buckets: WORKQUEUE_DURATION_BUCKETS,
      registers,
    }),
    workqueueRetriesTotal: new Counter({
      name: 'capstan_workqueue_retries_total',
      help: 'Rate-limited re-adds of a key after its processing failed, by queue name.',
      labelNames,
      registers,
    }),
  };
}
