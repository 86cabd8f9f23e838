import { readArray, readString, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** v1 Service: a LoadBalancer is Progressing until it has an ingress; other types are Healthy. */
export function assessServiceHealth(obj: KubeObject): HealthResult {
  if (readString(obj, 'spec', 'type') !== 'LoadBalancer') return healthOf('Healthy');
  if (readArray(obj, 'status', 'loadBalancer', 'ingress').length > 0) return healthOf('Healthy');
  return healthOf('Progressing', 'Waiting for the load balancer to get an ingress');
}
