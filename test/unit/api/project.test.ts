import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  checkAppAgainstProject,
  defaultAppProject,
  isDestinationPermitted,
  validateAppProject,
  validateApplication,
  type AppProject,
  type ApplicationDestination,
} from '../../../src/api/index.js';
import {
  IN_CLUSTER,
  anywhere,
  app,
  isRepoPermitted,
  project,
  restrictedProject,
} from './project-builders.js';

describe('checkAppAgainstProject: sourceRepos', () => {
  it("permits any repository with '*'", () => {
    assert.equal(isRepoPermitted(['*'], 'https://anything.example/x/y.git'), true);
  });

  it('permits an exact URL, ignoring case and a .git suffix on either side', () => {
    assert.equal(
      isRepoPermitted(
        ['https://git.example.com/org/deploy'],
        'https://Git.example.com/org/deploy.git',
      ),
      true,
    );
    assert.equal(
      isRepoPermitted(
        ['https://git.example.com/org/deploy.git'],
        'https://git.example.com/org/deploy',
      ),
      true,
    );
    assert.equal(
      isRepoPermitted(['https://git.example.com/org/deploy'], 'https://git.example.com/org/other'),
      false,
    );
  });

  it('matches a glob within one path segment, and across segments with **', () => {
    const repos = ['https://git.example.com/team-a/*'];
    assert.equal(isRepoPermitted(repos, 'https://git.example.com/team-a/web.git'), true);
    assert.equal(isRepoPermitted(repos, 'https://git.example.com/team-a/sub/web.git'), false);
    assert.equal(
      isRepoPermitted(
        ['https://git.example.com/team-a/**'],
        'https://git.example.com/team-a/sub/web.git',
      ),
      true,
    );
  });

  it("denies a repository matched by a '!' entry, even when '*' allows it", () => {
    const repos = ['*', '!https://git.example.com/secret/*'];
    assert.equal(isRepoPermitted(repos, 'https://git.example.com/secret/keys.git'), false);
    assert.equal(isRepoPermitted(repos, 'https://git.example.com/public/web.git'), true);
    assert.equal(
      isRepoPermitted([...repos].reverse(), 'https://git.example.com/secret/keys.git'),
      false,
    );
  });

  it("permits every other repository when the list holds only a '!' entry, like Argo CD", () => {
    const repos = ['!https://git.example.com/secret/*'];
    assert.equal(isRepoPermitted(repos, 'https://git.example.com/public/web.git'), true);
    assert.equal(isRepoPermitted(repos, 'https://git.example.com/secret/web.git'), false);
  });

  it('permits nothing when sourceRepos is empty or absent', () => {
    assert.equal(isRepoPermitted([], 'https://git.example.com/org/deploy.git'), false);
    const denials = checkAppAgainstProject(
      app('https://git.example.com/org/deploy.git', { server: IN_CLUSTER, namespace: 'web' }),
      project(anywhere),
    );
    assert.deepEqual(denials, [
      {
        field: 'spec.source.repoURL',
        message:
          "application repo https://git.example.com/org/deploy.git is not permitted in project 'team-a'",
      },
    ]);
  });
});

