import { readRecord, readString, toConditions, type Condition, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

const FAILED_REASONS: ReadonlySet<string> = new Set([
  'FailedGetScale',
  'FailedUpdateScale',
  'FailedGetResourceMetric',
  'InvalidSelector',
]);

/** autoscaling/v2 keeps conditions in status; autoscaling/v1 in a JSON annotation. */
function readHpaConditions(obj: KubeObject): readonly Condition[] {
  const inStatus = readRecord(obj, 'status')?.['conditions'];
  if (Array.isArray(inStatus)) return toConditions(inStatus);
  const annotation = readString(
    obj,
    'metadata',
    'annotations',
    'autoscaling.alpha.kubernetes.io/conditions',
  );
  if (annotation === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(annotation);
    return Array.isArray(parsed) ? toConditions(parsed) : [];
  } catch {
    return [];
  }
}

function isDegraded(condition: Condition): boolean {
  const isScalingCondition = condition.type === 'AbleToScale' || condition.type === 'ScalingActive';
  return isScalingCondition && condition.status === 'False' && FAILED_REASONS.has(condition.reason);
}

function isHealthy(condition: Condition): boolean {
  const isScalingCondition =
    condition.type === 'AbleToScale' || condition.type === 'ScalingLimited';
  return isScalingCondition && condition.status === 'True';
}

/** HorizontalPodAutoscaler: a failed AbleToScale/ScalingActive → Degraded; able to scale → Healthy. */
export function assessHorizontalPodAutoscalerHealth(obj: KubeObject): HealthResult {
  const conditions = readHpaConditions(obj);
  const degraded = conditions.find(isDegraded);
  if (degraded !== undefined) return healthOf('Degraded', degraded.message);
  const healthy = conditions.find(isHealthy);
  if (healthy !== undefined) return healthOf('Healthy', healthy.message);
  return healthOf('Progressing', 'Waiting to Autoscale');
}
