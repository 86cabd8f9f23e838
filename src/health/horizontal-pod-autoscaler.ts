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

/**
 * HorizontalPodAutoscaler, as Argo CD judges it: the first condition that is either a failed
 * AbleToScale/ScalingActive (→ Degraded) or a true AbleToScale/ScalingLimited (→ Healthy)
 * decides, in the order the controller wrote them. So an HPA that can scale but has no
 * metrics API is Healthy (AbleToScale comes first), as Argo CD reports it.
 */
export function assessHorizontalPodAutoscalerHealth(obj: KubeObject): HealthResult {
  for (const condition of readHpaConditions(obj)) {
    if (isDegraded(condition)) return healthOf('Degraded', condition.message);
    if (isHealthy(condition)) return healthOf('Healthy', condition.message);
  }
  return healthOf('Progressing', 'Waiting to Autoscale');
}
