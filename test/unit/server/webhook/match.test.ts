import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../src/model/index.js';
import {
  haveAppFilesChanged,
  isRevisionPushed,
  manifestPathsOf,
  repoIdentityOf,
  selectAppsForPush,
  type PushEvent,
} from '../../../../src/server/index.js';

const PUSH: PushEvent = {
  provider: 'github',
  repoURLs: ['https://github.com/Octo-Org/Hello-World', 'git@github.com:Octo-Org/Hello-World.git'],
  refs: ['refs/heads/main'],
  defaultBranch: 'main',
  changedFiles: ['apps/web/deployment.yaml', 'README.md'],
};

function app(
  name: string,
  source: Record<string, unknown>,
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'capstan-system', annotations },
    spec: { source },
  };
}

describe('repoIdentityOf', () => {
  it('maps the web, HTTPS and SSH URLs of one repository to one identity', () => {
    const expected = 'github.com/octo-org/hello-world';
    for (const url of [
      'https://github.com/Octo-Org/Hello-World',
      'https://github.com/Octo-Org/Hello-World.git',
      'https://github.com/Octo-Org/Hello-World/',
      'http://GitHub.com/octo-org/hello-world.git/',
      'https://user:token@github.com/Octo-Org/Hello-World.git',
      'git@github.com:Octo-Org/Hello-World.git',
      'ssh://git@ssh.github.com:443/Octo-Org/Hello-World.git',
      'git://github.com/Octo-Org/Hello-World.git',
      'https://github.com:8443/Octo-Org/Hello-World',
    ])
      assert.equal(repoIdentityOf(url), expected, url);
  });

  it('keeps different repositories and hosts apart', () => {
    assert.notEqual(
      repoIdentityOf('https://github.com/Octo-Org/Hello-World'),
      repoIdentityOf('https://github.com/Octo-Org/Hello-World-2'),
    );
    assert.notEqual(
      repoIdentityOf('https://github.com/a/b'),
      repoIdentityOf('https://gitlab.com/a/b'),
    );
    assert.equal(
      repoIdentityOf('https://gitlab.example.com/group/sub/project.git'),
      'gitlab.example.com/group/sub/project',
    );
  });

  it('answers undefined for what is not a repository URL', () => {
    assert.equal(repoIdentityOf('https://github.com'), undefined);
    assert.equal(repoIdentityOf('not a url'), undefined);
    assert.equal(repoIdentityOf(''), undefined);
  });
});

describe('isRevisionPushed', () => {
  it('follows the default branch for HEAD and an empty revision', () => {
    assert.ok(isRevisionPushed('HEAD', PUSH));
    assert.ok(isRevisionPushed('', PUSH));
    const other = { ...PUSH, refs: ['refs/heads/dev'] };
    assert.ok(!isRevisionPushed('HEAD', other));
  });

  it('refreshes HEAD apps on any branch push when the default branch is unknown, not on a tag', () => {
    const unknown = { ...PUSH, defaultBranch: undefined, refs: ['refs/heads/dev'] };
    assert.ok(isRevisionPushed('HEAD', unknown));
    assert.ok(!isRevisionPushed('HEAD', { ...unknown, refs: ['refs/tags/v1'] }));
  });

  it('matches a branch or tag by bare name and a full ref exactly', () => {
    const push = { ...PUSH, refs: ['refs/heads/release/1.0', 'refs/tags/v2.0.0'] };
    assert.ok(isRevisionPushed('release/1.0', push));
    assert.ok(isRevisionPushed('refs/heads/release/1.0', push));
    assert.ok(isRevisionPushed('v2.0.0', push));
    assert.ok(isRevisionPushed('refs/tags/v2.0.0', push));
    assert.ok(!isRevisionPushed('refs/tags/release/1.0', push));
    assert.ok(!isRevisionPushed('1.0', push));
    assert.ok(!isRevisionPushed('Release/1.0', push));
  });

  it('never matches a pinned commit', () => {
    assert.ok(!isRevisionPushed('0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c', PUSH));
  });
});

