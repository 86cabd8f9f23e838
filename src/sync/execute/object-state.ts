/**
 * Reading live objects the way the executor needs them: did an apply change anything, where
 * is a hook, is a wave done. Pure; the objects come from fresh GETs made by the caller.
 */
import type { HealthStatusCode, OperationPhase } from '../../api/index.js';
import { assessHealth } from '../../health/index.js';
import type { ManifestObject, ObjectRef } from '../../kube/index.js';
import { identityOf, type KubeObject } from '../../model/index.js';

/** The plan's object as the kube adapter takes it; the planner guarantees a name. */
export function toManifest(object: KubeObject): ManifestObject {
  const identity = identityOf(object);
  if (typeof object['apiVersion'] !== 'string' || identity.kind === '' || identity.name === '') {
    // Only a planner bug gets here: prepareDesiredObjects refuses such objects.
    throw new TypeError(`${identity.kind}/${identity.name}: apiVersion, kind and name required`);
  }
  return object as ManifestObject;
}

export function refOf(object: KubeObject): ObjectRef {
  const identity = identityOf(object);
  const ref: ObjectRef = {
    apiVersion: typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '',
    kind: identity.kind,
    name: identity.name,
  };
  if (identity.namespace !== '') ref.namespace = identity.namespace;
  return ref;
}

function metadataOf(object: KubeObject | undefined): Record<string, unknown> {
  const metadata = object?.['metadata'];
  return typeof metadata === 'object' && metadata !== null
    ? (metadata as Record<string, unknown>)
    : {};
}

export function uidOf(object: KubeObject | undefined): string | undefined {
  const uid = metadataOf(object)['uid'];
  return typeof uid === 'string' ? uid : undefined;
}

export function resourceVersionOf(object: KubeObject | undefined): string | undefined {
  const version = metadataOf(object)['resourceVersion'];
  return typeof version === 'string' ? version : undefined;
}

/** The object without what changes on its own: resourceVersion, managedFields, status. */
function stripVolatile(object: KubeObject): KubeObject {
  const metadata = { ...metadataOf(object) };
  delete metadata['resourceVersion'];
  delete metadata['managedFields'];
  const copy: KubeObject = { ...object, metadata };
  delete copy['status'];
  return copy;
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const keys = Object.keys(aRecord);
  if (keys.length !== Object.keys(bRecord).length) return false;
  return keys.every((key) => key in bRecord && isDeepEqual(aRecord[key], bRecord[key]));
}

/**
 * Whether an apply left the object as it was, by content without status and bookkeeping: a
 * controller updating status between our read and our write must not turn `unchanged` into
 * `configured`, and a dry-run answers with the old resourceVersion even when it would change.
 */
export function isSameContent(before: KubeObject, after: KubeObject): boolean {
  return isDeepEqual(stripVolatile(before), stripVolatile(after));
}

export interface HookState {
  readonly phase: Extract<OperationPhase, 'Running' | 'Succeeded' | 'Failed'>;
  readonly message: string;
}

function readConditions(
  object: KubeObject,
): { type?: unknown; status?: unknown; message?: unknown }[] {
  const status = object['status'] as { conditions?: unknown } | undefined;
  return Array.isArray(status?.conditions) ? (status.conditions as []) : [];
}

function readJobState(job: KubeObject): HookState {
  const conditions = readConditions(job);
  const find = (type: string) => conditions.find((c) => c.type === type && c.status === 'True');
  const failed = find('Failed');
  if (failed !== undefined) {
    return { phase: 'Failed', message: typeof failed.message === 'string' ? failed.message : '' };
  }
  const complete = find('Complete');
  if (complete !== undefined) {
    const message = typeof complete.message === 'string' ? complete.message : '';
    return { phase: 'Succeeded', message: message || 'job completed' };
  }
  return { phase: 'Running', message: 'job running' };
}

function readPodState(pod: KubeObject): HookState {
  const status = pod['status'] as { phase?: unknown; message?: unknown } | undefined;
  const message = typeof status?.message === 'string' ? status.message : '';
  switch (status?.phase) {
    case 'Succeeded':
      return { phase: 'Succeeded', message: message || 'pod succeeded' };
    case 'Failed':
      return { phase: 'Failed', message: message || 'pod failed' };
    default:
      return { phase: 'Running', message: message || 'pod running' };
  }
}

/**
 * Where a hook is: a Job by its Complete/Failed condition, a Pod by its phase, anything else
 * by its health (Degraded fails, Progressing runs, the rest has nothing to wait for).
 */
export function readHookState(live: KubeObject | undefined): HookState {
  if (live === undefined) return { phase: 'Failed', message: 'hook deleted before it completed' };
  const { group, kind } = identityOf(live);
  if (group === 'batch' && kind === 'Job') return readJobState(live);
  if (group === '' && kind === 'Pod') return readPodState(live);
  const health = assessHealth(live);
  if (health.status === 'Degraded') return { phase: 'Failed', message: health.message };
  if (health.status === 'Progressing') return { phase: 'Running', message: health.message };
  return { phase: 'Succeeded', message: health.message || 'hook applied' };
}

/** How a wave's wait sees one applied object. */
export type WaitVerdict = 'done' | 'waiting' | 'degraded';

/**
 * Healthy, Suspended (a paused rollout, a suspended CronJob: waiting cannot help) and Unknown
 * (no rule says otherwise) let the sync go on; Degraded stops it; Progressing and Missing
 * (not visible yet, or being replaced) are waited for.
 */
export function judgeWaveHealth(status: HealthStatusCode): WaitVerdict {
  switch (status) {
    case 'Healthy':
    case 'Suspended':
    case 'Unknown':
      return 'done';
    case 'Degraded':
      return 'degraded';
    case 'Progressing':
    case 'Missing':
      return 'waiting';
  }
}
