import type { HealthStatusCode } from '../api/index.js';

/** The health of one live object, as Argo CD reports it: a status code and a short message. */
export interface HealthResult {
  readonly status: HealthStatusCode;
  readonly message: string;
}

export function healthOf(status: HealthStatusCode, message = ''): HealthResult {
  return { status, message };
}
