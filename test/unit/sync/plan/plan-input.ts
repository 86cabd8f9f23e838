/**
 * Builds planSync inputs the way the controller does: rendered objects through
 * prepareDesiredObjects, live objects keyed by resourceKeyOf, verdicts by key. Hooks with only
 * generateName are placed by hand because prepareDesiredObjects requires a name.
 */
import { parseAllDocuments } from 'yaml';
import {
  DEFAULT_SYNC_OPTION_VALUES,
  parseSyncOptions,
  type SyncOperationResource,
  type SyncPolicyAutomated,
} from '../../../../src/api/index.js';
import type { DiffVerdict } from '../../../../src/diff/index.js';
import {
  formatResourceKey,
  identityOf,
  resourceKeyOf,
  type AppRef,
  type KubeObject,
  type ResourceKey,
} from '../../../../src/model/index.js';
import {
  prepareDesiredObjects,
  stampTracking,
  type DesiredObject,
  type SyncPlan,
  type SyncPlanInput,
} from '../../../../src/sync/plan/index.js';

export const APP: AppRef = { namespace: 'capstan-system', name: 'web' };
export const OTHER_APP: AppRef = { namespace: 'capstan-system', name: 'billing' };

const CLUSTER_KINDS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PersistentVolume',
  'IngressClass',
  'APIService',
  'PodSecurityPolicy',
]);

export function isNamespacedKind(_group: string, kind: string): boolean {
  return !CLUSTER_KINDS.has(kind);
}

export interface InputSpec {
  readonly desired?: readonly KubeObject[];
  readonly live?: readonly KubeObject[];
  readonly verdicts?: Readonly<Record<string, DiffVerdict>>;
  /** Verdict for every desired object that is live and has none in `verdicts`. */
  readonly defaultVerdict?: DiffVerdict;
  readonly syncOptions?: readonly string[];
  readonly prune?: boolean;
  readonly automated?: SyncPolicyAutomated;
  readonly resources?: readonly SyncOperationResource[];
  readonly renderSucceeded?: boolean;
  readonly revision?: string;
  readonly operationStartedAt?: number;
  readonly destinationNamespace?: string;
  readonly destinationNamespaceExists?: boolean;
  readonly app?: AppRef;
}

function placeGenerated(object: KubeObject, app: AppRef, namespace: string): DesiredObject {
  const identity = { ...identityOf(object), namespace: identityOf(object).namespace || namespace };
  const metadata: Record<string, unknown> = {
    ...(object['metadata'] as Record<string, unknown>),
    namespace,
  };
  const generateName = String(metadata['generateName']);
  const apiVersion = String(object['apiVersion']);
  return {
    // prepareDesiredObjects would need a key for these; the generateName stands in for the name.
    key: formatResourceKey({ ...identity, name: generateName }),
    identity,
    version: apiVersion.split('/').at(-1) ?? apiVersion,
    object: stampTracking({ ...object, metadata }, app, identity),
  };
}

export function buildDesired(
  objects: readonly KubeObject[],
  app: AppRef = APP,
  destinationNamespace = 'prod',
): Map<ResourceKey, DesiredObject> {
  const named = objects.filter((object) => identityOf(object).name !== '');
  const generated = objects.filter((object) => identityOf(object).name === '');
  const set = prepareDesiredObjects(named, {
    app,
    destinationNamespace,
    isNamespaced: isNamespacedKind,
  });
  if (set.problems.length > 0) throw new Error(set.problems.map((p) => p.message).join('\n'));
  const desired = new Map(set.objects);
  for (const object of generated) {
    const entry = placeGenerated(object, app, destinationNamespace);
    desired.set(entry.key, entry);
  }
  return desired;
}

export function buildInput(spec: InputSpec): SyncPlanInput {
  const app = spec.app ?? APP;
  const destinationNamespace = spec.destinationNamespace ?? 'prod';
  const desired = buildDesired(spec.desired ?? [], app, destinationNamespace);
  const live = new Map((spec.live ?? []).map((object) => [resourceKeyOf(object), object]));
  const diffs = new Map<ResourceKey, { verdict: DiffVerdict; differences: [] }>();
  for (const key of desired.keys()) {
    const verdict = spec.verdicts?.[key] ?? (live.has(key) ? spec.defaultVerdict : undefined);
    if (verdict !== undefined) diffs.set(key, { verdict, differences: [] });
  }
  return {
    app,
    destinationNamespace,
    desired,
    live,
    diffs,
    syncOptions: parseSyncOptions(spec.syncOptions, DEFAULT_SYNC_OPTION_VALUES),
    prune: spec.prune ?? false,
    renderSucceeded: spec.renderSucceeded ?? true,
    revision: spec.revision ?? '0123456789abcdef0123456789abcdef01234567',
    ...(spec.automated === undefined ? {} : { automated: spec.automated }),
    ...(spec.resources === undefined ? {} : { resources: spec.resources }),
    ...(spec.operationStartedAt === undefined
      ? {}
      : { operationStartedAt: spec.operationStartedAt }),
    ...(spec.destinationNamespaceExists === undefined
      ? {}
      : { destinationNamespaceExists: spec.destinationNamespaceExists }),
  };
}

/** A manifest as Git has it. */
export function manifest(
  apiVersion: string,
  kind: string,
  name: string,
  extra: { namespace?: string; annotations?: Record<string, string>; spec?: unknown } = {},
): KubeObject {
  const metadata: Record<string, unknown> = { name };
  if (extra.namespace !== undefined) metadata['namespace'] = extra.namespace;
  if (extra.annotations !== undefined) metadata['annotations'] = extra.annotations;
  return {
    apiVersion,
    kind,
    metadata,
    ...(extra.spec === undefined ? {} : { spec: extra.spec }),
  };
}

/** A live object as Capstan left it: namespace placed, tracking-id of `app` stamped. */
export function ownedLive(object: KubeObject, app: AppRef = APP, namespace = 'prod'): KubeObject {
  const identity = identityOf(object);
  const placed = isNamespacedKind(identity.group, identity.kind)
    ? { ...identity, namespace: identity.namespace || namespace }
    : { ...identity, namespace: '' };
  const metadata = { ...(object['metadata'] as Record<string, unknown>) };
  if (placed.namespace === '') delete metadata['namespace'];
  else metadata['namespace'] = placed.namespace;
  return stampTracking({ ...object, metadata }, app, placed);
}

/** A live object nobody stamped (made by hand or by another tool). */
export function unownedLive(object: KubeObject, namespace = 'prod'): KubeObject {
  const identity = identityOf(object);
  const metadata = { ...(object['metadata'] as Record<string, unknown>) };
  if (isNamespacedKind(identity.group, identity.kind)) {
    metadata['namespace'] = identity.namespace || namespace;
  }
  return { ...object, metadata };
}

/** `phase/wave action key`, one entry per task in execution order. */
export function listTasks(plan: SyncPlan): string[] {
  return plan.steps.flatMap((step) =>
    step.tasks.map((task) => `${step.phase}/${step.wave} ${task.action} ${task.key}`),
  );
}

export function listSkipped(plan: SyncPlan): string[] {
  return plan.skipped.map((skipped) => `${skipped.reason} ${skipped.key}`);
}

export function allTasks(plan: SyncPlan): SyncPlan['syncFailHooks'] {
  return [...plan.steps.flatMap((step) => step.tasks), ...plan.syncFailHooks];
}

export function parseYamlDocuments(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as unknown)
    .filter((value): value is KubeObject => typeof value === 'object' && value !== null);
}
