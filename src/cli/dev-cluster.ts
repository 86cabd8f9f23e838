import { findPackageRoot, startDevCluster } from '../devcluster/index.js';
import type { DevClusterCommand } from '../config.js';
import type { CommandIO } from './io.js';

/**
 * Runs the dev cluster until the user stops it. Progress goes to stderr; stdout carries
 * exactly one line, `ready`, so scripts can wait for it.
 */
export async function runDevCluster(command: DevClusterCommand, io: CommandIO): Promise<number> {
  const started = Date.now();
  const cluster = await startDevCluster({
    dataDir: command.dataDir,
    workloads: command.workloads,
    ...(command.port === undefined ? {} : { port: command.port }),
    packageRoot: findPackageRoot(),
    cacheDir: command.cacheDir,
    env: command.env,
    onProgress: (line) => io.stderr(`capstan: ${line}\n`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.stderr(`capstan: control plane ${cluster.server} up in ${seconds}s\n`);
  io.stderr(`capstan: export KUBECONFIG=${cluster.kubeconfig}   # then: kubectl get capp -A\n`);
  io.stdout('ready\n');
  const outcome = await Promise.race([
    io.stopRequested.then((signal) => ({ kind: 'signal' as const, detail: signal })),
    cluster.unexpectedExit.then((detail) => ({ kind: 'crash' as const, detail })),
  ]);
  io.stderr(
    outcome.kind === 'signal'
      ? 'capstan: stopping the control plane\n'
      : `capstan: ${outcome.detail}\n`,
  );
  await cluster.stop();
  return outcome.kind === 'signal' ? 0 : 1;
}
