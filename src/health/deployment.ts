import {
  findCondition,
  readBoolean,
  readGenerations,
  readNumber,
  readString,
  type KubeObject,
} from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** apps/v1 Deployment: paused → Suspended; deadline exceeded → Degraded; rollout → Progressing. */
export function assessDeploymentHealth(obj: KubeObject): HealthResult {
  if (readBoolean(obj, 'spec', 'paused') === true) {
    return healthOf('Suspended', 'Deployment is paused');
  }
  const { generation, observed } = readGenerations(obj);
  if (generation > observed) {
    return healthOf(
      'Progressing',
      'Waiting for rollout to finish: observed deployment generation less than desired generation',
    );
  }
  const progressing = findCondition(obj, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    const name = readString(obj, 'metadata', 'name') ?? '';
    return healthOf('Degraded', `Deployment "${name}" exceeded its progress deadline`);
  }
  const desired = readNumber(obj, 'spec', 'replicas');
  const current = readNumber(obj, 'status', 'replicas') ?? 0;
  const updated = readNumber(obj, 'status', 'updatedReplicas') ?? 0;
  const available = readNumber(obj, 'status', 'availableReplicas') ?? 0;
  if (desired !== undefined && updated < desired) {
    return healthOf(
      'Progressing',
      `Waiting for rollout to finish: ${updated} out of ${desired} new replicas have been updated...`,
    );
  }
  if (current > updated) {
    return healthOf(
      'Progressing',
      `Waiting for rollout to finish: ${current - updated} old replicas are pending termination...`,
    );
  }
  if (available < updated) {
    return healthOf(
      'Progressing',
      `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`,
    );
  }
  return healthOf('Healthy');
}
