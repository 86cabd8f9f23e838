import { RenderError } from '../../model/index.js';
import type { SortOptions } from './kustomization.js';
import type { ResId } from './res-id.js';
import type { Resource } from './resource.js';

/** Kustomize's legacy kind order: these first, in this order… */
export const LEGACY_ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
/** …and these last. */
export const LEGACY_ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function gvkSortString(id: ResId): string {
  return [id.group || '~G', id.version || '~V', id.kind || '~K'].join('_');
}

function idSortString(id: ResId): string {
  const gvk = [id.kind || '~K', id.version || '~V', id.group || '~G'].join('.');
  return [gvk, id.namespace || '~X', id.name || '~N'].join('|');
}

/**
 * Orders resources as Kustomize does: `fifo` keeps build order; `legacy` (the default
 * when the kustomization sets no sortOptions) sorts by kind rank, then group/version/
 * kind, then namespace and name.
 */
export function sortResources(
  resources: readonly Resource[],
  options: SortOptions | undefined,
  file: string,
): Resource[] {
  if (options && options.order === undefined) {
    throw new RenderError(file, "the field 'sortOptions.order' must be one of [fifo, legacy]");
  }
  const order = options?.order ?? 'legacy';
  if (order !== 'legacy' && order !== 'fifo') {
    throw new RenderError(file, "the field 'sortOptions.order' must be one of [fifo, legacy]");
  }
  if (order === 'fifo') {
    if (options?.legacySortOptions) {
      throw new RenderError(
        file,
        "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'",
      );
    }
    return [...resources];
  }
  const first = options?.legacySortOptions
    ? (options.legacySortOptions.orderFirst ?? [])
    : LEGACY_ORDER_FIRST;
  const last = options?.legacySortOptions
    ? (options.legacySortOptions.orderLast ?? [])
    : LEGACY_ORDER_LAST;
  const rank = new Map<string, number>();
  first.forEach((kind, i) => rank.set(kind, -first.length + i));
  last.forEach((kind, i) => rank.set(kind, 1 + i));
  const keyed = resources.map((resource) => {
    const id = resource.id();
    return {
      resource,
      id,
      rank: rank.get(id.kind) ?? 0,
      gvk: gvkSortString(id),
      key: idSortString(id),
    };
  });
  keyed.sort((a, b) => {
    if (a.gvk !== b.gvk) {
      if (a.rank !== b.rank) return a.rank - b.rank;
      // Kustomize reverses the order between Namespaces of the core and another group.
      const reverse =
        a.id.kind === 'Namespace' &&
        b.id.kind === 'Namespace' &&
        (a.id.group === '' || b.id.group === '');
      return compareStrings(a.gvk, b.gvk) * (reverse ? -1 : 1);
    }
    return compareStrings(a.key, b.key);
  });
  return keyed.map((k) => k.resource);
}

/** Byte-wise comparison, as Go compares strings. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
