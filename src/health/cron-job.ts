import { readArray, readBoolean, readString, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** batch/v1 CronJob: suspended → Suspended; the last scheduled run failed → Degraded. */
export function assessCronJobHealth(obj: KubeObject): HealthResult {
  if (readBoolean(obj, 'spec', 'suspend') === true) {
    return healthOf('Suspended', 'CronJob is suspended');
  }
  const lastSchedule = readString(obj, 'status', 'lastScheduleTime');
  if (lastSchedule === undefined) {
    return healthOf('Healthy', 'The CronJob has not yet been scheduled');
  }
  const lastSuccess = readString(obj, 'status', 'lastSuccessfulTime');
  const isRunning = readArray(obj, 'status', 'active').length > 0;
  if (lastSuccess === undefined || Date.parse(lastSchedule) > Date.parse(lastSuccess)) {
    return isRunning
      ? healthOf('Progressing', 'The job is running')
      : healthOf('Degraded', 'The last job failed');
  }
  return healthOf('Healthy', 'The last job succeeded');
}
