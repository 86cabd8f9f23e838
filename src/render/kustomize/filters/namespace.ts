import { RenderError } from '../../../model/index.js';
import { visitFieldSpec } from '../field-spec.js';
import type { FieldSpec } from '../kustomization.js';
import { isMap } from '../kustomization.js';
import { describeId, isClusterScoped } from '../res-id.js';
import type { ResMap } from '../res-map.js';

export type RoleBindingSubjectMode = 'defaultOnly' | 'allServiceAccounts' | 'none';

export interface NamespaceOptions {
  namespace: string;
  fieldSpecs: readonly FieldSpec[];
  /** Only fill in namespaces that are not set. */
  unsetOnly?: boolean;
  setRoleBindingSubjects?: RoleBindingSubjectMode;
}

/**
 * Moves every namespaced resource into `namespace`, plus the fields that name a
 * namespace (a v1 Namespace's own name, APIService and webhook services) and, for
 * (Cluster)RoleBindings, the subjects Kustomize rewrites.
 */
export function applyNamespace(resmap: ResMap, options: NamespaceOptions): void {
  if (options.namespace === '') return;
  const set = (holder: Record<string, unknown>, key: string): void => {
    const current = holder[key];
    if (options.unsetOnly && typeof current === 'string' && current !== '') return;
    holder[key] = options.namespace;
  };
  const seen = new Set<string>();
  for (const resource of resmap.resources()) {
    resource.rememberCurrentId();
    const kind = resource.kind();
    const apiVersion =
      typeof resource.obj['apiVersion'] === 'string' ? resource.obj['apiVersion'] : '';
    if (!isClusterScoped(resource.id())) set(resource.metadata(), 'namespace');
    const isBinding = kind === 'RoleBinding' || kind === 'ClusterRoleBinding';
    for (const spec of options.fieldSpecs) {
      if (spec.path === 'metadata/namespace') continue;
      if (spec.path === 'metadata/name' && apiVersion !== 'v1') continue;
      if (isBinding && spec.path === 'subjects/namespace') continue;
      visitFieldSpec(resource.obj, spec, ({ holder, key }) => set(holder, key));
    }
    if (isBinding) setSubjectNamespaces(resource.obj['subjects'], options, set);
    const key = describeId(resource.id());
    if (seen.has(key))
      throw new RenderError('', `namespace transformation produces ID conflict: ${key}`);
    seen.add(key);
  }
  resmap.invalidate();
}

function setSubjectNamespaces(
  subjects: unknown,
  options: NamespaceOptions,
  set: (holder: Record<string, unknown>, key: string) => void,
): void {
  const mode = options.setRoleBindingSubjects ?? 'defaultOnly';
  if (mode === 'none' || !Array.isArray(subjects)) return;
  for (const subject of subjects) {
    if (!isMap(subject)) continue;
    const selected =
      mode === 'allServiceAccounts'
        ? subject['kind'] === 'ServiceAccount'
        : subject['name'] === 'default';
    if (selected) set(subject, 'namespace');
  }
}
