/**
 * Plans built the way the controller builds them — rendered objects through
 * prepareDesiredObjects (scopes from the server's discovery), live objects read from the
 * cluster, the real planSync — and run with executePlan against the test control plane.
 */
import assert from 'node:assert/strict';
import { DEFAULT_SYNC_OPTION_VALUES, parseSyncOptions } from '../../../src/api/index.js';
import type { DiffResult } from '../../../src/diff/index.js';
import {
  applyServerSide,
  discoverApiResources,
  getObject,
  invalidateDiscovery,
  listObjects,
  type KubeClient,
  type ManifestObject,
  type ResourceTarget,
} from '../../../src/kube/index.js';
import { createSilentLogger } from '../../../src/log/index.js';
import {
  resourceKeyOf,
  type AppRef,
  type KubeObject,
  type ResourceKey,
} from '../../../src/model/index.js';
import {
  executePlan,
  type ExecuteContext,
  type SyncProgress,
  type SyncResult,
} from '../../../src/sync/index.js';
import { planSync, prepareDesiredObjects, type SyncPlan } from '../../../src/sync/plan/index.js';

export const APP: AppRef = { namespace: 'capstan-system', name: 'web' };
export const REVISION = '0123456789abcdef0123456789abcdef01234567';

let namespaces = 0;

/** A fresh namespace name per test; created unless `create` is false. */
export async function makeNamespace(
  client: KubeClient,
  prefix: string,
  create = true,
): Promise<string> {
  namespaces += 1;
  const name = `${prefix}-${String(process.pid)}-${String(namespaces)}`;
  if (create)
    await applyServerSide(client, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

/** Kinds the tests read back as live state (and so may prune). */
const LIVE_KINDS: readonly ResourceTarget[] = [
  { group: '', version: 'v1', kind: 'ConfigMap' },
  { group: 'apps', version: 'v1', kind: 'Deployment' },
  { group: '', version: 'v1', kind: 'Service' },
  { group: 'batch', version: 'v1', kind: 'Job' },
];

/** Every object of the test kinds in `namespace` (all of them: planSync decides what is ours). */
export async function readLive(
  client: KubeClient,
  namespace: string,
): Promise<Map<ResourceKey, KubeObject>> {
  const live = new Map<ResourceKey, KubeObject>();
  for (const target of LIVE_KINDS) {
    const list = await listObjects(client, target, { namespace });
    for (const item of list.items) live.set(resourceKeyOf(item), item);
  }
  return live;
}

export interface PlanSpec {
  readonly namespace: string;
  readonly objects: readonly KubeObject[];
  readonly live?: ReadonlyMap<ResourceKey, KubeObject>;
  readonly syncOptions?: readonly string[];
  readonly prune?: boolean;
  readonly operationStartedAt?: number;
}

export async function buildPlan(client: KubeClient, spec: PlanSpec): Promise<SyncPlan> {
  invalidateDiscovery(client);
  const scopes = new Map(
    (await discoverApiResources(client)).map((r) => [`${r.group}/${r.kind}`, r.namespaced]),
  );
  const desired = prepareDesiredObjects(spec.objects, {
    app: APP,
    destinationNamespace: spec.namespace,
    isNamespaced: (group, kind) => scopes.get(`${group}/${kind}`),
  });
  assert.deepEqual(desired.problems, []);
  const live = spec.live ?? new Map<ResourceKey, KubeObject>();
  const namespaceExists =
    (await getObject(client, { apiVersion: 'v1', kind: 'Namespace', name: spec.namespace })) !==
    undefined;
  const plan = planSync({
    app: APP,
    destinationNamespace: spec.namespace,
    desired: desired.objects,
    live,
    diffs: new Map<ResourceKey, DiffResult>(),
    syncOptions: parseSyncOptions(spec.syncOptions, DEFAULT_SYNC_OPTION_VALUES),
    prune: spec.prune ?? false,
    renderSucceeded: true,
    revision: REVISION,
    destinationNamespaceExists: namespaceExists,
    ...(spec.operationStartedAt === undefined
      ? {}
      : { operationStartedAt: spec.operationStartedAt }),
  });
  assert.equal(plan.refusal, undefined, plan.refusal);
  return plan;
}

export interface RunOptions extends Partial<Omit<ExecuteContext, 'client' | 'logger'>> {
  readonly onProgressSeen?: (progress: SyncProgress) => void | Promise<void>;
}

/** Runs a plan with short polls; progress messages are collected in `messages`. */
export async function runPlan(
  client: KubeClient,
  plan: SyncPlan,
  options: RunOptions = {},
): Promise<SyncResult & { messages: string[] }> {
  const messages: string[] = [];
  const { onProgressSeen, ...rest } = options;
  const result = await executePlan(plan, {
    client,
    logger: createSilentLogger(),
    signal: new AbortController().signal,
    waitTimeoutMs: 60_000,
    pollIntervalMs: 100,
    ...rest,
    onProgress: async (progress) => {
      messages.push(progress.message);
      await onProgressSeen?.(progress);
    },
  });
  return { ...result, messages };
}

/** `kind/name status message` per result, in execution order. */
export function listResults(result: SyncResult): string[] {
  return result.resources.map((r) => {
    const hook = r.hookPhase === undefined ? '' : ` [${r.hookPhase}]`;
    return `${r.kind ?? ''}/${r.name ?? ''} ${r.status ?? ''} ${r.message ?? ''}${hook}`;
  });
}

export function configMap(
  name: string,
  annotations: Record<string, string> = {},
  data: Record<string, string> = { a: '1' },
): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, annotations }, data };
}

