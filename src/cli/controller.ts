import { connectKube } from '../kube/index.js';
import { createLogger } from '../log/index.js';
import { describeError } from '../model/index.js';
import type { ControllerCommand } from '../config.js';
import { startControllerRuntime } from './controller-runtime.js';
import type { CommandIO } from './io.js';

/**
 * `capstan controller`: runs the reconcile loop against the cluster of the kubeconfig (or
 * the in-cluster service account) until SIGINT/SIGTERM, with /metrics, /healthz and /readyz
 * on one port. A failure to reach the API server at start is one line and exit code 1.
 */
export async function runController(command: ControllerCommand, io: CommandIO): Promise<number> {
  const logger = createLogger({ level: command.logLevel, format: command.logFormat });
  const client = connectKube(command.kubeconfig);
  const runtime = await startControllerRuntime({
    client,
    namespace: command.namespace,
    logger,
    metricsAddr: command.metricsAddr,
    repoCacheDir: command.repoCacheDir,
    workers: command.workers,
    resyncMs: command.resyncMs,
    webhookSecret: command.webhookSecret,
    ...(command.leaderElection ? { leaderElection: command.leaderElection } : {}),
  });
  const { controller, server } = runtime;
  void io.stopRequested.then((signal) => {
    logger.info({ signal }, 'stopping');
    void runtime.stop();
  });
  logger.info(
    { server: client.server, namespace: command.namespace, port: server.port },
    'controller started',
  );
  try {
    await controller.synced;
  } catch (error) {
    io.stderr(`capstan: controller could not start: ${describeError(error)}\n`);
    await runtime.stop();
    return 1;
  }
  await controller.stopped;
  await runtime.stop();
  return 0;
}
