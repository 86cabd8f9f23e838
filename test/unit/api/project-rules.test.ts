import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkAppAgainstProject,
  defaultAppProject,
  isResourcePermitted,
  matchGlob,
  validateAppProject,
} from '../../../src/api/index.js';
import { IN_CLUSTER, app, project, restrictedProject } from './project-builders.js';

describe('matchGlob', () => {
  it('compares a pattern without special characters exactly', () => {
    assert.equal(matchGlob('web', 'web'), true);
    assert.equal(matchGlob('web', 'web-1'), false);
    assert.equal(matchGlob('a.b', 'axb'), false);
    assert.equal(matchGlob('', ''), true);
    assert.equal(matchGlob('', 'x'), false);
  });

  it('lets * match any run of characters, including / and none at all', () => {
    assert.equal(matchGlob('team-*', 'team-a'), true);
    assert.equal(matchGlob('team-*', 'team-'), true);
    assert.equal(matchGlob('https://*.example.com', 'https://a.b.example.com'), true);
    assert.equal(matchGlob('https://git/*', 'https://git/org/sub/repo'), true);
    assert.equal(matchGlob('*-prod', 'web-staging'), false);
  });

  it('lets ? match exactly one character', () => {
    assert.equal(matchGlob('web-?', 'web-1'), true);
    assert.equal(matchGlob('web-?', 'web-12'), false);
    assert.equal(matchGlob('web-?', 'web-'), false);
  });

  it('supports classes, ranges, negated classes and alternatives', () => {
    assert.equal(matchGlob('web-[abc]', 'web-b'), true);
    assert.equal(matchGlob('web-[abc]', 'web-d'), false);
    assert.equal(matchGlob('v[0-9]', 'v7'), true);
    assert.equal(matchGlob('v[0-9]', 'vx'), false);
    assert.equal(matchGlob('v[!0-9]', 'vx'), true);
    assert.equal(matchGlob('v[!0-9]', 'v7'), false);
    assert.equal(matchGlob('{dev,test}-*', 'test-1'), true);
    assert.equal(matchGlob('{dev,test}-*', 'prod-1'), false);
  });

  it('treats an escaped wildcard literally', () => {
    assert.equal(matchGlob('a\\*b', 'a*b'), true);
    assert.equal(matchGlob('a\\*b', 'axb'), false);
  });

  it('matches nothing with a malformed pattern, as Argo CD does', () => {
    assert.equal(matchGlob('web-[abc', 'web-a'), false);
    assert.equal(matchGlob('{a,b', 'a'), false);
    assert.equal(matchGlob('[z-a]', 'm'), false);
  });

  it('stops * and ? at a separator when given one, and lets ** cross it', () => {
    assert.equal(matchGlob('https://git/org/*', 'https://git/org/repo', '/'), true);
    assert.equal(matchGlob('https://git/org/*', 'https://git/org/sub/repo', '/'), false);
    assert.equal(matchGlob('https://git/org/**', 'https://git/org/sub/repo', '/'), true);
    assert.equal(matchGlob('*', 'https://git/org/sub/repo', '/'), true);
  });
});

