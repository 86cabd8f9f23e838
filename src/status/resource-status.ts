/**
 * Per-resource status entries and the app-level sync and health they add up to, with Argo CD's
 * rules: hooks never make an app OutOfSync or unhealthy, and an extraneous object marked
 * IgnoreExtraneous does not make it OutOfSync.
 */
import type {
  HealthStatus,
  HealthStatusCode,
  ResourceStatus,
  SyncStatusCode,
} from '../api/index.js';
import { aggregateHealth, type HealthResult } from '../health/index.js';
import { describeResource } from '../model/index.js';
import type { ComparedResource } from './types.js';

/**
 * The health shown for a resource. A desired object that is not live is Missing whatever its
 * kind (hooks excepted: they exist only while a sync runs them).
 */
function effectiveHealth(resource: ComparedResource): HealthResult | undefined {
  if (resource.hook || resource.desired === undefined || resource.live !== undefined) {
    return resource.health;
  }
  const message = resource.health?.status === 'Missing' ? resource.health.message : '';
  return { status: 'Missing', message };
}

function formatHealth(health: HealthResult): HealthStatus {
  return health.message === ''
    ? { status: health.status }
    : { status: health.status, message: health.message };
}

/**
 * One `status.resources` entry. Empty group and namespace, false flags and wave 0 are left out,
 * always the same way, so that equal comparisons give equal statuses.
 */
export function formatResourceStatus(resource: ComparedResource): ResourceStatus {
  const health = effectiveHealth(resource);
  return {
    ...(resource.group === '' ? {} : { group: resource.group }),
    version: resource.version,
    kind: resource.kind,
    ...(resource.namespace === '' ? {} : { namespace: resource.namespace }),
    name: resource.name,
    // Argo CD stores no sync status for hooks: they exist only while a sync runs them, so a
    // hook its delete policy removed, or one kept after leaving Git, is not "OutOfSync".
    ...(resource.hook ? {} : { status: resource.sync }),
    ...(health === undefined ? {} : { health: formatHealth(health) }),
    ...(resource.hook ? { hook: true } : {}),
    // Hooks are never pruned (sync/plan), so never shown as awaiting a prune.
    ...(resource.requiresPruning && !resource.hook ? { requiresPruning: true } : {}),
    ...(resource.syncWave === 0 ? {} : { syncWave: resource.syncWave }),
  };
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Group, kind, namespace, name — by code unit, not locale, so every process agrees. */
export function compareComparedResources(a: ComparedResource, b: ComparedResource): number {
  return (
    compareText(a.group, b.group) ||
    compareText(a.kind, b.kind) ||
    compareText(a.namespace, b.namespace) ||
    compareText(a.name, b.name)
  );
}

/** Resources that decide the app's sync status. */
function countsForSync(resource: ComparedResource): boolean {
  return !resource.hook && !(resource.requiresPruning && resource.ignoreExtraneous);
}

/**
 * OutOfSync when a counted resource drifted, is missing or awaits pruning; else Unknown when
 * one is not settled; else Synced (also with no resources at all).
 */
export function summarizeSyncStatus(resources: readonly ComparedResource[]): SyncStatusCode {
  const counted = resources.filter(countsForSync);
  if (counted.some((r) => r.sync === 'OutOfSync' || r.requiresPruning)) return 'OutOfSync';
  if (counted.some((r) => r.sync === 'Unknown')) return 'Unknown';
  return 'Synced';
}

/**
 * The worst health of the non-hook resources (Healthy when there are none); the message names
 * the first resource, in status order, that has that health.
 */
export function summarizeAppHealth(sortedResources: readonly ComparedResource[]): HealthStatus {
  const assessed = sortedResources.flatMap((resource) => {
    const health = resource.hook ? undefined : effectiveHealth(resource);
    return health === undefined ? [] : [{ resource, health }];
  });
  const status: HealthStatusCode = aggregateHealth(assessed.map(({ health }) => health.status));
  const worst = assessed.find(({ health }) => health.status === status);
  if (status === 'Healthy' || worst === undefined) return { status };
  const subject = describeResource(worst.resource);
  const message =
    worst.health.message === '' ? `${subject} is ${status}` : `${subject}: ${worst.health.message}`;
  return { status, message };
}
