import type { KubeClient } from './client.js';
import type { ManifestObject } from './apply.js';
import { locateResource, objectPath } from './discovery.js';
import { failureOf } from './failure.js';
import { sendKubeRequest } from './http.js';

/** Which kind to read, as discovery's `ApiResource` names it (`group` is `` for core). */
export interface ResourceTarget {
  group: string;
  version: string;
  kind: string;
}

export interface ListOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Objects per request (`limit`); the API server pages with `continue`. */
  pageSize?: number | undefined;
}

/** `apps` + `v1` → `apps/v1`; the core group → `v1`. */
export function apiVersionOf(target: ResourceTarget): string {
  return target.group ? `${target.group}/${target.version}` : target.version;
}

export interface ObjectList {
  items: ManifestObject[];
  /** The snapshot the items come from; a watch started there misses nothing. */
  resourceVersion: string;
}

export const DEFAULT_LIST_PAGE_SIZE = 500;

/** A continue token can expire (410) on a slow, huge list; starting over is the only fix. */
const MAX_LIST_RESTARTS = 2;

/**
 * Every object of a kind (in one namespace, or all), read in pages. Items get their
 * apiVersion and kind back: the API server leaves them out of built-in list items.
 */
export async function listObjects(
  client: KubeClient,
  target: ResourceTarget,
  options: ListOptions = {},
): Promise<ObjectList> {
  const apiVersion = apiVersionOf(target);
  const location = await locateResource(client, apiVersion, target.kind);
  const path = objectPath(location, options.namespace);
  for (let attempt = 0; ; attempt++) {
    const outcome = await readAllPages(client, path, { apiVersion, kind: target.kind }, options);
    if (outcome !== 'expired') return outcome;
    if (attempt >= MAX_LIST_RESTARTS) {
      throw failureOf(`${target.kind} list`, 'list', { status: 410, body: { reason: 'Expired' } });
    }
  }
}

async function readAllPages(
  client: KubeClient,
  path: string,
  target: { apiVersion: string; kind: string },
  options: ListOptions,
): Promise<ObjectList | 'expired'> {
  const items: ManifestObject[] = [];
  let token = '';
  for (;;) {
    const query: Record<string, string> = {
      limit: String(options.pageSize ?? DEFAULT_LIST_PAGE_SIZE),
    };
    if (options.labelSelector) query['labelSelector'] = options.labelSelector;
    if (options.fieldSelector) query['fieldSelector'] = options.fieldSelector;
    if (token) query['continue'] = token;
    const response = await sendKubeRequest(client, {
      method: 'GET',
      path,
      query,
      verb: 'List',
      kind: target.kind,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (response.status === 410 && token) return 'expired';
    if (response.status !== 200) {
      const where = options.namespace ? ` in ${options.namespace}` : '';
      throw failureOf(`${target.kind} list${where}`, 'list', response);
    }
    const page = response.body as {
      metadata?: { resourceVersion?: string; continue?: string };
      items?: Record<string, unknown>[];
    };
    for (const item of page.items ?? []) {
      items.push({ apiVersion: target.apiVersion, kind: target.kind, ...item } as ManifestObject);
    }
    token = page.metadata?.continue ?? '';
    if (!token) return { items, resourceVersion: page.metadata?.resourceVersion ?? '' };
  }
}

/**
 * Secrets in one namespace matching a label selector, e.g. repository credentials. Their
 * data is returned as the API server sends it (base64); never log these objects.
 */
export async function listSecrets(
  client: KubeClient,
  namespace: string,
  labelSelector: string,
): Promise<ManifestObject[]> {
  const list = await listObjects(
    client,
    { group: '', version: 'v1', kind: 'Secret' },
    {
      namespace,
      labelSelector,
    },
  );
  return list.items;
}
