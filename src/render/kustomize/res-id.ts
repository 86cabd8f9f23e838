/** Identity of a resource inside a build: group, version, kind, name, namespace. */
export interface ResId {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string;
  /** '' when the manifest sets none. */
  readonly namespace: string;
}

export type KObject = Record<string, unknown>;

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const cut = apiVersion.indexOf('/');
  return cut < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, cut), version: apiVersion.slice(cut + 1) };
}

export function joinApiVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/**
 * Cluster-scoped kinds by group, as Kustomize v5.5.0 knows them from the Kubernetes 1.21
 * OpenAPI document it embeds. Scope depends on the group (a `Namespace` kind of another
 * API group is namespaced); kinds unknown to that document, including newer built-ins
 * such as ValidatingAdmissionPolicy, are treated as namespaced, exactly as it does.
 */
const CLUSTER_SCOPED: Record<string, readonly string[]> = {
  '': ['ComponentStatus', 'Namespace', 'Node', 'PersistentVolume'],
  'admissionregistration.k8s.io': [
    'MutatingWebhookConfiguration',
    'ValidatingWebhookConfiguration',
  ],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'authentication.k8s.io': ['TokenReview'],
  'authorization.k8s.io': [
    'SelfSubjectAccessReview',
    'SelfSubjectRulesReview',
    'SubjectAccessReview',
  ],
  'certificates.k8s.io': ['CertificateSigningRequest'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'networking.k8s.io': ['IngressClass'],
  'node.k8s.io': ['RuntimeClass'],
  policy: ['PodSecurityPolicy'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'scheduling.k8s.io': ['PriorityClass'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
};

const CLUSTER_SCOPED_KEYS = new Set(
  Object.entries(CLUSTER_SCOPED).flatMap(([group, kinds]) => kinds.map((k) => `${group}/${k}`)),
);

export function isClusterScoped(id: Pick<ResId, 'group' | 'kind'>): boolean {
  return CLUSTER_SCOPED_KEYS.has(`${id.group}/${id.kind}`);
}

/** Kustomize treats an empty namespace and `default` as the same place. */
export function effectiveNamespace(id: Pick<ResId, 'group' | 'kind' | 'namespace'>): string {
  if (isClusterScoped(id)) return '';
  return id.namespace === '' ? 'default' : id.namespace;
}

/** A stable map key for an id; namespace normalised so '' and 'default' collide. */
export function keyOfId(id: ResId): string {
  return `${id.group}|${id.version}|${id.kind}|${effectiveNamespace(id)}|${id.name}`;
}

/** Same as keyOfId but ignoring the version, as Kustomize does for most matching. */
export function keyOfIdIgnoringVersion(id: ResId): string {
  return `${id.group}|${id.kind}|${effectiveNamespace(id)}|${id.name}`;
}

/** Kustomize's text form of an id, used in its error messages: `Kind.version.group/name.namespace`. */
export function describeId(id: ResId): string {
  const gvk = [id.kind, id.version, id.group].filter((p) => p !== '').join('.');
  const ns = id.namespace === '' ? '[noNs]' : id.namespace;
  return `${gvk}/${id.name}.${ns}`;
}

export function idOfObject(obj: KObject): ResId {
  const apiVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : '';
  const kind = typeof obj['kind'] === 'string' ? obj['kind'] : '';
  const metadata = (obj['metadata'] ?? {}) as KObject;
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
  return { ...splitApiVersion(apiVersion), kind, name, namespace };
}
