/**
 * The order tasks run in, as Argo CD (gitops-engine) orders them: phase, then wave, then a
 * fixed kind order (Helm's install order: namespaces, policies, config and storage, CRDs,
 * RBAC, services, workloads, ingress, API services), then name. Kinds not in the list —
 * custom resources — all rank after every listed kind and among themselves by name only;
 * this is what makes a CR land after its CRD in the same wave.
 */
import { parseResourceKey } from '../../model/index.js';
import type { PlanPhase, SyncTask } from './types.js';

const KIND_ORDER: readonly string[] = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

const KIND_RANK = new Map(KIND_ORDER.map((kind, index) => [kind, index]));

/** Position of a kind in the apply order; every unlisted kind shares the last rank. */
export function rankKind(kind: string): number {
  return KIND_RANK.get(kind) ?? KIND_ORDER.length;
}

const PHASE_RANK: Readonly<Record<PlanPhase | 'SyncFail', number>> = {
  PreSync: 0,
  Sync: 1,
  PostSync: 2,
  SyncFail: 3,
};

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Argo CD's order (phase, wave, kind rank, name) plus a total tie-break (kind, group,
 * namespace, action) so that the same input always yields the same plan.
 */
export function compareTasks(a: SyncTask, b: SyncTask): number {
  const left = parseResourceKey(a.key);
  const right = parseResourceKey(b.key);
  return (
    PHASE_RANK[a.phase] - PHASE_RANK[b.phase] ||
    a.wave - b.wave ||
    rankKind(left.kind) - rankKind(right.kind) ||
    compareStrings(left.name, right.name) ||
    compareStrings(left.kind, right.kind) ||
    compareStrings(left.group, right.group) ||
    compareStrings(left.namespace, right.namespace) ||
    compareStrings(a.action, b.action)
  );
}

/**
 * Deletion order inside one step: the reverse of the apply order, so that workloads go
 * before the namespace that holds them and custom resources before their CRD.
 */
export function comparePrunes(a: SyncTask, b: SyncTask): number {
  const left = parseResourceKey(a.key);
  const right = parseResourceKey(b.key);
  return (
    rankKind(right.kind) - rankKind(left.kind) ||
    compareStrings(left.name, right.name) ||
    compareStrings(left.kind, right.kind) ||
    compareStrings(left.group, right.group) ||
    compareStrings(left.namespace, right.namespace)
  );
}
