import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixNameReferences } from '../../../../../src/render/kustomize/references/index.js';
import { ResMap } from '../../../../../src/render/kustomize/res-map.js';
import { Resource } from '../../../../../src/render/kustomize/resource.js';
import { defaultTransformerConfig } from '../../../../../src/render/kustomize/transformer-config.js';

function resource(
  apiVersion: string,
  kind: string,
  name: string,
  extra: Record<string, unknown> = {},
  namespace?: string,
): Resource {
  const metadata: Record<string, unknown> = { name };
  if (namespace !== undefined) metadata['namespace'] = namespace;
  return new Resource({ apiVersion, kind, metadata, ...extra });
}

/** Renames as a prefix transformer does: remembers the id, records the prefix. */
function prefix(r: Resource, value: string): Resource {
  r.prefixes.push(value);
  r.rememberCurrentId();
  r.setName(`${value}${r.name()}`);
  return r;
}

/** Renames without a prefix or suffix, as the hash suffix does. */
function rename(r: Resource, name: string): Resource {
  r.rememberCurrentId();
  r.setName(name);
  return r;
}

function mapOf(...resources: Resource[]): ResMap {
  const map = new ResMap();
  for (const r of resources) map.append(r);
  return map;
}

function podUsing(configMap: string, namespace?: string): Resource {
  return resource(
    'v1',
    'Pod',
    'pod',
    { spec: { volumes: [{ name: 'v', configMap: { name: configMap } }] } },
    namespace,
  );
}

function volumeName(pod: Resource): unknown {
  const spec = pod.obj['spec'] as { volumes: { configMap: { name: string } }[] };
  return spec.volumes[0]?.configMap.name;
}

describe('fixNameReferences', () => {
  it('points a reference at the new name of a renamed referral', () => {
    const pod = podUsing('cfg');
    fixNameReferences(
      mapOf(prefix(resource('v1', 'ConfigMap', 'cfg'), 'p-'), pod),
      defaultTransformerConfig(),
    );
    assert.equal(volumeName(pod), 'p-cfg');
  });

  it('leaves references to resources that were never renamed alone', () => {
    const pod = podUsing('cfg');
    fixNameReferences(
      mapOf(
        resource('v1', 'ConfigMap', 'other'),
        prefix(resource('v1', 'Secret', 'cfg'), 'p-'),
        pod,
      ),
      defaultTransformerConfig(),
    );
    assert.equal(volumeName(pod), 'cfg');
  });

  it('ignores referrals in another namespace', () => {
    const pod = podUsing('cfg', 'a');
    fixNameReferences(
      mapOf(prefix(resource('v1', 'ConfigMap', 'cfg', {}, 'b'), 'p-'), pod),
      defaultTransformerConfig(),
    );
    assert.equal(volumeName(pod), 'cfg');
  });

  it('picks the referral that shares the referrer prefix lineage', () => {
    const a = prefix(resource('v1', 'ConfigMap', 'cfg'), 'a-');
    const b = prefix(resource('v1', 'ConfigMap', 'cfg'), 'b-');
    const pod = prefix(podUsing('cfg'), 'b-');
    fixNameReferences(mapOf(a, b, pod), defaultTransformerConfig());
    assert.equal(volumeName(pod), 'b-cfg');
  });

  it('refuses two equally good referrals with different names', () => {
    const a = rename(resource('v1', 'ConfigMap', 'cfg'), 'cfg-1');
    const b = rename(resource('v1', 'ConfigMap', 'cfg', {}, 'default'), 'cfg-2');
    const pod = podUsing('cfg');
    assert.throws(
      () => fixNameReferences(mapOf(a, b, pod), defaultTransformerConfig()),
      /found multiple possible referrals: ConfigMap\.v1\.\[noGrp\]\/cfg-1\.\[noNs\], ConfigMap\.v1\.\[noGrp\]\/cfg-2\.default/u,
    );
  });

  it('takes the first of several referrals that end up with the same name', () => {
    const a = rename(resource('v1', 'ConfigMap', 'cfg'), 'same');
    const b = rename(resource('v1', 'ConfigMap', 'cfg', {}, 'other'), 'same');
    const pod = resource('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader', {
      rules: [{ resourceNames: ['cfg'] }],
    });
    fixNameReferences(mapOf(a, b, pod), defaultTransformerConfig());
    assert.deepEqual(pod.obj['rules'], [{ resourceNames: ['same'] }]);
  });

  it('writes name and namespace into subject mappings', () => {
    const sa = resource('v1', 'ServiceAccount', 'runner');
    sa.rememberCurrentId();
    sa.setNamespace('team');
    const binding = resource('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'b', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' },
      subjects: [{ kind: 'ServiceAccount', name: 'runner' }],
    });
    fixNameReferences(mapOf(sa, binding), defaultTransformerConfig());
    assert.deepEqual(binding.obj['subjects'], [
      { kind: 'ServiceAccount', name: 'runner', namespace: 'team' },
    ]);
  });

  it('follows roleRef kind to tell a Role from a ClusterRole of the same name', () => {
    const role = prefix(resource('rbac.authorization.k8s.io/v1', 'Role', 'reader'), 'r-');
    const clusterRole = prefix(
      resource('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'),
      'c-',
    );
    const binding = resource('rbac.authorization.k8s.io/v1', 'RoleBinding', 'b', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
    });
    fixNameReferences(mapOf(role, clusterRole, binding), defaultTransformerConfig());
    assert.equal((binding.obj['roleRef'] as { name: string }).name, 'c-reader');
  });

  it('says which field of which object failed', () => {
    const pod = resource('v1', 'Pod', 'pod', { spec: { volumes: 'not-a-list-of-maps' } });
    assert.throws(
      () => fixNameReferences(mapOf(pod), defaultTransformerConfig()),
      /updating name reference in 'spec\/volumes\/configMap\/name' field of 'Pod\.v1\.\[noGrp\]\/pod\.\[noNs\]'/u,
    );
  });
});
