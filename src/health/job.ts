import { readBoolean, readConditions, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

function isTrue(obj: KubeObject, type: string): { found: boolean; message: string } {
  const condition = readConditions(obj).find((c) => c.type === type && c.status === 'True');
  return { found: condition !== undefined, message: condition?.message ?? '' };
}

/** batch/v1 Job: Failed → Degraded, Complete → Healthy, suspended → Suspended, else Progressing. */
export function assessJobHealth(obj: KubeObject): HealthResult {
  const failed = isTrue(obj, 'Failed');
  if (failed.found) return healthOf('Degraded', failed.message);
  const complete = isTrue(obj, 'Complete');
  if (complete.found) return healthOf('Healthy', complete.message);
  const suspended = isTrue(obj, 'Suspended');
  if (suspended.found) return healthOf('Suspended', suspended.message);
  if (readBoolean(obj, 'spec', 'suspend') === true) {
    return healthOf('Suspended', 'Job is suspended');
  }
  return healthOf('Progressing');
}
