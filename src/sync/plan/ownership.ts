/**
 * Who owns a live object, read from its tracking-id (DESIGN.md §3). Ownership is what makes
 * pruning safe: an object is ours only when its tracking-id names this app AND names the
 * object itself — a tracking-id copied onto another object (by a controller or a careless
 * `kubectl get -o yaml | kubectl apply`) must not make that object deletable.
 */
import {
  ANNOTATION,
  parseTrackingId,
  resourceKeyOf,
  type AppRef,
  type KubeObject,
  type ResourceKey,
} from '../../model/index.js';

function trackingIdOf(object: KubeObject): string | undefined {
  const metadata = object['metadata'] as Record<string, unknown> | undefined;
  const annotations = metadata?.['annotations'] as Record<string, unknown> | undefined;
  const value = annotations?.[ANNOTATION.trackingId];
  return typeof value === 'string' ? value : undefined;
}

function isSameApp(a: AppRef, b: AppRef): boolean {
  return a.namespace === b.namespace && a.name === b.name;
}

/** True only when the tracking-id names this app and this very object. */
export function isOwnedByApp(live: KubeObject, key: ResourceKey, app: AppRef): boolean {
  const tracking = parseTrackingId(trackingIdOf(live));
  if (tracking === undefined || !isSameApp(tracking.app, app)) return false;
  return tracking.key === key && resourceKeyOf(live) === key;
}

/** The other app a live object's tracking-id names, if it names one that is not us. */
export function findForeignOwner(live: KubeObject, app: AppRef): AppRef | undefined {
  const tracking = parseTrackingId(trackingIdOf(live));
  if (tracking === undefined || isSameApp(tracking.app, app)) return undefined;
  return tracking.app;
}

export function formatAppRef(app: AppRef): string {
  return `${app.namespace}/${app.name}`;
}
