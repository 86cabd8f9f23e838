import { createServer } from 'node:net';
import path from 'node:path';
import { findPackageRoot, startDevCluster, type DevCluster } from '../devcluster/index.js';
import { startGitServer } from '../devgit/index.js';
import { applyServerSide, connectKube, createIfAbsent } from '../kube/index.js';
import { createLogger, type Logger } from '../log/index.js';
import { INSTALL_NAMESPACE, describeError, identityOf } from '../model/index.js';
import type { DemoCommand } from '../config.js';
import { startControllerRuntime } from './controller-runtime.js';
import {
  DEMO_APP,
  buildDemoApplication,
  isDemoAppDone,
  readExampleFiles,
  seedExampleRepo,
  waitForDemoApp,
} from './demo-example.js';
import type { CommandIO } from './io.js';

/** Git poll period of the demo's controller: short, so a push shows up within seconds. */
const DEMO_RESYNC_MS = 5_000;
const APP_READY_TIMEOUT_MS = 300_000;

type Cleanup = () => Promise<void>;

/**
 * `capstan demo`: the dev cluster with workloads, a local Git server holding the guestbook
 * example, the controller in this process and an automated Application, then what to try.
 * Progress and controller logs go to stderr as text lines; stdout gets one `ready` line and
 * the things to try. Runs until SIGINT/SIGTERM and then stops every part it started.
 */
