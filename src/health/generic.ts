import { findCondition, readGenerations, readRecord, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** Any other kind, kstatus-like: generation observed, then a Ready or Available condition. */
export function assessGenericHealth(obj: KubeObject): HealthResult {
  if (readRecord(obj, 'status') === undefined) return healthOf('Healthy');
  const { generation, observed } = readGenerations(obj);
  if (readRecord(obj, 'status')?.['observedGeneration'] !== undefined && observed < generation) {
    return healthOf(
      'Progressing',
      `Waiting for the controller to observe generation ${generation} (observed ${observed})`,
    );
  }
  const condition = findCondition(obj, 'Ready') ?? findCondition(obj, 'Available');
  if (condition === undefined) return healthOf('Healthy');
  const message = [condition.reason, condition.message].filter((s) => s !== '').join(': ');
  switch (condition.status) {
    case 'True':
      return healthOf('Healthy', message);
    case 'False':
      return healthOf('Degraded', message);
    default:
      return healthOf('Progressing', message);
  }
}
