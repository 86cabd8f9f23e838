/**
 * Deleting an Application that carries `resources-finalizer.capstan.dev` deletes the objects
 * it manages first (DESIGN.md §2, Argo CD's cascade): every live object whose tracking-id
 * names the app, with foreground propagation (`…/background` for background), then the
 * finalizer is removed so the Application goes. Objects annotated with the sync option
 * `Delete=false` stay. Without the finalizer nothing is touched.
 */
import type { ApplicationStatus } from '../api/index.js';
import { deleteObject, patchObject, type KubeClient } from '../kube/index.js';
import type { Logger } from '../log/index.js';
import { RESOURCES_FINALIZER, describeError, identityOf, type KubeObject } from '../model/index.js';
import { readResourceSyncOptions } from '../sync/plan/index.js';
import { inventoryKindsOf, trackingAppId, type LiveState } from './live-state.js';
import { applicationRefOf } from './status-writer.js';

const ARGO_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

export type DeletionProgress = 'done' | 'waiting' | 'notOurs';

/** Finalizers that ask for a cascade, with the propagation each one means. */
function cascadeFinalizers(raw: KubeObject): Map<string, 'Foreground' | 'Background'> {
  const metadata = raw['metadata'] as { finalizers?: unknown } | undefined;
  const found = new Map<string, 'Foreground' | 'Background'>();
  const list = Array.isArray(metadata?.finalizers) ? (metadata.finalizers as unknown[]) : [];
  for (const entry of list) {
    if (typeof entry !== 'string') continue;
    for (const base of [RESOURCES_FINALIZER, ARGO_FINALIZER]) {
      if (entry === base || entry === `${base}/foreground`) found.set(entry, 'Foreground');
      if (entry === `${base}/background`) found.set(entry, 'Background');
    }
  }
  return found;
}

export function isBeingDeleted(raw: KubeObject): boolean {
  const metadata = raw['metadata'] as { deletionTimestamp?: string } | undefined;
  return metadata?.deletionTimestamp !== undefined;
}

/**
 * One step of a cascade: deletes what is still there and reports `waiting` until every object
 * is gone, then removes the finalizers and reports `done`.
 */
export async function cascadeDelete(
  raw: KubeObject,
  context: { client: KubeClient; liveState: LiveState; logger: Logger },
): Promise<DeletionProgress> {
  const finalizers = cascadeFinalizers(raw);
  if (finalizers.size === 0) return 'notOurs';
  const propagation = [...finalizers.values()].includes('Foreground') ? 'Foreground' : 'Background';
  const meta = raw['metadata'] as { namespace: string; name: string };
  const status = raw['status'] as ApplicationStatus | undefined;
  await context.liveState.watchKinds(inventoryKindsOf(status?.resources));
  const tracked = context.liveState.trackedBy(trackingAppId(meta.namespace, meta.name));
  // Delete=false (Argo CD's sync option) keeps an object when its app goes.
  const remaining = tracked.filter(
    (object) => readResourceSyncOptions(object, []).get('Delete') !== 'false',
  );
  for (const object of remaining) {
    const identity = identityOf(object);
    const metadata = object['metadata'] as { deletionTimestamp?: string; uid?: string };
    if (metadata.deletionTimestamp !== undefined) continue;
    try {
      await deleteObject(
        context.client,
        {
          apiVersion: String(object['apiVersion']),
          kind: identity.kind,
          name: identity.name,
          ...(identity.namespace ? { namespace: identity.namespace } : {}),
        },
        {
          propagationPolicy: propagation,
          ...(metadata.uid ? { preconditions: { uid: metadata.uid } } : {}),
        },
      );
    } catch (error) {
      context.logger.warn(
        { object: `${identity.kind}/${identity.name}`, err: describeError(error) },
        'cascade delete failed',
      );
    }
  }
  if (remaining.length > 0) return 'waiting';
  const list = (raw['metadata'] as { finalizers?: string[] }).finalizers ?? [];
  await patchObject(
    context.client,
    applicationRefOf(raw),
    { metadata: { finalizers: list.filter((entry) => !finalizers.has(entry)) } },
    'merge',
  );
  context.logger.info(
    { propagation, retained: tracked.length },
    'resources deleted, finalizer removed',
  );
  return 'done';
}
