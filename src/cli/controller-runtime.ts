import { setMaxListeners } from 'node:events';
import { startController, type RunningController } from '../controller/index.js';
import { instrumentKube, type KubeClient } from '../kube/index.js';
import type { Logger } from '../log/index.js';
import type { LeaderElectionFlags } from '../config.js';
import { startLeaderWiring } from './controller-leader.js';
import { countKubeRequest, createMetrics, type Metrics } from '../metrics/index.js';
import {
  DEFAULT_WEBHOOK_SECRET_NAME,
  createWebhookHandler,
  createWebhookRefresher,
  createWebhookSecretReader,
  startHttpServer,
  type RunningHttpServer,
} from '../server/index.js';

export interface ControllerRuntimeOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly logger: Logger;
  /** Listen address of /metrics, /healthz and /readyz (see parseListenAddress). */
  readonly metricsAddr: string;
  readonly repoCacheDir: string;
  readonly workers: number;
  readonly resyncMs: number;
  /** Secret holding the /api/webhook secrets (`--webhook-secret`); absent: capstan-webhook. */
  readonly webhookSecret?: string;
  /** `--leader-elect`: reconcile only while holding the Lease; absent: always. */
  readonly leaderElection?: LeaderElectionFlags;
}

export interface ControllerRuntime {
  readonly controller: RunningController;
  readonly server: RunningHttpServer;
  readonly metrics: Metrics;
  /** Aborts the loop, waits for it to stop and closes the HTTP port. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The controller as `capstan controller` and `capstan demo` both run it: a fresh metrics
 * registry counting every Kubernetes request, the reconcile loop, and its HTTP port.
 */
export async function startControllerRuntime(
  options: ControllerRuntimeOptions,
): Promise<ControllerRuntime> {
  const metrics = createMetrics(undefined, { processMetrics: true });
  instrumentKube(options.client, (verb, kind, status) => {
    countKubeRequest(metrics, { verb, resourceKind: kind ?? '', status });
  });
  const abort = new AbortController();
  // One listener per informer (a few dozen kinds), all removed on stop: not a leak.
  setMaxListeners(0, abort.signal);
  const leader = startLeaderWiring({ ...options, metrics, flags: options.leaderElection });
  const controller = startController({
    client: options.client,
    namespace: options.namespace,
    logger: options.logger,
    metrics,
    repoCacheDir: options.repoCacheDir,
    workers: options.workers,
    resyncMs: options.resyncMs,
    signal: abort.signal,
    ...(leader.whenLeading ? { whenLeading: leader.whenLeading } : {}),
  });
  let leading = leader.whenLeading === undefined;
  void leader.whenLeading?.then(
    () => (leading = true),
    () => undefined,
  );
  let server: RunningHttpServer;
  try {
    server = await startHttpServer({
      address: options.metricsAddr,
      registry: metrics.registry,
      isReady: controller.isSynced,
      logger: options.logger,
      webhook: createWebhookHandler({
        readSecrets: createWebhookSecretReader({
          client: options.client,
          namespace: options.namespace,
          name: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET_NAME,
        }),
        refreshApps: createWebhookRefresher({
          refreshApps: controller.refreshApps,
          isLeading: () => leading,
          client: options.client,
          logger: options.logger,
        }),
        logger: options.logger,
      }),
    });
  } catch (error) {
    abort.abort();
    await controller.synced.catch(() => undefined);
    await leader.stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      abort.abort();
      // A controller that never synced never starts its workers, so `stopped` would not settle.
      const synced = await controller.synced.then(
        () => true,
        () => false,
      );
      if (synced) await controller.stopped;
      // Only after the last write: a standby may take over as soon as the Lease is released.
      await leader.stop();
      await server.close();
    })());
  return { controller, server, metrics, stop };
}
