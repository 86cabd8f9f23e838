import { readGenerations, readNumber, readString, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** apps/v1 DaemonSet: generation observed, then every scheduled pod updated and available. */
export function assessDaemonSetHealth(obj: KubeObject): HealthResult {
  const { generation, observed } = readGenerations(obj);
  if (generation > observed) {
    return healthOf(
      'Progressing',
      'Waiting for rollout to finish: observed daemon set generation less than desired generation',
    );
  }
  const name = readString(obj, 'metadata', 'name') ?? '';
  const desired = readNumber(obj, 'status', 'desiredNumberScheduled') ?? 0;
  const updated = readNumber(obj, 'status', 'updatedNumberScheduled') ?? 0;
  const available = readNumber(obj, 'status', 'numberAvailable') ?? 0;
  if (readString(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    return healthOf(
      'Healthy',
      `daemon set ${updated} out of ${desired} new pods have been updated`,
    );
  }
  if (updated < desired) {
    return healthOf(
      'Progressing',
      `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    );
  }
  if (available < desired) {
    return healthOf(
      'Progressing',
      `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
    );
  }
  return healthOf('Healthy');
}
