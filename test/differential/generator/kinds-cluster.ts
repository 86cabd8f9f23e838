/**
 * RBAC and cluster-level manifests: Role and RoleBinding (→ Role, ServiceAccount),
 * ClusterRole and ClusterRoleBinding (→ ServiceAccount in a namespace), Namespace, a
 * CustomResourceDefinition and a custom resource of its kind.
 */
import type { Manifest } from './model.js';
import type { Rng } from './prng.js';

const RULES = [
  { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'patch'] },
  { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'delete'] },
];

/** A Role or ClusterRole with a few rules. */
export function buildRole(rng: Rng, kind: 'Role' | 'ClusterRole', meta: Manifest): Manifest {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: meta,
    rules: rng.sample(RULES, rng.int(1, 3)),
  };
}

/** A RoleBinding or ClusterRoleBinding granting a role to a ServiceAccount. */
export function buildBinding(
  rng: Rng,
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  meta: Manifest,
  role: { kind: 'Role' | 'ClusterRole'; name: string },
  account: { name: string; namespace?: string },
): Manifest {
  const subject: Manifest = { kind: 'ServiceAccount', name: account.name };
  if (account.namespace !== undefined) subject['namespace'] = account.namespace;
  const subjects: Manifest[] = [subject];
  if (rng.chance(0.2))
    subjects.push({
      kind: 'Group',
      apiGroup: 'rbac.authorization.k8s.io',
      name: 'system:authenticated',
    });
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: meta,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: role.kind, name: role.name },
    subjects,
  };
}

/** A Namespace object. */
export function buildNamespace(meta: Manifest): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: meta };
}

export const CRD_GROUP = 'example.com';
export const CRD_KIND = 'Widget';

/** The CRD for example.com/v1 Widget. */
export function buildCrd(rng: Rng, labels: Record<string, string>): Manifest {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${CRD_GROUP}`, labels },
    spec: {
      group: CRD_GROUP,
      names: { kind: CRD_KIND, listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': rng.chance(0.5) || undefined,
                },
              },
            },
          },
        },
      ],
    },
  };
}

/** A Widget that refers to a ConfigMap and a Secret by name (not name-fixed unless configured). */
export function buildWidget(
  rng: Rng,
  meta: Manifest,
  configMap?: string,
  secret?: string,
): Manifest {
  const spec: Manifest = {
    size: rng.int(1, 9),
    color: rng.pick(['red', 'blue']),
    enabled: rng.chance(0.5),
  };
  if (configMap !== undefined) spec['configMapName'] = configMap;
  if (secret !== undefined) spec['secretName'] = secret;
  spec['selector'] = { matchLabels: { widget: String(meta['name']) } };
  return { apiVersion: `${CRD_GROUP}/v1`, kind: CRD_KIND, metadata: meta, spec };
}
