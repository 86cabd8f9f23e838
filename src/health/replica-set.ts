import { findCondition, readGenerations, readNumber, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** apps/v1 ReplicaSet: ReplicaFailure → Degraded; fewer available than desired → Progressing. */
export function assessReplicaSetHealth(obj: KubeObject): HealthResult {
  const { generation, observed } = readGenerations(obj);
  if (generation > observed) {
    return healthOf(
      'Progressing',
      'Waiting for rollout to finish: observed replica set generation less than desired generation',
    );
  }
  const failure = findCondition(obj, 'ReplicaFailure');
  if (failure?.status === 'True') {
    return healthOf('Degraded', failure.message);
  }
  const desired = readNumber(obj, 'spec', 'replicas');
  const available = readNumber(obj, 'status', 'availableReplicas') ?? 0;
  if (desired !== undefined && available < desired) {
    return healthOf(
      'Progressing',
      `Waiting for rollout to finish: ${available} out of ${desired} new replicas are available...`,
    );
  }
  return healthOf('Healthy');
}
