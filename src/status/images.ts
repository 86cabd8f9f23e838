/** `status.summary.images`: the container images an app runs, as `kubectl get` users see them. */
import type { KubeObject } from '../model/index.js';
import { groupOfApiVersion } from '../model/index.js';
import type { ComparedResource } from './types.js';

/** Where the pod spec sits, by `group/Kind` of the built-in workload kinds. */
const POD_SPEC_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['/Pod', ['spec']],
  ['/ReplicationController', ['spec', 'template', 'spec']],
  ['apps/Deployment', ['spec', 'template', 'spec']],
  ['apps/StatefulSet', ['spec', 'template', 'spec']],
  ['apps/DaemonSet', ['spec', 'template', 'spec']],
  ['apps/ReplicaSet', ['spec', 'template', 'spec']],
  ['extensions/Deployment', ['spec', 'template', 'spec']],
  ['extensions/DaemonSet', ['spec', 'template', 'spec']],
  ['extensions/ReplicaSet', ['spec', 'template', 'spec']],
  ['batch/Job', ['spec', 'template', 'spec']],
  ['batch/CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
]);

const CONTAINER_LISTS = ['initContainers', 'containers'] as const;

function readPath(object: unknown, path: readonly string[]): unknown {
  let current = object;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function imagesOfObject(object: KubeObject): string[] {
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const path = POD_SPEC_PATHS.get(`${groupOfApiVersion(apiVersion)}/${kind}`);
  if (path === undefined) return [];
  const podSpec = readPath(object, path);
  return CONTAINER_LISTS.flatMap((list) => {
    const containers = readPath(podSpec, [list]);
    if (!Array.isArray(containers)) return [];
    return containers.flatMap((container: unknown) => {
      const image = readPath(container, ['image']);
      return typeof image === 'string' && image !== '' ? [image] : [];
    });
  });
}

/**
 * Sorted unique images of the containers and init containers of every workload, read from the
 * live object (what runs) or, when there is none yet, from the desired one.
 */
export function collectContainerImages(resources: readonly ComparedResource[]): string[] {
  const images = new Set<string>();
  for (const resource of resources) {
    const object = resource.live ?? resource.desired;
    if (object === undefined) continue;
    for (const image of imagesOfObject(object)) images.add(image);
  }
  return [...images].sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
}