/** A Deployment whose pods kwok runs; `nodeSelector` that matches no node keeps it Progressing. */
export function deployment(
  name: string,
  options: {
    annotations?: Record<string, string>;
    replicas?: number;
    nodeSelector?: Record<string, string>;
    containerName?: string;
  } = {},
): KubeObject {
  const podSpec: Record<string, unknown> = {
    containers: [{ name: options.containerName ?? 'web', image: 'nginx:1.27' }],
  };
  if (options.nodeSelector !== undefined) podSpec['nodeSelector'] = options.nodeSelector;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, annotations: options.annotations ?? {} },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: podSpec },
    },
  };
}

/** No node carries this label, so a pod that needs it stays Pending forever. */
export const NO_NODE = { 'capstan.dev/no-such-node': 'true' };

/**
 * A hook Job. kwok completes every running pod a Job owns (its pod-complete stage), so a
 * plain Job succeeds in a second or two. kwok never fails a pod, so `fails` makes the pod
 * unschedulable and gives the Job a 1 s activeDeadlineSeconds: the Job controller then marks
 * the Job Failed (DeadlineExceeded) — deterministic, no race with kwok.
 */
export function hookJob(
  name: string,
  annotations: Record<string, string>,
  options: { fails?: boolean; generateName?: boolean } = {},
): KubeObject {
  const podSpec: Record<string, unknown> = {
    restartPolicy: 'Never',
    containers: [{ name: 'run', image: 'busybox', command: ['true'] }],
  };
  const spec: Record<string, unknown> = { backoffLimit: 0, template: { spec: podSpec } };
  if (options.fails === true) {
    podSpec['nodeSelector'] = NO_NODE;
    spec['activeDeadlineSeconds'] = 1;
  }
  const metadata =
    options.generateName === true ? { generateName: name, annotations } : { name, annotations };
  return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec };
}

export async function readObject(
  client: KubeClient,
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
): Promise<ManifestObject | undefined> {
  return getObject(client, { apiVersion, kind, namespace, name });
}

export function resourceVersionNumber(object: KubeObject | undefined): number {
  const rv = (object?.['metadata'] as { resourceVersion?: string } | undefined)?.resourceVersion;
  assert.ok(rv !== undefined, 'object has a resourceVersion');
  // etcd revisions: opaque to clients, but one counter for the whole store, so they order writes.
  return Number(rv);
}
