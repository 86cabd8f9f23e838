/**
 * Identity of a Kubernetes object across stages (CONVENTIONS.md §6). The version is not part
 * of it: `apps/v1` and `apps/v1beta2` Deployments named alike are the same object.
 */

/** A Kubernetes object as plain JSON-compatible data. */
export type KubeObject = Record<string, unknown>;

/** `group/kind/namespace/name`; the core group and cluster scope are empty strings. */
export type ResourceKey = string & { readonly __resourceKey: never };

export interface ResourceIdentity {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** `apps/v1` → `apps`, `v1` → `` (the core group). */
export function groupOfApiVersion(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** `apps/v1` → `v1`, `v1` → `v1`. */
export function versionOfApiVersion(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
}

export function formatResourceKey(identity: ResourceIdentity): ResourceKey {
  return `${identity.group}/${identity.kind}/${identity.namespace}/${identity.name}` as ResourceKey;
}

/** Splits a key back; names and namespaces cannot contain `/`, so the split is exact. */
export function parseResourceKey(key: ResourceKey): ResourceIdentity {
  const [group = '', kind = '', namespace = '', name = ''] = key.split('/');
  return { group, kind, namespace, name };
}

/** The identity of an object; missing fields read as empty strings. */
export function identityOf(object: KubeObject): ResourceIdentity {
  const metadata = object['metadata'];
  const meta =
    typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  return {
    group: groupOfApiVersion(apiVersion),
    kind: typeof object['kind'] === 'string' ? object['kind'] : '',
    namespace: typeof meta['namespace'] === 'string' ? meta['namespace'] : '',
    name: typeof meta['name'] === 'string' ? meta['name'] : '',
  };
}

export function resourceKeyOf(object: KubeObject): ResourceKey {
  return formatResourceKey(identityOf(object));
}

/** `Deployment/web in api` — the subject that starts every message about an object. */
export function describeResource(identity: ResourceIdentity): string {
  const where = identity.namespace ? ` in ${identity.namespace}` : '';
  return `${identity.kind}/${identity.name}${where}`;
}
