/** Builders for the status tests: compared resources and apps from plain objects. */
import type { Application, ApplicationStatus, SyncStatusCode } from '../../../src/api/index.js';
import type { HealthResult } from '../../../src/health/index.js';
import {
  identityOf,
  resourceKeyOf,
  versionOfApiVersion,
  type KubeObject,
} from '../../../src/model/index.js';
import type {
  ComparedResource,
  ComparisonOutcome,
  ConditionInput,
} from '../../../src/status/index.js';
import { buildApplicationStatus } from '../../../src/status/index.js';

export interface ResourceSpec {
  readonly desired?: KubeObject;
  readonly live?: KubeObject;
  readonly sync?: SyncStatusCode;
  readonly health?: HealthResult | undefined;
  readonly requiresPruning?: boolean;
  readonly hook?: boolean;
  readonly syncWave?: number;
  readonly ignoreExtraneous?: boolean;
}

/** A compared resource whose identity comes from its desired (else live) object. */
export function comparedResource(spec: ResourceSpec): ComparedResource {
  const object = spec.desired ?? spec.live;
  if (object === undefined) throw new Error('a compared resource needs desired or live');
  return {
    key: resourceKeyOf(object),
    ...identityOf(object),
    version: versionOfApiVersion(String(object['apiVersion'])),
    ...(spec.desired === undefined ? {} : { desired: spec.desired }),
    ...(spec.live === undefined ? {} : { live: spec.live }),
    sync: spec.sync ?? 'Synced',
    ...(spec.health === undefined ? {} : { health: spec.health }),
    requiresPruning: spec.requiresPruning ?? false,
    hook: spec.hook ?? false,
    syncWave: spec.syncWave ?? 0,
    ignoreExtraneous: spec.ignoreExtraneous ?? false,
  };
}

/** A minimal Kubernetes object. */
export function kubeObject(
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
  extra: KubeObject = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
    ...extra,
  };
}

/** A Deployment running `images` in its containers (and `initImages` in init containers). */
export function deployment(name: string, images: string[], initImages: string[] = []): KubeObject {
  const containers = images.map((image, index) => ({ name: `c${String(index)}`, image }));
  const initContainers = initImages.map((image, index) => ({ name: `i${String(index)}`, image }));
  const podSpec = initImages.length === 0 ? { containers } : { containers, initContainers };
  return kubeObject('apps/v1', 'Deployment', name, 'web', {
    spec: { template: { spec: podSpec } },
  });
}

export const HEALTHY: HealthResult = { status: 'Healthy', message: '' };

export const SOURCE = { repoURL: 'https://git.example.com/org/deploy.git', path: 'web' };
export const DESTINATION = { server: 'https://kubernetes.default.svc', namespace: 'web' };
export const REVISION = '0123456789abcdef0123456789abcdef01234567';

export function application(status?: ApplicationStatus, generation = 4): Application {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web', namespace: 'capstan-system', generation },
    spec: { project: 'default', source: SOURCE, destination: DESTINATION },
    ...(status === undefined ? {} : { status }),
  };
}

export function compared(
  resources: ComparedResource[],
  warnings: readonly ConditionInput[] = [],
): ComparisonOutcome {
  return {
    kind: 'compared',
    revision: REVISION,
    comparedTo: { source: SOURCE, destination: DESTINATION },
    resources,
    warnings,
  };
}

export const NOW = Date.parse('2025-03-01T12:00:00Z');
export const LATER = Date.parse('2025-03-01T12:05:00Z');

/** The status after comparing `resources`, with `previous` as the last status. */
export function statusOf(
  resources: readonly ComparedResource[],
  previous?: ApplicationStatus,
): ApplicationStatus {
  return buildApplicationStatus({
    app: application(previous),
    outcome: compared([...resources]),
    now: NOW,
  });
}

export const service = kubeObject('v1', 'Service', 'web', 'web');
export const configMap = kubeObject('v1', 'ConfigMap', 'settings', 'web');
export const web = deployment('web', ['nginx:1.27']);
