/**
 * From an Application's source spec to what the repo cache and renderer take, and the
 * destination checks that need no cluster: Capstan deploys only to the cluster it runs in.
 */
import { targetRevisionOf, type Application, type ApplicationSource } from '../api/index.js';
import { ANNOTATION, annotationsOf, readAnnotation, type KubeObject } from '../model/index.js';
import type { RenderSourceOptions } from '../render/index.js';
import { appKeyOf } from './app-events.js';
import type { BoundedCache } from './bounded-cache.js';

export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
export const IN_CLUSTER_NAME = 'in-cluster';

export function renderOptionsOf(source: ApplicationSource): RenderSourceOptions {
  return {
    ...(source.directory ? { directory: { ...source.directory } } : {}),
    ...(source.kustomize ? { kustomize: { ...source.kustomize } } : {}),
  };
}

/** Why the destination cannot be served, or undefined when it is this cluster. */
export function checkDestinationCluster(app: Application): string | undefined {
  const { server, name } = app.spec.destination;
  if (server !== undefined && server !== '' && server.replace(/\/+$/u, '') !== IN_CLUSTER_SERVER)
    return `destination server ${server} is not supported: Capstan deploys to the cluster it runs in (${IN_CLUSTER_SERVER})`;
  if (name !== undefined && name !== '' && name !== IN_CLUSTER_NAME)
    return `destination cluster name '${name}' is not supported: Capstan deploys to the cluster it runs in ('${IN_CLUSTER_NAME}')`;
  return undefined;
}

/** A stable identity of what must be fetched and rendered; a change means resolve again. */
export function sourceIdentityOf(app: Application): string {
  return JSON.stringify([app.spec.source, app.spec.destination]);
}

/** The start every render cache key of the app's repository has (renderCacheKey is JSON). */
export function renderCachePrefixOf(raw: KubeObject): string | undefined {
  const repoURL = (raw['spec'] as { source?: { repoURL?: string } } | undefined)?.source?.repoURL;
  return repoURL === undefined ? undefined : JSON.stringify([repoURL]).slice(0, -1);
}

/** spec.source.repoURL of an unvalidated Application, if it is a string. */
export function repoURLOf(raw: KubeObject): string | undefined {
  const repoURL = (raw['spec'] as { source?: { repoURL?: unknown } } | undefined)?.source?.repoURL;
  return typeof repoURL === 'string' ? repoURL : undefined;
}

function targetRevisionOfRaw(raw: KubeObject): string {
  const revision = (raw['spec'] as { source?: { targetRevision?: unknown } } | undefined)?.source
    ?.targetRevision;
  return targetRevisionOf(typeof revision === 'string' ? { targetRevision: revision } : {});
}

/**
 * The other apps that follow the same repository and targetRevision: a new commit one of them
 * found is news for all, so they need not wait for their own poll. Apps that name their
 * manifest-generate-paths are left out: they asked to be refreshed early only when those
 * paths change (a webhook tells), else at their own poll.
 */
export function findSiblingApps(apps: readonly KubeObject[], raw: KubeObject): KubeObject[] {
  const repoURL = repoURLOf(raw);
  const target = targetRevisionOfRaw(raw);
  const key = appKeyOf(raw);
  return apps.filter(
    (app) =>
      appKeyOf(app) !== key &&
      repoURLOf(app) === repoURL &&
      targetRevisionOfRaw(app) === target &&
      readAnnotation(annotationsOf(app), ANNOTATION.manifestGeneratePaths) === undefined,
  );
}

/** Forgets every render of the app's repository (a hard refresh). */
export function dropRepoRenders(cache: BoundedCache<string, unknown>, raw: KubeObject): void {
  const prefix = renderCachePrefixOf(raw);
  if (prefix !== undefined) cache.deleteWhere((cacheKey) => cacheKey.startsWith(prefix));
}
