/**
 * Writes an Application's status only when it changed (or when it is due for a refresh of
 * reconciledAt), and records a Kubernetes Event for each transition worth telling a person.
 */
import type { ApplicationStatus } from '../api/index.js';
import { patchObject, recordEvent, replaceStatus, type KubeClient } from '../kube/index.js';
import type { Logger } from '../log/index.js';
import {
  ANNOTATION,
  API_GROUP,
  API_VERSION,
  KINDS,
  describeError,
  type KubeObject,
} from '../model/index.js';
import { describeStatusTransitions, isStatusChanged } from '../status/index.js';

export interface ApplicationRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
}

export function applicationRefOf(raw: KubeObject): ApplicationRef {
  const meta = raw['metadata'] as { namespace: string; name: string; uid?: string };
  return {
    apiVersion: `${API_GROUP}/${API_VERSION}`,
    kind: KINDS.application.kind,
    namespace: meta.namespace,
    name: meta.name,
    ...(meta.uid ? { uid: meta.uid } : {}),
  };
}

/** Returns whether it wrote; a failed write throws so the reconcile is retried with backoff. */
export async function writeStatusIfChanged(
  client: KubeClient,
  raw: KubeObject,
  next: ApplicationStatus,
  options: { force: boolean; logger: Logger },
): Promise<boolean> {
  const previous = raw['status'] as ApplicationStatus | undefined;
  if (!options.force && !isStatusChanged(previous, next)) return false;
  const ref = applicationRefOf(raw);
  try {
    await replaceStatus(client, ref, next);
  } catch (error) {
    options.logger.warn({ err: describeError(error) }, 'status write failed');
    throw error;
  }
  for (const event of describeStatusTransitions(previous, next))
    await recordEvent(client, { object: ref, ...event }, { logger: options.logger });
  return true;
}

/** A handled `refresh` annotation is removed, as Argo CD does, so it fires once. */
export async function clearRefreshAnnotation(client: KubeClient, raw: KubeObject): Promise<void> {
  await patchObject(
    client,
    applicationRefOf(raw),
    {
      metadata: { annotations: { [ANNOTATION.refresh]: null, 'argocd.argoproj.io/refresh': null } },
    },
    'merge',
  );
}
