import { KubeError } from '../model/index.js';
import type { KubeClient } from './client.js';
import { sendKubeRequest, statusMessageOf } from './http.js';

/** Where a kind lives in the REST API. */
export interface ResourceLocation {
  /** `/api/v1` or `/apis/<group>/<version>` */
  groupVersionPath: string;
  plural: string;
  namespaced: boolean;
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

const caches = new WeakMap<KubeClient, Map<string, Map<string, ResourceLocation>>>();

/**
 * Maps apiVersion + kind to its REST path through API discovery, cached per group
 * version; a miss re-reads discovery once, so CRDs installed a moment ago are found.
 */
export async function locateResource(
  client: KubeClient,
  apiVersion: string,
  kind: string,
): Promise<ResourceLocation> {
  const found = await findResourceLocation(client, apiVersion, kind);
  if (!found) throw new KubeError(`${kind} (${apiVersion}): no such kind on the API server`);
  return found;
}

/** Like locateResource, but undefined when the server does not serve the kind (yet). */
export async function findResourceLocation(
  client: KubeClient,
  apiVersion: string,
  kind: string,
): Promise<ResourceLocation | undefined> {
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  const known = cache.get(apiVersion)?.get(kind);
  if (known) return known;
  const fresh = await discoverGroupVersion(client, apiVersion);
  cache.set(apiVersion, fresh);
  return fresh.get(kind);
}

/** Asks the server again (no cache) whether it serves the kind, and remembers the answer. */
export async function isKindServedNow(
  client: KubeClient,
  apiVersion: string,
  kind: string,
): Promise<boolean> {
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  const fresh = await discoverGroupVersion(client, apiVersion);
  cache.set(apiVersion, fresh);
  return fresh.has(kind);
}

async function discoverGroupVersion(
  client: KubeClient,
  apiVersion: string,
): Promise<Map<string, ResourceLocation>> {
  const groupVersionPath = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const response = await sendKubeRequest(client, { method: 'GET', path: groupVersionPath });
  const byKind = new Map<string, ResourceLocation>();
  if (response.status === 404) return byKind;
  if (response.status !== 200) {
    throw new KubeError(`discovery of ${apiVersion} failed: ${statusMessageOf(response)}`, {
      retryable: true,
    });
  }
  for (const resource of (response.body as ApiResourceList).resources ?? []) {
    if (resource.name.includes('/')) continue; // subresources such as deployments/status
    byKind.set(resource.kind, {
      groupVersionPath,
      plural: resource.name,
      namespaced: resource.namespaced,
    });
  }
  return byKind;
}

/** Drops the apiVersion+kind → path cache, so the next lookup reads discovery again. */
export function forgetResourceLocations(client: KubeClient): void {
  caches.delete(client);
}

/** The REST path of one object (or of its collection when `name` is absent). */
export function objectPath(
  location: ResourceLocation,
  namespace: string | undefined,
  name?: string,
): string {
  const scope =
    location.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const tail = name === undefined ? '' : `/${encodeURIComponent(name)}`;
  return `${location.groupVersionPath}${scope}/${location.plural}${tail}`;
}
