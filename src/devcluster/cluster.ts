import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  applyServerSide,
  connectKube,
  createIfAbsent,
  getObject,
  waitForApiServerReady,
  waitForCrdsEstablished,
  type KubeClient,
  type ManifestObject,
} from '../kube/index.js';
import { DevClusterError, describeError } from '../model/index.js';
import { ensureControlPlaneBinaries, type ControlPlaneBinaries } from './binaries.js';
import * as args from './components.js';
import { renderKubeconfig } from './kubeconfig.js';
import { crdDir } from './paths.js';
import { assertPortFree, findFreePort, isPortRaceFailure } from './ports.js';
import { explainExit, startProcess, stopProcess, type ManagedProcess } from './processes.js';
import { runPki } from './pki.js';

export interface DevClusterOptions {
  dataDir: string;
  /** Also run controller-manager, scheduler and a kwok fake node so workloads progress. */
  workloads: boolean;
  /** Fixed apiserver port; a free one is chosen when absent. */
  port?: number;
  packageRoot: string;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  onProgress: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface DevCluster {
  readonly kubeconfig: string;
  readonly server: string;
  readonly dataDir: string;
  readonly processes: readonly ManagedProcess[];
  /** Settles with a description when any component exits on its own. */
  readonly unexpectedExit: Promise<string>;
  stop(): Promise<void>;
}

/** Starts a throwaway Kubernetes control plane on loopback and waits until it is usable. */
export async function startDevCluster(options: DevClusterOptions): Promise<DevCluster> {
  const layout = args.describeLayout(options.dataDir);
  prepareDataDir(layout);
  if (options.port !== undefined) await assertPortFree(options.port);
  const binaries = await ensureControlPlaneBinaries(options);
  if (!existsSync(join(layout.pkiDir, 'ca.crt')))
    await runPki(binaries.controlplane, layout.pkiDir);
  const processes: ManagedProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const proc of [...processes].reverse()) await stopProcess(proc, 10_000);
  };
  try {
    const { server, client } = await startApiServer(layout, binaries, processes, options);
    await installCrds(client, options.packageRoot);
    if (options.workloads)
      await startWorkloadComponents(client, binaries, layout, processes, options);
    const unexpectedExit = Promise.race(
      processes.map(async (p) => `${p.name} stopped (${await p.exited}): ${explainExit(p)}`),
    );
    return {
      kubeconfig: layout.kubeconfig,
      server,
      dataDir: layout.dataDir,
      processes,
      unexpectedExit,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

const PORT_RACE_ATTEMPTS = 3;

/**
 * Starts kube-apiserver (with its embedded etcd) and waits until it answers. A port can be taken
 * by another process between the check and the bind; that attempt is retried on fresh ports.
 */
async function startApiServer(
  layout: args.ClusterLayout,
  binaries: ControlPlaneBinaries,
  processes: ManagedProcess[],
  options: DevClusterOptions,
): Promise<{ server: string; client: KubeClient }> {
  for (let attempt = 1; ; attempt++) {
    const ports = {
      apiserver: options.port ?? (await findFreePort()),
      etcdClient: await findFreePort(),
      etcdPeer: await findFreePort(),
    };
    const server = `https://127.0.0.1:${String(ports.apiserver)}`;
    writeFileSync(
      layout.kubeconfig,
      renderKubeconfig({
        server,
        caFile: join(layout.pkiDir, 'ca.crt'),
        certFile: join(layout.pkiDir, 'admin.crt'),
        keyFile: join(layout.pkiDir, 'admin.key'),
      }),
      { mode: 0o600 },
    );
    const client = connectKube(layout.kubeconfig);
    const apiserver = startProcess(
      'kube-apiserver',
      binaries.controlplane,
      args.apiServerArgs(layout, ports),
      join(layout.logDir, 'kube-apiserver.log'),
    );
    processes.push(apiserver);
    options.onProgress(`starting kube-apiserver with embedded etcd on ${server}`);
    try {
      await waitUntilReady(client, apiserver, options.readyTimeoutMs ?? 60_000);
      return { server, client };
    } catch (err) {
      const lostPortRace = err instanceof DevClusterError && isPortRaceFailure(err.message);
      if (!lostPortRace || attempt >= PORT_RACE_ATTEMPTS) throw err;
      processes.splice(processes.indexOf(apiserver), 1);
      await stopProcess(apiserver, 10_000);
      options.onProgress(`a port was taken during start-up; retrying (${describeError(err)})`);
    }
  }
}

function prepareDataDir(layout: args.ClusterLayout): void {
  try {
    for (const dir of [layout.dataDir, layout.pkiDir, layout.logDir])
      mkdirSync(dir, { recursive: true });
    const probe = join(layout.dataDir, '.write-probe');
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? describeError(err);
    throw new DevClusterError(`data dir ${layout.dataDir} is not writable (${code})`);
  }
}

async function waitUntilReady(
  client: KubeClient,
  apiserver: ManagedProcess,
  timeoutMs: number,
): Promise<void> {
  const abort = new AbortController();
  const died = apiserver.exited.then((how) => {
    abort.abort();
    return how;
  });
  const outcome = await waitForApiServerReady(client, {
    timeoutMs,
    intervalMs: 100,
    signal: abort.signal,
  });
  if (outcome.ready) return;
  if (abort.signal.aborted) {
    throw new DevClusterError(
      `kube-apiserver exited during start-up (${await died}): ${explainExit(apiserver)}`,
    );
  }
  throw new DevClusterError(
    `kube-apiserver not ready after ${String(timeoutMs / 1000)}s: ${outcome.lastError}`,
  );
}

async function installCrds(client: KubeClient, packageRoot: string): Promise<void> {
  const dir = crdDir(packageRoot);
  const files = readdirSync(dir)
    // crds/kustomization.yaml lists these files for deploy/; it is not a CRD itself.
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .sort();
  const names: string[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const crd = doc.toJS() as ManifestObject | null;
      if (!crd) continue;
      await applyServerSide(client, crd);
      names.push(crd.metadata.name);
    }
  }
  await waitForCrdsEstablished(client, names, 30_000);
}

async function startWorkloadComponents(
  client: KubeClient,
  binaries: ControlPlaneBinaries,
  layout: args.ClusterLayout,
  processes: ManagedProcess[],
  options: DevClusterOptions,
): Promise<void> {
  options.onProgress('starting kube-controller-manager, kube-scheduler and a kwok fake node');
  const log = (name: string): string => join(layout.logDir, `${name}.log`);
  processes.push(
    startProcess(
      'kube-controller-manager',
      binaries.controlplane,
      args.controllerManagerArgs(layout),
      log('kube-controller-manager'),
    ),
  );
  processes.push(
    startProcess(
      'kube-scheduler',
      binaries.controlplane,
      args.schedulerArgs(layout),
      log('kube-scheduler'),
    ),
  );
  processes.push(startProcess('kwok', binaries.kwok, args.kwokArgs(layout), log('kwok')));
  await createIfAbsent(client, args.fakeNodeManifest());
  await pollUntil('the fake node to become Ready', 60_000, processes, async () => {
    const node = await getObject(client, {
      apiVersion: 'v1',
      kind: 'Node',
      name: args.FAKE_NODE_NAME,
    });
    const conditions = (
      node?.['status'] as { conditions?: { type: string; status: string }[] } | undefined
    )?.conditions;
    return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  });
  // Pods are refused until the service-account controller has made `default`.
  await pollUntil(
    'the default ServiceAccount',
    60_000,
    processes,
    async () =>
      (await getObject(client, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        name: 'default',
        namespace: 'default',
      })) !== undefined,
  );
}

async function pollUntil(
  what: string,
  timeoutMs: number,
  processes: ManagedProcess[],
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = processes.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead)
      throw new DevClusterError(`${dead.name} exited during start-up: ${explainExit(dead)}`);
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new DevClusterError(`timed out after ${String(timeoutMs / 1000)}s waiting for ${what}`);
}
