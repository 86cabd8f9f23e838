/**
 * Every annotation and label Capstan reads or writes (DESIGN.md §3), in one place. Each
 * `capstan.dev/` key has an `argocd.argoproj.io/` twin honoured for migration; the Capstan
 * form wins when both are present.
 */
import { API_GROUP } from './names.js';
import {
  type KubeObject,
  type ResourceIdentity,
  formatResourceKey,
  type ResourceKey,
} from './resource-key.js';

const ARGO_PREFIX = 'argocd.argoproj.io/';

export const ANNOTATION = {
  trackingId: `${API_GROUP}/tracking-id`,
  syncWave: `${API_GROUP}/sync-wave`,
  hook: `${API_GROUP}/hook`,
  hookDeletePolicy: `${API_GROUP}/hook-delete-policy`,
  syncOptions: `${API_GROUP}/sync-options`,
  compareOptions: `${API_GROUP}/compare-options`,
  /** On Applications: `normal` or `hard` asks for a re-compare now. */
  refresh: `${API_GROUP}/refresh`,
  /** On Applications: `;`-separated paths a webhook push must touch to refresh the app. */
  manifestGeneratePaths: `${API_GROUP}/manifest-generate-paths`,
} as const;

/** Annotations with an Argo CD twin, by their Capstan key. */
const ARGO_TWINS: Readonly<Record<string, string>> = {
  [ANNOTATION.syncWave]: `${ARGO_PREFIX}sync-wave`,
  [ANNOTATION.hook]: `${ARGO_PREFIX}hook`,
  [ANNOTATION.hookDeletePolicy]: `${ARGO_PREFIX}hook-delete-policy`,
  [ANNOTATION.syncOptions]: `${ARGO_PREFIX}sync-options`,
  [ANNOTATION.compareOptions]: `${ARGO_PREFIX}compare-options`,
  [ANNOTATION.refresh]: `${ARGO_PREFIX}refresh`,
  [ANNOTATION.manifestGeneratePaths]: `${ARGO_PREFIX}manifest-generate-paths`,
};

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'capstan';
/** The label selector of the informers that watch managed objects. */
export const MANAGED_BY_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

export const RESOURCES_FINALIZER = `resources-finalizer.${API_GROUP}`;

/** An object's annotations, or undefined when it has none (or they are not a map). */
export function annotationsOf(object: KubeObject): Readonly<Record<string, unknown>> | undefined {
  const metadata = object['metadata'];
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const annotations = (metadata as Record<string, unknown>)['annotations'];
  return typeof annotations === 'object' && annotations !== null
    ? (annotations as Record<string, unknown>)
    : undefined;
}

/** Reads an annotation by its Capstan key, falling back to the Argo CD twin. */
export function readAnnotation(
  annotations: Readonly<Record<string, unknown>> | undefined,
  key: string,
): string | undefined {
  if (!annotations) return undefined;
  const own = annotations[key];
  if (typeof own === 'string') return own;
  const twin = ARGO_TWINS[key];
  const argo = twin === undefined ? undefined : annotations[twin];
  return typeof argo === 'string' ? argo : undefined;
}

/** `a=b,c` style option lists (sync-options, compare-options), trimmed, empty items dropped. */
export function splitOptionList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(/[,;]/u)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export interface AppRef {
  readonly namespace: string;
  readonly name: string;
}

/** `<app-namespace>_<app-name>:<group>/<kind>:<namespace>/<name>` (DESIGN.md §3). */
export function formatTrackingId(app: AppRef, object: ResourceIdentity): string {
  return `${app.namespace}_${app.name}:${object.group}/${object.kind}:${object.namespace}/${object.name}`;
}

export interface TrackingId {
  readonly app: AppRef;
  readonly key: ResourceKey;
}

/** Parses a tracking-id; undefined when it is not one (never throws on foreign values). */
export function parseTrackingId(value: string | undefined): TrackingId | undefined {
  if (value === undefined) return undefined;
  const match = /^([^_:/]+)_([^:/]+):([^/:]*)\/([^:/]+):([^/:]*)\/([^/:]+)$/u.exec(value);
  if (!match) return undefined;
  const [, appNamespace = '', appName = '', group = '', kind = '', namespace = '', name = ''] =
    match;
  return {
    app: { namespace: appNamespace, name: appName },
    key: formatResourceKey({ group, kind, namespace, name }),
  };
}
