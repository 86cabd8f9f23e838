import { findCondition, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** apiregistration.k8s.io APIService: the Available condition decides. */
export function assessApiServiceHealth(obj: KubeObject): HealthResult {
  const available = findCondition(obj, 'Available');
  if (available === undefined) return healthOf('Progressing', 'Waiting to be processed');
  const message = `${available.reason}: ${available.message}`;
  return healthOf(available.status === 'True' ? 'Healthy' : 'Progressing', message);
}