export async function runDemo(command: DemoCommand, io: CommandIO): Promise<number> {
  const started = Date.now();
  const logger = createLogger({ level: command.logLevel, format: 'text' });
  const cleanups: Cleanup[] = [];
  const stop = new AbortController();
  let stopSignal: string | undefined;
  void io.stopRequested.then((signal) => {
    stopSignal = signal;
    stop.abort();
  });
  try {
    const ready = await startDemo(command, { logger, cleanups, signal: stop.signal });
    if (ready === undefined) return stopSignal === undefined ? 1 : 0;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.stdout(`ready: ${DEMO_APP.name} is Synced and Healthy after ${seconds}s\n`);
    io.stdout(describeWhatToTry({ ...ready, dataDir: command.dataDir }));
    const outcome = await Promise.race([
      io.stopRequested.then(() => 'stop' as const),
      ready.cluster.unexpectedExit,
    ]);
    if (outcome !== 'stop') {
      logger.error({ detail: outcome }, 'the dev cluster failed');
      return 1;
    }
    return 0;
  } catch (error) {
    io.stderr(`capstan: demo: ${describeError(error).replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  } finally {
    if (cleanups.length > 0) logger.info('stopping the demo');
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => {
        io.stderr(`capstan: demo: while stopping: ${describeError(error)}\n`);
      });
    }
    if (cleanups.length > 0)
      logger.info({ dataDir: command.dataDir }, 'stopped; the data dir is kept for a warm start');
  }
}

interface DemoContext {
  readonly logger: Logger;
  readonly cleanups: Cleanup[];
  readonly signal: AbortSignal;
}

interface ReadyDemo {
  readonly cluster: DevCluster;
  readonly gitURL: string;
  readonly metricsPort: number;
}

/** Starts every part in order; undefined when stopped (or timed out) before the app was ready. */
async function startDemo(
  command: DemoCommand,
  context: DemoContext,
): Promise<ReadyDemo | undefined> {
  const { logger, cleanups, signal } = context;
  const packageRoot = findPackageRoot();
  // Fail on a taken port now, not after a control-plane start that can take minutes.
  if (command.port !== 0) {
    await assertLoopbackPortFree(command.port, 'metrics, --port');
    await assertLoopbackPortFree(command.port + 1, 'git, --port + 1');
  }
  // A push refreshes the app at once, as a Git host's webhook would; set once the controller runs.
  let refreshOnPush = (): void => undefined;
  const git = await startGitServer({
    rootDir: path.join(command.dataDir, 'git'),
    port: command.port === 0 ? 0 : command.port + 1,
    onPush: () => refreshOnPush(),
  });
  cleanups.push(() => git.close());
  const repo = (await git.openRepo('guestbook')) ?? (await git.createRepo('guestbook'));
  const example = await readExampleFiles(path.join(packageRoot, 'examples', 'guestbook'));
  const revision = await seedExampleRepo(repo, example, { keep: command.keep, logger });
  logger.info({ url: repo.url, revision }, 'git server ready');
  if (isStopped(signal)) return undefined;
  const cluster = await startDevCluster({
    dataDir: path.join(command.dataDir, 'cluster'),
    workloads: true,
    packageRoot,
    cacheDir: command.cacheDir,
    env: command.env,
    onProgress: (line) => logger.info(line),
  });
  cleanups.push(() => cluster.stop());
  logger.info({ server: cluster.server }, 'dev cluster ready');
  if (isStopped(signal)) return undefined;
  const client = connectKube(cluster.kubeconfig);
  await createIfAbsent(client, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: INSTALL_NAMESPACE },
  });
  const runtime = await startControllerRuntime({
    client,
    namespace: INSTALL_NAMESPACE,
    logger,
    metricsAddr: `127.0.0.1:${String(command.port)}`,
    repoCacheDir: path.join(command.dataDir, 'repo-cache'),
    workers: 4,
    resyncMs: DEMO_RESYNC_MS,
  });
  cleanups.push(() => runtime.stop());
  refreshOnPush = () => {
    const apps = runtime.controller.refreshApps((app) => identityOf(app).name === DEMO_APP.name);
    logger.info({ apps }, 'push received, refreshing');
  };
  await runtime.controller.synced;
  await applyServerSide(client, buildDemoApplication(repo.url));
  logger.info({ app: DEMO_APP.name, path: DEMO_APP.path }, 'application applied');
  const state = await waitForDemoApp(client, {
    revision,
    timeoutMs: APP_READY_TIMEOUT_MS,
    logger,
    signal,
    isConfirmed: async () => {
      const series = await runtime.metrics.registry.getSingleMetric('capstan_app_info')?.get();
      return (series?.values ?? []).some(
        ({ labels }) =>
          labels['name'] === DEMO_APP.name &&
          labels['sync_status'] === 'Synced' &&
          labels['health_status'] === 'Healthy',
      );
    },
  });
  if (isStopped(signal)) return undefined;
  if (!isDemoAppDone(state, revision)) {
    const seen = `sync ${state.sync ?? 'unknown'}, health ${state.health ?? 'unknown'}`;
    throw new Error(
      `${DEMO_APP.name} is not Synced and Healthy after ${String(APP_READY_TIMEOUT_MS / 1000)}s (${seen}); see kubectl describe capp -n ${INSTALL_NAMESPACE}`,
    );
  }
  return { cluster, gitURL: repo.url, metricsPort: runtime.server.port };
}

/** A function, not a property read, because the signal is aborted between awaits. */
function isStopped(signal: AbortSignal): boolean {
  return signal.aborted;
}

function describeWhatToTry(demo: ReadyDemo & { dataDir: string }): string {
  const clone = path.join(demo.dataDir, 'guestbook');
  return `
Try:
  export KUBECONFIG=${demo.cluster.kubeconfig}
  kubectl get capp -n ${INSTALL_NAMESPACE}
  kubectl get deploy,svc,configmap -n ${DEMO_APP.destinationNamespace}
  node bin/capstan.js app get ${DEMO_APP.name}

Change the app through Git (a push is applied within seconds):
  git clone ${demo.gitURL} ${clone}
  cd ${clone} && sed -i 's/count: 1/count: 2/' overlays/dev/kustomization.yaml
  git commit -am 'two replicas' && git push

Metrics: http://127.0.0.1:${String(demo.metricsPort)}/metrics   (capstan_app_info, capstan_app_sync_total, ...)

Ctrl-C stops everything; ${demo.dataDir} is kept, so the next run starts warm.
`;
}

/** Fails with a message naming the flag when a port on 127.0.0.1 is already taken. */
async function assertLoopbackPortFree(port: number, flag: string): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${String(port)} on 127.0.0.1 (${flag}) is already in use; pass --port N, or --port 0 for free ports`
            : `port ${String(port)}: ${error.message}`,
        ),
      );
    });
    probe.listen(port, '127.0.0.1', () => {
      probe.close(() => resolve());
    });
  });
}
