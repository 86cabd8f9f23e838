/**
 * One real control plane per test process (node:test runs each file in its own process),
 * started through the same code as `capstan dev-cluster`, in a fresh temp data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCacheDir } from '../../src/config.js';
import {
  ensureControlPlaneBinaries,
  findPackageRoot,
  startDevCluster,
  type DevCluster,
} from '../../src/devcluster/index.js';

export interface TestControlPlane {
  kubeconfig: string;
  server: string;
  dataDir: string;
  stop(): Promise<void>;
}

let shared: Promise<TestControlPlane> | undefined;

/** Builds or finds the cached binaries; the test runner calls this before any test. */
export async function prepareControlPlane(onProgress: (line: string) => void): Promise<void> {
  await ensureControlPlaneBinaries({
    packageRoot: findPackageRoot(),
    cacheDir: resolveCacheDir(process.env),
    env: process.env,
    onProgress,
  });
}

/** Starts (once per process) a control plane with workloads; later calls share it. */
export function useControlPlane(): Promise<TestControlPlane> {
  shared ??= startTestControlPlane();
  return shared;
}

async function startTestControlPlane(): Promise<TestControlPlane> {
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-cp-'));
  let cluster: DevCluster;
  try {
    cluster = await startDevCluster({
      dataDir,
      workloads: true,
      packageRoot: findPackageRoot(),
      cacheDir: resolveCacheDir(process.env),
      env: process.env,
      onProgress: () => undefined,
    });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    kubeconfig: cluster.kubeconfig,
    server: cluster.server,
    dataDir,
    stop: async () => {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
