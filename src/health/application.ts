import { HealthStatusCode } from '../api/index.js';
import { readString, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

const CODES: ReadonlySet<string> = new Set(Object.values(HealthStatusCode));

function isHealthStatusCode(value: string): value is HealthStatusCode {
  return CODES.has(value);
}

/** capstan.dev Application (app of apps): the child app's own status.health. */
export function assessApplicationHealth(obj: KubeObject): HealthResult {
  const status = readString(obj, 'status', 'health', 'status');
  const message = readString(obj, 'status', 'health', 'message') ?? '';
  if (status === undefined || !isHealthStatusCode(status)) {
    return healthOf('Unknown', message);
  }
  return healthOf(status, message);
}