describe('manifestPathsOf', () => {
  const annotation = 'capstan.dev/manifest-generate-paths';

  it('resolves `.` and relative paths from spec.source.path and `/x` from the root', () => {
    const subject = app('a', {}, { [annotation]: '.; ../common ;/shared/base;;' });
    assert.deepEqual(manifestPathsOf(subject, 'apps/web'), [
      'apps/web',
      'apps/common',
      'shared/base',
    ]);
  });

  it('honours the Argo CD annotation, the Capstan one first', () => {
    const argo = app('a', {}, { 'argocd.argoproj.io/manifest-generate-paths': '.' });
    assert.deepEqual(manifestPathsOf(argo, 'x'), ['x']);
    const both = app(
      'a',
      {},
      {
        'argocd.argoproj.io/manifest-generate-paths': '.',
        [annotation]: '/y',
      },
    );
    assert.deepEqual(manifestPathsOf(both, 'x'), ['y']);
  });

  it('drops paths that climb out of the repository and answers none without the annotation', () => {
    assert.deepEqual(manifestPathsOf(app('a', {}, { [annotation]: '../../x' }), 'apps'), []);
    assert.deepEqual(manifestPathsOf(app('a', {}), 'apps'), []);
  });
});

describe('haveAppFilesChanged', () => {
  it('matches a file that is a refresh path or lies under one', () => {
    assert.ok(haveAppFilesChanged(['apps/web'], ['apps/web/deployment.yaml']));
    assert.ok(haveAppFilesChanged(['apps/web/values.yaml'], ['apps/web/values.yaml']));
    assert.ok(!haveAppFilesChanged(['apps/web'], ['apps/web-2/deployment.yaml', 'README.md']));
    assert.ok(haveAppFilesChanged([''], ['anything']));
  });

  it('matches globs within path segments, on the file or a parent directory', () => {
    assert.ok(haveAppFilesChanged(['apps/*/values.yaml'], ['apps/web/values.yaml']));
    assert.ok(!haveAppFilesChanged(['apps/*/values.yaml'], ['apps/web/sub/values.yaml']));
    assert.ok(haveAppFilesChanged(['envs/prod-*'], ['envs/prod-eu/kustomization.yaml']));
    assert.ok(!haveAppFilesChanged(['envs/prod-?'], ['envs/prod-eu/kustomization.yaml']));
    assert.ok(haveAppFilesChanged(['envs/[!d]*'], ['envs/qa/x.yaml']));
    assert.ok(!haveAppFilesChanged(['envs/[!d]*'], ['envs/dev/x.yaml']));
  });

  it('refreshes when files are unknown or the app sets no paths', () => {
    assert.ok(haveAppFilesChanged(['apps/web'], undefined));
    assert.ok(haveAppFilesChanged([], ['README.md']));
    assert.ok(!haveAppFilesChanged(['apps/web'], []));
  });
});

describe('selectAppsForPush', () => {
  it('selects the apps on the pushed repository and ref whose paths changed', () => {
    const select = selectAppsForPush(PUSH);
    const cases: [KubeObject, boolean][] = [
      [
        app('head', { repoURL: 'https://github.com/octo-org/hello-world.git', path: 'apps/web' }),
        true,
      ],
      [
        app('main', { repoURL: 'https://github.com/Octo-Org/Hello-World', targetRevision: 'main' }),
        true,
      ],
      [
        app('dev', { repoURL: 'https://github.com/Octo-Org/Hello-World', targetRevision: 'dev' }),
        false,
      ],
      [
        app('other-repo', { repoURL: 'https://github.com/Octo-Org/Other', path: 'apps/web' }),
        false,
      ],
      [
        app(
          'paths-hit',
          { repoURL: 'https://github.com/Octo-Org/Hello-World', path: 'apps/web' },
          {
            'capstan.dev/manifest-generate-paths': '.',
          },
        ),
        true,
      ],
      [
        app(
          'paths-miss',
          { repoURL: 'https://github.com/Octo-Org/Hello-World', path: 'apps/api' },
          {
            'capstan.dev/manifest-generate-paths': '.',
          },
        ),
        false,
      ],
      [app('no-source', {}), false],
      [{ apiVersion: 'capstan.dev/v1alpha1', kind: 'Application', metadata: { name: 'x' } }, false],
    ];
    for (const [subject, expected] of cases)
      assert.equal(select(subject), expected, JSON.stringify(subject.metadata));
  });
});
