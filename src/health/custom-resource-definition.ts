import { readArray, readConditions, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** apiextensions.k8s.io CustomResourceDefinition: names accepted, structural schema, Established. */
export function assessCustomResourceDefinitionHealth(obj: KubeObject): HealthResult {
  if (readArray(obj, 'status', 'conditions').length === 0) {
    return healthOf('Progressing', 'Status conditions not found');
  }
  const conditions = readConditions(obj);
  const byType = (type: string) => conditions.find((condition) => condition.type === type);
  const terminating = byType('Terminating');
  if (terminating?.status === 'True') {
    return healthOf('Progressing', `CRD is being terminated: ${terminating.message}`);
  }
  const names = byType('NamesAccepted');
  if (names?.status === 'False') {
    return healthOf('Degraded', `CRD names have not been accepted: ${names.message}`);
  }
  const nonStructural = byType('NonStructuralSchema');
  if (nonStructural?.status === 'True') {
    return healthOf('Degraded', `Schema is non-structural: ${nonStructural.message}`);
  }
  if (byType('Established')?.status !== 'True') {
    return healthOf('Progressing', 'CRD is not established');
  }
  return healthOf('Healthy', 'CRD is healthy');
}
