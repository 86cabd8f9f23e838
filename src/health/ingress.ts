import { readArray, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** networking.k8s.io Ingress: Progressing until status.loadBalancer.ingress is set (as Argo CD). */
export function assessIngressHealth(obj: KubeObject): HealthResult {
  if (readArray(obj, 'status', 'loadBalancer', 'ingress').length > 0) return healthOf('Healthy');
  return healthOf('Progressing', 'Waiting for the ingress to get a load balancer address');
}
