import { readString, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** v1 Namespace: Active → Healthy, Terminating → Progressing. */
export function assessNamespaceHealth(obj: KubeObject): HealthResult {
  const phase = readString(obj, 'status', 'phase');
  if (phase === 'Terminating') return healthOf('Progressing', 'Namespace is terminating');
  if (phase === 'Active' || phase === undefined) return healthOf('Healthy');
  return healthOf('Unknown', `Unknown namespace phase ${phase}`);
}
