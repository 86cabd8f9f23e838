import { startController } from '../controller/index.js';
import { setMaxListeners } from 'node:events';
import { connectKube, instrumentKube } from '../kube/index.js';
import { createLogger } from '../log/index.js';
import { countKubeRequest, createMetrics } from '../metrics/index.js';
import { describeError } from '../model/index.js';
import { startHttpServer } from '../server/index.js';
import type { ControllerCommand } from '../config.js';
import type { CommandIO } from './io.js';

/**
 * `capstan controller`: runs the reconcile loop against the cluster of the kubeconfig (or
 * the in-cluster service account) until SIGINT/SIGTERM, with /metrics, /healthz and /readyz
 * on one port. A failure to reach the API server at start is one line and exit code 1.
 */
export async function runController(command: ControllerCommand, io: CommandIO): Promise<number> {
  const logger = createLogger({ level: command.logLevel });
  const metrics = createMetrics(undefined, { processMetrics: true });
  const client = connectKube(command.kubeconfig);
  instrumentKube(client, (verb, kind, status) => {
    countKubeRequest(metrics, { verb, resourceKind: kind ?? '', status });
  });
  const abort = new AbortController();
  // One listener per informer (a few dozen kinds), all removed on stop: not a leak.
  setMaxListeners(0, abort.signal);
  void io.stopRequested.then((signal) => {
    logger.info({ signal }, 'stopping');
    abort.abort();
  });
  const controller = startController({
    client,
    namespace: command.namespace,
    logger,
    metrics,
    repoCacheDir: command.repoCacheDir,
    workers: command.workers,
    resyncMs: command.resyncMs,
    signal: abort.signal,
  });
  const server = await startHttpServer({
    address: command.metricsAddr,
    registry: metrics.registry,
    isReady: controller.isSynced,
    logger,
  });
  logger.info(
    { server: client.server, namespace: command.namespace, port: server.port },
    'controller started',
  );
  try {
    await controller.synced;
  } catch (error) {
    io.stderr(`capstan: controller could not start: ${describeError(error)}\n`);
    abort.abort();
    await server.close();
    return 1;
  }
  await controller.stopped;
  await server.close();
  return 0;
}
