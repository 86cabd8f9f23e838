import type { HealthStatusCode } from '../api/index.js';

/** Worst first, as in Argo CD and DESIGN §6. */
const SEVERITY_ORDER: readonly HealthStatusCode[] = [
  'Degraded',
  'Missing',
  'Progressing',
  'Suspended',
  'Unknown',
  'Healthy',
];

/** The application's health: the worst of its resources' health; Healthy when there are none. */
export function aggregateHealth(statuses: Iterable<HealthStatusCode>): HealthStatusCode {
  let worst = SEVERITY_ORDER.length - 1;
  for (const status of statuses) {
    worst = Math.min(worst, SEVERITY_ORDER.indexOf(status));
  }
  return SEVERITY_ORDER[worst] ?? 'Healthy';
}
