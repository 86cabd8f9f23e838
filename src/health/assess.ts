import { assessApiServiceHealth } from './api-service.js';
import { assessApplicationHealth } from './application.js';
import { assessCronJobHealth } from './cron-job.js';
import { assessCustomResourceDefinitionHealth } from './custom-resource-definition.js';
import { assessDaemonSetHealth } from './daemon-set.js';
import { assessDeploymentHealth } from './deployment.js';
import { readString, type KubeObject } from './fields.js';
import { assessGenericHealth } from './generic.js';
import { assessHorizontalPodAutoscalerHealth } from './horizontal-pod-autoscaler.js';
import { assessIngressHealth } from './ingress.js';
import { assessJobHealth } from './job.js';
import { assessNamespaceHealth } from './namespace.js';
import { assessPersistentVolumeClaimHealth } from './persistent-volume-claim.js';
import { assessPodHealth } from './pod.js';
import { assessReplicaSetHealth } from './replica-set.js';
import { healthOf, type HealthResult } from './result.js';
import { assessServiceHealth } from './service.js';
import { assessStatefulSetHealth } from './stateful-set.js';

type KindRule = (obj: KubeObject) => HealthResult;

/** Keyed by `group/Kind` (core group is empty). */
const KIND_RULES: ReadonlyMap<string, KindRule> = new Map([
  ['apps/Deployment', assessDeploymentHealth],
  ['extensions/Deployment', assessDeploymentHealth],
  ['apps/StatefulSet', assessStatefulSetHealth],
  ['apps/DaemonSet', assessDaemonSetHealth],
  ['extensions/DaemonSet', assessDaemonSetHealth],
  ['apps/ReplicaSet', assessReplicaSetHealth],
  ['extensions/ReplicaSet', assessReplicaSetHealth],
  ['/Pod', assessPodHealth],
  ['batch/Job', assessJobHealth],
  ['batch/CronJob', assessCronJobHealth],
  ['/Service', assessServiceHealth],
  ['networking.k8s.io/Ingress', assessIngressHealth],
  ['extensions/Ingress', assessIngressHealth],
  ['/PersistentVolumeClaim', assessPersistentVolumeClaimHealth],
  ['autoscaling/HorizontalPodAutoscaler', assessHorizontalPodAutoscalerHealth],
  ['apiregistration.k8s.io/APIService', assessApiServiceHealth],
  ['apiextensions.k8s.io/CustomResourceDefinition', assessCustomResourceDefinitionHealth],
  ['/Namespace', assessNamespaceHealth],
  ['capstan.dev/Application', assessApplicationHealth],
]);

function groupKindOf(obj: KubeObject): string {
  const apiVersion = readString(obj, 'apiVersion') ?? '';
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  return `${group}/${readString(obj, 'kind') ?? ''}`;
}

/**
 * The health of one live object with Argo CD's semantics. `undefined` (not in the cluster) is
 * Missing; an object being deleted is Progressing; known kinds use their rule, others the
 * generic one.
 */
export function assessHealth(obj: KubeObject | undefined): HealthResult {
  if (obj === undefined) return healthOf('Missing', 'Resource does not exist');
  if (readString(obj, 'metadata', 'deletionTimestamp') !== undefined) {
    return healthOf('Progressing', 'Pending deletion');
  }
  const rule = KIND_RULES.get(groupKindOf(obj)) ?? assessGenericHealth;
  return rule(obj);
}
