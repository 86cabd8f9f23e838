import { RenderError } from '../../../model/index.js';
import { isMap } from '../kustomization.js';
import { effectiveNamespace, isClusterScoped as isClusterScopedId } from '../res-id.js';
import type { ResMap } from '../res-map.js';
import type { Resource } from '../resource.js';
import { formatResId } from './decode.js';

export function isClusterScoped(resource: Resource): boolean {
  return isClusterScopedId(resource.id());
}

export function currentNamespaceOf(resource: Resource): string {
  return effectiveNamespace(resource.id());
}

export function originalNamespaceOf(resource: Resource): string {
  return effectiveNamespace(resource.originalId());
}

/**
 * What every referrer's candidate search needs, computed once per build: resources by
 * each previous name they had (only renamed resources can need a reference fixed), and,
 * for the namespace-qualified references, which original namespaces occur among the
 * namespaced resources of each current namespace (and each raw namespace).
 */
export class ReferralIndex {
  private readonly byPreviousName = new Map<string, Resource[]>();
  private readonly originalsByCurrent = new Map<string, Set<string>>();
  private readonly originalsByRaw = new Map<string, Set<string>>();
  private readonly originals = new Set<string>();

  constructor(resmap: ResMap) {
    for (const resource of resmap.resources()) {
      const names = new Set(resource.previousIds.map((id) => id.name));
      for (const name of names) {
        const list = this.byPreviousName.get(name);
        if (list) list.push(resource);
        else this.byPreviousName.set(name, [resource]);
      }
      if (isClusterScoped(resource)) continue;
      const original = originalNamespaceOf(resource);
      this.originals.add(original);
      addTo(this.originalsByCurrent, currentNamespaceOf(resource), original);
      addTo(this.originalsByRaw, resource.namespace(), original);
    }
  }

  /** Resources that once had `name`, in build order. */
  previouslyNamed(name: string): readonly Resource[] {
    return this.byPreviousName.get(name) ?? [];
  }

  /** Whether some namespaced resource a referrer may reach started out in `namespace`. */
  hasOriginalNamespace(scope: ReferrerScope, namespace: string): boolean {
    if (scope.isClusterScoped) return this.originals.has(namespace);
    if (this.originalsByCurrent.get(scope.namespace)?.has(namespace) === true) return true;
    for (const raw of scope.roleBindingNamespaces)
      if (this.originalsByRaw.get(raw)?.has(namespace) === true) return true;
    return false;
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** Which resources a referrer may refer to (Kustomize's SubsetThatCouldBeReferencedByResource). */
export interface ReferrerScope {
  isClusterScoped: boolean;
  namespace: string;
  /** For a RoleBinding: namespaces of its ServiceAccount subjects. */
  roleBindingNamespaces: ReadonlySet<string>;
}

export function scopeOfReferrer(referrer: Resource): ReferrerScope {
  const namespaces = new Set<string>();
  const subjects = referrer.obj['subjects'];
  if (referrer.kind() === 'RoleBinding' && Array.isArray(subjects)) {
    for (const subject of subjects) {
      if (!isMap(subject) || !('namespace' in subject) || subject['kind'] !== 'ServiceAccount')
        continue;
      const namespace = subject['namespace'];
      if (typeof namespace !== 'string') {
        throw new RenderError(
          '',
          `Invalid Input: namespace is blank for resource "${formatResId(referrer.id())}"`,
        );
      }
      namespaces.add(namespace);
    }
  }
  return {
    isClusterScoped: isClusterScoped(referrer),
    namespace: currentNamespaceOf(referrer),
    roleBindingNamespaces: namespaces,
  };
}

export function isInScope(scope: ReferrerScope, candidate: Resource): boolean {
  if (scope.isClusterScoped || isClusterScoped(candidate)) return true;
  return (
    currentNamespaceOf(candidate) === scope.namespace ||
    scope.roleBindingNamespaces.has(candidate.namespace())
  );
}
