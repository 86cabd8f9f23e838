/**
 * The benchmark's world: a dev cluster (API server and etcd only: no controller-manager, so
 * Deployments stay Progressing, which the read path does not care about), a Git server with
 * the generated repository, and every app's objects applied ahead of the controller with
 * server-side apply (field manager `capstan`, tracking-id stamped exactly as the controller
 * stamps it), so the controller's first job is to compare, not to sync.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCacheDir } from '../../src/config.js';
import { findPackageRoot, startDevCluster, type DevCluster } from '../../src/devcluster/index.js';
import {
  applyServerSide,
  connectKube,
  createIfAbsent,
  discoverApiResources,
  type KubeClient,
  type ManifestObject,
} from '../../src/kube/index.js';
import { renderSource } from '../../src/render/index.js';
import { prepareDesiredObjects, type DesiredObject } from '../../src/sync/plan/index.js';
import {
  startGitServer,
  type GitServer,
  type TestRepo,
} from '../../test/helpers/git-server/index.js';
import { MemoryFileSource } from '../../test/helpers/memory-file-source.js';
import { APP_NAMESPACE, type BenchApp, type BenchRepoTree } from './generate-apps.js';

export type Progress = (line: string) => void;

export interface BenchCluster {
  readonly cluster: DevCluster;
  readonly client: KubeClient;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the API server and etcd in a fresh data dir; with `workloads`, also the
 * controller-manager, scheduler and kwok fake node, so Deployments roll out.
 */
export async function startBenchCluster(
  progress: Progress,
  options: { workloads: boolean } = { workloads: false },
): Promise<BenchCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), 'capstan-bench-compare-cp-'));
  try {
    const cluster = await startDevCluster({
      dataDir,
      workloads: options.workloads,
      packageRoot: findPackageRoot(),
      cacheDir: resolveCacheDir(process.env),
      env: process.env,
      onProgress: progress,
    });
    return {
      cluster,
      client: connectKube(cluster.kubeconfig),
      dataDir,
      stop: async () => {
        await cluster.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export interface BenchRepo {
  readonly server: GitServer;
  /** The served repository, for later commits. */
  readonly repo: TestRepo;
  readonly url: string;
  readonly commit: string;
}

/** A Git server holding the tree in one commit on `main`. */
export async function startBenchRepo(tree: BenchRepoTree): Promise<BenchRepo> {
  const server = await startGitServer();
  try {
    const repo = await server.createRepo('apps');
    const commit = await repo.commit(tree.files, { message: 'bench apps' });
    return { server, repo, url: repo.url, commit };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Each app's desired objects, in the form the controller compares and applies them. */
export type DesiredByApp = ReadonlyMap<string, readonly DesiredObject[]>;

/** Renders every app as the controller will (same engine, same stamping) from the tree. */
export async function renderDesired(
  client: KubeClient,
  tree: BenchRepoTree,
): Promise<DesiredByApp> {
  const resources = await discoverApiResources(client);
  const scopes = new Map(resources.map((r) => [`${r.group}/${r.kind}`, r.namespaced]));
  const source = new MemoryFileSource(tree.files);
  const out = new Map<string, DesiredObject[]>();
  for (const app of tree.apps) {
    const rendered = await renderSource(source, app.path);
    const desired = prepareDesiredObjects(rendered.objects, {
      app: { namespace: APP_NAMESPACE, name: app.name },
      destinationNamespace: app.namespace,
      isNamespaced: (group, kind) => scopes.get(`${group}/${kind}`),
    });
    if (desired.problems.length > 0)
      throw new Error(`${app.name}: ${desired.problems.map((p) => p.message).join('; ')}`);
    if (desired.objects.size !== app.objects.length)
      throw new Error(
        `${app.name}: rendered ${String(desired.objects.size)} objects, expected ${String(app.objects.length)}`,
      );
    out.set(app.name, [...desired.objects.values()]);
  }
  return out;
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}

/** Creates the namespaces and applies every desired object; returns the wall time in ms. */
export async function preApplyApps(
  client: KubeClient,
  apps: readonly BenchApp[],
  desired: DesiredByApp,
  progress: Progress,
  concurrency = 8,
): Promise<number> {
  const started = performance.now();
  const namespaces = [APP_NAMESPACE, ...apps.map((app) => app.namespace)];
  await runPool(namespaces, concurrency, async (name) => {
    await createIfAbsent(client, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  });
  const objects = [...desired.values()].flat();
  let applied = 0;
  let lastReport = performance.now();
  await runPool(objects, concurrency, async (entry) => {
    await applyServerSide(client, entry.object as ManifestObject);
    applied += 1;
    if (performance.now() - lastReport > 2000 || applied === objects.length) {
      lastReport = performance.now();
      const seconds = (lastReport - started) / 1000;
      progress(
        `  applied ${String(applied)}/${String(objects.length)} objects (${seconds.toFixed(1)} s, ${(applied / seconds).toFixed(0)}/s)`,
      );
    }
  });
  return performance.now() - started;
}
