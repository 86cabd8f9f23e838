import { findCondition, readRecord, readRecords, readString, type KubeObject } from './fields.js';
import { healthOf, type HealthResult } from './result.js';

/** Waiting reasons Argo CD treats as failures: Err*, *Error, *BackOff (CrashLoopBackOff, ImagePullBackOff). */
function isFailingReason(reason: string): boolean {
  return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');
}

function readContainerStatuses(obj: KubeObject): readonly KubeObject[] {
  return [
    ...readRecords(obj, 'status', 'initContainerStatuses'),
    ...readRecords(obj, 'status', 'containerStatuses'),
  ];
}

/** Only for restartPolicy Always: hook pods (Never/OnFailure) must not fail early on a pull error. */
function assessWaitingContainers(obj: KubeObject): HealthResult | undefined {
  const messages = readContainerStatuses(obj).flatMap((status) => {
    const waiting = readRecord(status, 'state', 'waiting');
    const reason = waiting === undefined ? '' : (readString(waiting, 'reason') ?? '');
    if (waiting === undefined || !isFailingReason(reason)) return [];
    return [readString(waiting, 'message') ?? reason];
  });
  return messages.length > 0 ? healthOf('Degraded', messages.join(', ')) : undefined;
}

function assessFailedPod(obj: KubeObject, message: string): HealthResult {
  if (message !== '') return healthOf('Degraded', message);
  for (const status of readContainerStatuses(obj)) {
    const terminated = readRecord(status, 'state', 'terminated');
    if (terminated !== undefined && terminated['exitCode'] !== 0) {
      return healthOf('Degraded', readString(terminated, 'message') ?? '');
    }
  }
  return healthOf('Degraded');
}

function assessRunningPod(obj: KubeObject, policy: string, message: string): HealthResult {
  if (policy !== 'Always') return healthOf('Progressing', message);
  if (findCondition(obj, 'Ready')?.status === 'True') return healthOf('Healthy', message);
  const crashed = readContainerStatuses(obj).some(
    (status) => readRecord(status, 'lastState', 'terminated') !== undefined,
  );
  return healthOf(crashed ? 'Degraded' : 'Progressing', message);
}

/** v1 Pod: by phase and restart policy, with failing waiting reasons → Degraded. */
export function assessPodHealth(obj: KubeObject): HealthResult {
  const policy = readString(obj, 'spec', 'restartPolicy') ?? 'Always';
  if (policy === 'Always') {
    const waiting = assessWaitingContainers(obj);
    if (waiting !== undefined) return waiting;
  }
  const message = readString(obj, 'status', 'message') ?? '';
  switch (readString(obj, 'status', 'phase') ?? '') {
    case 'Pending':
      return healthOf('Progressing', message);
    case 'Succeeded':
      return healthOf('Healthy', message);
    case 'Failed':
      return assessFailedPod(obj, message);
    case 'Running':
      return assessRunningPod(obj, policy, message);
    default:
      return healthOf('Unknown', message);
  }
}
