import { readString, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** v1 PersistentVolumeClaim: Bound → Healthy, Pending → Progressing, Lost → Degraded. */
export function assessPersistentVolumeClaimHealth(obj: KubeObject): HealthResult {
  const phase = readString(obj, 'status', 'phase');
  switch (phase ?? '') {
    case 'Bound':
      return healthOf('Healthy');
    case 'Pending':
      return healthOf('Progressing', 'Waiting for the claim to be bound');
    case 'Lost':
      return healthOf('Degraded', 'The claim lost its volume');
    default:
      return healthOf('Unknown', `Unknown claim phase ${phase ?? '(none)'}`);
  }
}