describe('checkAppAgainstProject: destinations', () => {
  const team = restrictedProject();
  const repo = 'https://git.example.com/team-a/web.git';
  const fields = (destination: ApplicationDestination, p: AppProject = team) =>
    checkAppAgainstProject(app(repo, destination), p).map((denial) => denial.field);

  it('permits a server and namespace matching an entry by glob', () => {
    assert.deepEqual(fields({ server: IN_CLUSTER, namespace: 'team-a-web' }), []);
  });

  it('denies a namespace outside the globs, with a message naming server, namespace and project', () => {
    const denials = checkAppAgainstProject(
      app(repo, { server: IN_CLUSTER, namespace: 'kube-system' }),
      team,
    );
    assert.deepEqual(denials, [
      {
        field: 'spec.destination',
        message:
          "application destination server 'https://kubernetes.default.svc' and namespace 'kube-system' do not match any of the allowed destinations in project 'team-a'",
      },
    ]);
  });

  it('denies another server', () => {
    assert.deepEqual(fields({ server: 'https://other:6443', namespace: 'team-a-web' }), [
      'spec.destination',
    ]);
  });

  it('permits a destination given by cluster name when an entry names it', () => {
    assert.deepEqual(fields({ name: 'staging', namespace: 'team-a' }), []);
    const denials = checkAppAgainstProject(app(repo, { name: 'prod', namespace: 'team-a' }), team);
    assert.match(
      denials[0]?.message ?? '',
      /^application destination name 'prod' and namespace 'team-a' do not match/u,
    );
  });

  it('treats in-cluster and https://kubernetes.default.svc as the same cluster, both ways', () => {
    const byName = project({
      sourceRepos: ['*'],
      destinations: [{ name: 'in-cluster', namespace: 'web' }],
    });
    const byServer = project({
      sourceRepos: ['*'],
      destinations: [{ server: IN_CLUSTER, namespace: 'web' }],
    });
    assert.deepEqual(fields({ server: IN_CLUSTER, namespace: 'web' }, byName), []);
    assert.deepEqual(fields({ name: 'in-cluster', namespace: 'web' }, byServer), []);
    assert.deepEqual(fields({ name: 'other', namespace: 'web' }, byServer), ['spec.destination']);
  });

  it("denies a namespace matched by a '!' entry, even when another entry allows every namespace", () => {
    const p = project({
      sourceRepos: ['*'],
      destinations: [
        { server: '*', namespace: '*' },
        { server: '*', namespace: '!kube-*' },
      ],
    });
    assert.equal(
      isDestinationPermitted(p, { server: IN_CLUSTER, namespace: 'kube-system' }),
      false,
    );
    assert.equal(isDestinationPermitted(p, { server: IN_CLUSTER, namespace: 'web' }), true);
  });

  it("denies a server matched by a '!' entry", () => {
    const p = project({
      sourceRepos: ['*'],
      destinations: [
        { server: '*', namespace: '*' },
        { server: '!https://prod-*', namespace: '*' },
      ],
    });
    assert.equal(
      isDestinationPermitted(p, { server: 'https://prod-1:6443', namespace: 'web' }),
      false,
    );
    assert.equal(
      isDestinationPermitted(p, { server: 'https://dev-1:6443', namespace: 'web' }),
      true,
    );
  });

  it("does not let a '!' name entry deny an app that gives only a server", () => {
    const p = project({
      sourceRepos: ['*'],
      destinations: [
        { server: '*', namespace: '*' },
        { name: '!prod', namespace: '*' },
      ],
    });
    assert.equal(isDestinationPermitted(p, { server: IN_CLUSTER, namespace: 'web' }), true);
    assert.equal(isDestinationPermitted(p, { name: 'prod', namespace: 'web' }), false);
  });

  it('permits no destination when the project lists none', () => {
    const p = project({ sourceRepos: ['*'] });
    assert.equal(isDestinationPermitted(p, { server: IN_CLUSTER, namespace: 'web' }), false);
  });

  it("matches an app without a namespace only against '' or a glob that accepts it", () => {
    const p = project({ sourceRepos: ['*'], destinations: [{ server: '*', namespace: 'web' }] });
    assert.equal(isDestinationPermitted(p, { server: IN_CLUSTER }), false);
    assert.equal(isDestinationPermitted(defaultAppProject('x'), { server: IN_CLUSTER }), true);
  });

  it('reports both a repo and a destination denial at once', () => {
    const denials = checkAppAgainstProject(
      app('https://elsewhere/x.git', { server: 'https://x', namespace: 'y' }),
      team,
    );
    assert.deepEqual(
      denials.map((d) => d.field),
      ['spec.source.repoURL', 'spec.destination'],
    );
  });
});

describe('validateAppProject and Argo CD project fields', () => {
  const argoProject = parse(`
    apiVersion: capstan.dev/v1alpha1
    kind: AppProject
    metadata: {name: team-b, namespace: capstan-system}
    spec:
      sourceRepos: ['*']
      destinations: [{server: '*', namespace: team-b}]
      roles:
        - name: ci
          policies: ['p, proj:team-b:ci, applications, sync, team-b/*, allow']
          jwtTokens: [{iat: 1700000000}]
  `) as Record<string, unknown>;

  it('accepts roles, which only govern Argo CD API users, and drops them', () => {
    const result = validateAppProject(argoProject);
    assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('; '));
    assert.equal('roles' in result.project.spec, false);
  });

  it('still refuses fields that would change what is deployed, such as signatureKeys', () => {
    const signed = structuredClone(argoProject);
    (signed['spec'] as Record<string, unknown>)['signatureKeys'] = [{ keyID: '4AEE18F83AFDEB23' }];
    const result = validateAppProject(signed);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.errors.map((e) => e.field),
      ['spec.signatureKeys'],
    );
  });

  it('accepts roles only on projects: on an Application spec.roles is still unknown', () => {
    const result = validateApplication({
      apiVersion: 'capstan.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: 'web' },
      spec: {
        source: { repoURL: 'https://git.example.com/org/deploy.git' },
        destination: { server: IN_CLUSTER, namespace: 'web' },
        roles: [{ name: 'x' }],
      },
    });
    assert.equal(result.ok, false);
  });
});