describe('isResourcePermitted', () => {
  it('permits no cluster-scoped kind when clusterResourceWhitelist is absent or empty, as Argo CD', () => {
    assert.equal(isResourcePermitted(project({}), '', 'Namespace', false), false);
    assert.equal(
      isResourcePermitted(project({ clusterResourceWhitelist: [] }), '', 'Namespace', false),
      false,
    );
  });

  it('permits the cluster-scoped kinds the whitelist names, by glob on group and kind', () => {
    const p = project({
      clusterResourceWhitelist: [
        { group: '', kind: 'Namespace' },
        { group: '*.k8s.io', kind: 'Cluster*' },
      ],
    });
    assert.equal(isResourcePermitted(p, '', 'Namespace', false), true);
    assert.equal(isResourcePermitted(p, 'rbac.authorization.k8s.io', 'ClusterRole', false), true);
    assert.equal(isResourcePermitted(p, 'rbac.authorization.k8s.io', 'Role', false), false);
    assert.equal(isResourcePermitted(p, 'apiextensions.example.com', 'ClusterThing', false), false);
    assert.equal(isResourcePermitted(p, 'x', 'Namespace', false), false);
  });

  it('lets the cluster blacklist win over the whitelist', () => {
    const p = project({
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      clusterResourceBlacklist: [{ group: 'rbac.authorization.k8s.io', kind: '*' }],
    });
    assert.equal(isResourcePermitted(p, 'rbac.authorization.k8s.io', 'ClusterRole', false), false);
    assert.equal(isResourcePermitted(p, '', 'Namespace', false), true);
  });

  it('permits every namespaced kind when namespaceResourceWhitelist is absent', () => {
    assert.equal(isResourcePermitted(project({}), 'apps', 'Deployment', true), true);
    assert.equal(isResourcePermitted(project({}), '', 'ConfigMap', true), true);
  });

  it('permits no namespaced kind when namespaceResourceWhitelist is an empty list', () => {
    assert.equal(
      isResourcePermitted(project({ namespaceResourceWhitelist: [] }), 'apps', 'Deployment', true),
      false,
    );
  });

  it('permits only whitelisted namespaced kinds when a whitelist is given, minus the blacklist', () => {
    const team = restrictedProject();
    assert.equal(isResourcePermitted(team, 'apps', 'Deployment', true), true);
    assert.equal(isResourcePermitted(team, '', 'Service', true), true);
    assert.equal(isResourcePermitted(team, '', 'ConfigMap', true), false);
    assert.equal(isResourcePermitted(team, 'apps', 'Service', true), false);
  });

  it('denies a blacklisted namespaced kind that no whitelist restricts', () => {
    const p = project({
      namespaceResourceBlacklist: [
        { group: '', kind: 'ResourceQuota' },
        { group: '*', kind: 'Network*' },
      ],
    });
    assert.equal(isResourcePermitted(p, '', 'ResourceQuota', true), false);
    assert.equal(isResourcePermitted(p, 'networking.k8s.io', 'NetworkPolicy', true), false);
    assert.equal(isResourcePermitted(p, '', 'LimitRange', true), true);
  });

  it('keeps the namespaced and cluster lists apart', () => {
    const p = project({ namespaceResourceWhitelist: [{ group: '*', kind: '*' }] });
    assert.equal(isResourcePermitted(p, '', 'Namespace', false), false);
    const q = project({
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      namespaceResourceWhitelist: [],
    });
    assert.equal(isResourcePermitted(q, '', 'ConfigMap', true), false);
    assert.equal(isResourcePermitted(q, '', 'Namespace', false), true);
  });
});

describe('defaultAppProject', () => {
  const p = defaultAppProject('capstan-system');

  it('is called default and lives in the given namespace', () => {
    assert.equal(p.metadata.name, 'default');
    assert.equal(p.metadata.namespace, 'capstan-system');
  });

  it('permits any repository and any destination, by server or by name', () => {
    for (const destination of [
      { server: IN_CLUSTER, namespace: 'kube-system' },
      { server: 'https://elsewhere:6443', namespace: 'web' },
      { name: 'staging', namespace: 'web' },
      { server: IN_CLUSTER },
    ]) {
      assert.deepEqual(
        checkAppAgainstProject(app('https://any.example/x/y/z.git', destination), p),
        [],
      );
    }
  });

  it('permits every kind, cluster-scoped or namespaced', () => {
    assert.equal(isResourcePermitted(p, 'rbac.authorization.k8s.io', 'ClusterRole', false), true);
    assert.equal(
      isResourcePermitted(p, 'apiextensions.k8s.io', 'CustomResourceDefinition', false),
      true,
    );
    assert.equal(isResourcePermitted(p, '', 'ResourceQuota', true), true);
  });

  it('is itself a valid AppProject', () => {
    assert.ok(validateAppProject(p).ok);
  });
});
