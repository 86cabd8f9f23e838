import { readGenerations, readNumber, readString, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** apps/v1 StatefulSet: generation observed, pods ready, then partitioned or full rollout done. */
export function assessStatefulSetHealth(obj: KubeObject): HealthResult {
  const { generation, observed } = readGenerations(obj);
  if (observed === 0 || generation > observed) {
    return healthOf('Progressing', 'Waiting for statefulset spec update to be observed...');
  }
  const desired = readNumber(obj, 'spec', 'replicas');
  const ready = readNumber(obj, 'status', 'readyReplicas') ?? 0;
  if (desired !== undefined && ready < desired) {
    return healthOf('Progressing', `Waiting for ${desired - ready} pods to be ready...`);
  }
  const strategy = readString(obj, 'spec', 'updateStrategy', 'type');
  const partition = readNumber(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition');
  const updated = readNumber(obj, 'status', 'updatedReplicas') ?? 0;
  if (strategy === 'RollingUpdate' && partition !== undefined && desired !== undefined) {
    if (updated < desired - partition) {
      return healthOf(
        'Progressing',
        `Waiting for partitioned roll out to finish: ${updated} out of ${desired - partition} new pods have been updated...`,
      );
    }
    return healthOf(
      'Healthy',
      `partitioned roll out complete: ${updated} new pods have been updated...`,
    );
  }
  if (strategy === 'OnDelete') {
    return healthOf('Healthy', `statefulset has ${ready} ready pods`);
  }
  const updateRevision = readString(obj, 'status', 'updateRevision');
  const currentRevision = readString(obj, 'status', 'currentRevision');
  if (updateRevision !== currentRevision) {
    return healthOf(
      'Progressing',
      `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision ?? ''}...`,
    );
  }
  const current = readNumber(obj, 'status', 'currentReplicas') ?? 0;
  return healthOf(
    'Healthy',
    `statefulset rolling update complete ${current} pods at revision ${currentRevision ?? ''}...`,
  );
}
