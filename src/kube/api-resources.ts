import { KubeError } from '../model/index.js';
import type { KubeClient } from './client.js';
import { forgetResourceLocations } from './discovery.js';
import { sendKubeRequest, statusMessageOf } from './http.js';

/** One kind the API server serves, at the version the controller should use for it. */
export interface ApiResource {
  /** `` for the core group. */
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  verbs: string[];
}

/** One version of a group, its resources in the server's order; the list is preference-ordered. */
interface GroupVersionResources {
  group: string;
  version: string;
  resources: { plural: string; kind: string; namespaced: boolean; verbs: string[] }[];
}

/** Aggregated discovery (GA v2 since 1.30, v2beta1 since 1.26), then plain JSON for older servers. */
const AGGREGATED_ACCEPT = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

const caches = new WeakMap<KubeClient, Promise<ApiResource[]>>();

/**
 * Every resource that can be listed and watched, each at its preferred version (or, for a
 * resource missing from the preferred version, the most preferred version that has it — as
 * client-go's ServerPreferredResources does). Subresources are left out. Cached per client
 * until `invalidateDiscovery`.
 */
export function discoverApiResources(client: KubeClient): Promise<ApiResource[]> {
  let cached = caches.get(client);
  if (!cached) {
    cached = readApiResources(client);
    caches.set(client, cached);
    // A failed discovery must not stay cached: the next call tries again.
    cached.catch(() => caches.delete(client));
  }
  return cached;
}

/** Forgets what discovery said, so a CRD installed since is seen by the next lookup. */
export function invalidateDiscovery(client: KubeClient): void {
  caches.delete(client);
  forgetResourceLocations(client);
}

async function readApiResources(client: KubeClient): Promise<ApiResource[]> {
  const [core, groups] = await Promise.all([
    readDiscoveryRoot(client, '/api'),
    readDiscoveryRoot(client, '/apis'),
  ]);
  return pickPreferred([...core, ...groups]);
}

/** The group versions under one root, through aggregated discovery when the server has it. */
async function readDiscoveryRoot(
  client: KubeClient,
  root: '/api' | '/apis',
): Promise<GroupVersionResources[]> {
  const response = await sendKubeRequest(client, {
    method: 'GET',
    path: root,
    accept: AGGREGATED_ACCEPT,
  });
  if (response.status !== 200) {
    throw new KubeError(`discovery of ${root} failed: ${statusMessageOf(response)}`, {
      retryable: true,
    });
  }
  const body = response.body as { kind?: unknown };
  if (body.kind === 'APIGroupDiscoveryList') return parseAggregated(body as AggregatedList);
  return readLegacyRoot(client, root, body as LegacyRoot);
}

interface AggregatedList {
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      freshness?: string;
      resources?: {
        resource: string;
        responseKind?: { kind?: string };
        scope: string;
        verbs?: string[];
      }[];
    }[];
  }[];
}

function parseAggregated(list: AggregatedList): GroupVersionResources[] {
  const out: GroupVersionResources[] = [];
  for (const item of list.items ?? []) {
    for (const version of item.versions ?? []) {
      // Stale: an aggregated API server that does not answer; listing it would fail.
      if (version.freshness === 'Stale') continue;
      out.push({
        group: item.metadata?.name ?? '',
        version: version.version,
        resources: (version.resources ?? []).map((r) => ({
          plural: r.resource,
          kind: r.responseKind?.kind ?? '',
          namespaced: r.scope === 'Namespaced',
          verbs: r.verbs ?? [],
        })),
      });
    }
  }
  return out;
}

interface LegacyRoot {
  versions?: string[];
  groups?: {
    name: string;
    versions: { version: string }[];
    preferredVersion?: { version: string };
  }[];
}

/** Pre-1.26 servers: one request per group version, preferred version first. */
async function readLegacyRoot(
  client: KubeClient,
  root: '/api' | '/apis',
  body: LegacyRoot,
): Promise<GroupVersionResources[]> {
  const wanted =
    root === '/api'
      ? (body.versions ?? []).map((version) => ({ group: '', version }))
      : (body.groups ?? []).flatMap((g) => {
          const preferred = g.preferredVersion?.version;
          const versions = g.versions.map((v) => v.version);
          const ordered = preferred
            ? [preferred, ...versions.filter((v) => v !== preferred)]
            : versions;
          return ordered.map((version) => ({ group: g.name, version }));
        });
  const lists = await Promise.all(wanted.map((gv) => readLegacyGroupVersion(client, gv)));
  return lists.filter((l): l is GroupVersionResources => l !== undefined);
}

async function readLegacyGroupVersion(
  client: KubeClient,
  gv: { group: string; version: string },
): Promise<GroupVersionResources | undefined> {
  const path = gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`;
  const response = await sendKubeRequest(client, { method: 'GET', path });
  // An unavailable aggregated API (503) leaves its kinds out rather than failing discovery.
  if (response.status !== 200) return undefined;
  const resources = (
    response.body as {
      resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
    }
  ).resources;
  return {
    ...gv,
    resources: (resources ?? []).map((r) => ({
      plural: r.name,
      kind: r.kind,
      namespaced: r.namespaced,
      verbs: r.verbs ?? [],
    })),
  };
}

function pickPreferred(groupVersions: GroupVersionResources[]): ApiResource[] {
  const seen = new Set<string>();
  const out: ApiResource[] = [];
  for (const gv of groupVersions) {
    for (const r of gv.resources) {
      if (r.plural.includes('/') || !r.kind) continue; // subresources such as deployments/status
      if (!r.verbs.includes('list') || !r.verbs.includes('watch')) continue;
      const id = `${gv.group}/${r.plural}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ group: gv.group, version: gv.version, ...r });
    }
  }
  return out;
}
