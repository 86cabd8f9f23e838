/**
 * What the comparison knows of Kubernetes schemas without asking the server: how each list
 * merges under server-side apply (by key, as a set, or replaced whole), which values are
 * resource quantities, and which maps hold free-form keys. A list it does not know is
 * `unknown`, which only ever leads to `needsDryRun`, never to a wrong `drift`.
 */
import type { PathSegment } from './json-pointer.js';

/** API groups served by Kubernetes itself; anything else is a custom resource. */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'apiregistration.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'scheduling.k8s.io',
  'certificates.k8s.io',
  'node.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
]);

export function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}

export type ListSemantics =
  | {
      readonly type: 'map';
      readonly keys: readonly string[];
      /** Key fields the server defaults before merging (a port's protocol is TCP). */
      readonly defaults?: Readonly<Record<string, string>>;
    }
  | { readonly type: 'set' }
  | { readonly type: 'atomic' }
  | { readonly type: 'unknown' };

const UNKNOWN: ListSemantics = { type: 'unknown' };
const ATOMIC: ListSemantics = { type: 'atomic' };
const SET: ListSemantics = { type: 'set' };
const BY_NAME: ListSemantics = { type: 'map', keys: ['name'] };
const TCP = { protocol: 'TCP' };

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Lists of a PodSpec merged by key (listType=map in k8s.io/api core/v1). */
const POD_SPEC_MAPS: Readonly<Record<string, ListSemantics>> = {
  containers: BY_NAME,
  initContainers: BY_NAME,
  ephemeralContainers: BY_NAME,
  volumes: BY_NAME,
  imagePullSecrets: BY_NAME,
  resourceClaims: BY_NAME,
  schedulingGates: BY_NAME,
  hostAliases: { type: 'map', keys: ['ip'] },
  topologySpreadConstraints: { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] },
};

/** Lists of a Container merged by key. */
const CONTAINER_MAPS: Readonly<Record<string, ListSemantics>> = {
  ports: { type: 'map', keys: ['containerPort', 'protocol'], defaults: TCP },
  env: BY_NAME,
  volumeMounts: { type: 'map', keys: ['mountPath'] },
  volumeDevices: { type: 'map', keys: ['devicePath'] },
};

/** Object lists that server-side apply replaces whole (listType=atomic or no list type). */
const ATOMIC_OBJECT_LISTS = new Set([
  'envFrom',
  'resizePolicy',
  'readinessGates',
  'matchExpressions',
  'nodeSelectorTerms',
  'rules',
  'tls',
  'paths',
  'subjects',
  'metrics',
  'ingress',
  'egress',
  'from',
  'to',
  'volumeClaimTemplates',
]);

/** The field a list hangs under: the list's name for an item of an enclosing list. */
function ownerOf(path: readonly PathSegment[]): PathSegment | undefined {
  const parent = path[path.length - 2];
  return typeof parent === 'number' ? path[path.length - 3] : parent;
}

/**
 * How the list at `path` (its last segment is the list's field name) merges. `kind` and
 * `builtin` say whose schema applies; `hasObjects` whether the desired items are objects.
 */
export function listSemanticsOf(
  path: readonly PathSegment[],
  kind: string,
  builtin: boolean,
  hasObjects: boolean,
): ListSemantics {
  const name = path[path.length - 1];
  if (path.length === 2 && path[0] === 'metadata') {
    if (name === 'finalizers') return SET;
    if (name === 'ownerReferences') return { type: 'map', keys: ['uid'] };
  }
  if (!builtin || kind === 'CustomResourceDefinition' || typeof name !== 'string') return UNKNOWN;
  // The server fills a Service's address families in, so a longer live list proves nothing.
  if (kind === 'Service' && (name === 'clusterIPs' || name === 'ipFamilies')) return UNKNOWN;
  // Kubernetes' own scalar lists are atomic unless marked as sets (finalizers, above).
  if (!hasObjects) return ATOMIC;
  const owner = ownerOf(path);
  if (owner === 'spec' && Object.hasOwn(POD_SPEC_MAPS, name)) return POD_SPEC_MAPS[name] ?? UNKNOWN;
  if (
    typeof owner === 'string' &&
    CONTAINER_LISTS.has(owner) &&
    Object.hasOwn(CONTAINER_MAPS, name)
  )
    return CONTAINER_MAPS[name] ?? UNKNOWN;
  if (kind === 'Service' && path.length === 2 && path[0] === 'spec' && name === 'ports')
    return { type: 'map', keys: ['port', 'protocol'], defaults: TCP };
  if (path.length === 1 && name === 'webhooks') return BY_NAME;
  // Admission adds default tolerations to Pods, so a longer live list there proves nothing.
  if (name === 'tolerations') return kind === 'Pod' ? UNKNOWN : ATOMIC;
  return ATOMIC_OBJECT_LISTS.has(name) ? ATOMIC : UNKNOWN;
}

const LIMIT_RANGE_MAPS = new Set([
  'max',
  'min',
  'default',
  'defaultRequest',
  'maxLimitRequestRatio',
]);

/**
 * Whether the scalar at `path` is a resource quantity: resources limits/requests, quota
 * `hard`, PV `capacity`, LimitRange bounds, pod `overhead`, emptyDir `sizeLimit`, HPA
 * metric targets, CSIStorageCapacity sizes.
 */
export function isQuantityPath(path: readonly PathSegment[], kind: string): boolean {
  const length = path.length;
  const field = path[length - 1];
  if (field === 'sizeLimit') return true;
  const map = path[length - 2];
  // autoscaling/v2 MetricTarget values; v2beta1 spelled them targetAverageValue/targetValue.
  if (kind === 'HorizontalPodAutoscaler')
    return map === 'target'
      ? field === 'averageValue' || field === 'value'
      : field === 'targetAverageValue' || field === 'targetValue';
  if (kind === 'CSIStorageCapacity') return field === 'capacity' || field === 'maximumVolumeSize';
  if (map === 'limits' || map === 'requests') return path[length - 3] === 'resources';
  if (map === 'hard') return kind === 'ResourceQuota';
  if (map === 'capacity') return kind === 'PersistentVolume';
  if (map === 'overhead' || map === 'podFixed') return true;
  return typeof map === 'string' && LIMIT_RANGE_MAPS.has(map) && kind === 'LimitRange';
}

const STRING_MAPS = new Set(['labels', 'annotations', 'nodeSelector', 'matchLabels']);

/**
 * Whether the object at `path` is a map with free-form keys, where a key missing in live
 * is certainly added by an apply (a struct field missing in live may have been pruned).
 */
export function isFreeFormMap(path: readonly PathSegment[], kind: string): boolean {
  const name = path[path.length - 1];
  if (typeof name !== 'string') return false;
  if (STRING_MAPS.has(name))
    return (name !== 'labels' && name !== 'annotations') || path[path.length - 2] === 'metadata';
  if (path.length === 1 && (name === 'data' || name === 'binaryData'))
    return kind === 'ConfigMap' || kind === 'Secret';
  if (kind === 'Service' && path.length === 2 && path[0] === 'spec' && name === 'selector')
    return true;
  return (name === 'limits' || name === 'requests') && path[path.length - 2] === 'resources';
}
