import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectWebhookSender, parsePushPayload } from '../../../../src/server/index.js';
import type { PushEvent, WebhookSender } from '../../../../src/server/index.js';
import { readFixtureJson } from './support.js';

function parsePush(sender: WebhookSender, payload: unknown): PushEvent {
  const parsed = parsePushPayload(sender, payload);
  assert.equal(parsed.kind, 'push', JSON.stringify(parsed));
  return (parsed as { push: PushEvent }).push;
}

describe('detectWebhookSender', () => {
  it('tells the four providers apart by their event header', () => {
    assert.deepEqual(detectWebhookSender({ 'x-github-event': 'push' }), {
      provider: 'github',
      event: 'push',
    });
    assert.deepEqual(detectWebhookSender({ 'x-gitlab-event': 'Push Hook' }), {
      provider: 'gitlab',
      event: 'Push Hook',
    });
    assert.deepEqual(detectWebhookSender({ 'x-event-key': 'repo:push' }), {
      provider: 'bitbucket',
      event: 'repo:push',
    });
    assert.deepEqual(detectWebhookSender({ 'x-gitea-event': 'push' }), {
      provider: 'gitea',
      event: 'push',
    });
  });

  it('recognises Gitea although it also sends GitHub and Gogs headers', () => {
    const headers = { 'x-github-event': 'push', 'x-gogs-event': 'push', 'x-gitea-event': 'push' };
    assert.equal(detectWebhookSender(headers)?.provider, 'gitea');
    assert.equal(detectWebhookSender({ 'x-gogs-event': 'push' })?.provider, 'gitea');
  });

  it('answers undefined for a request no provider sent', () => {
    assert.equal(detectWebhookSender({ 'content-type': 'application/json' }), undefined);
    assert.equal(detectWebhookSender({ 'x-github-event': '  ' }), undefined);
  });
});

describe('parsePushPayload', () => {
  it('reads a GitHub push: every repository URL, the ref, default branch and changed files', () => {
    const push = parsePush(
      { provider: 'github', event: 'push' },
      readFixtureJson('github-push.json'),
    );
    assert.deepEqual(push.repoURLs, [
      'https://github.com/Octo-Org/Hello-World',
      'https://github.com/Octo-Org/Hello-World.git',
      'git@github.com:Octo-Org/Hello-World.git',
      'git://github.com/Octo-Org/Hello-World.git',
    ]);
    assert.deepEqual(push.refs, ['refs/heads/main']);
    assert.equal(push.defaultBranch, 'main');
    assert.deepEqual([...(push.changedFiles ?? [])].sort(), [
      'README.md',
      'apps/web/deployment.yaml',
      'apps/web/hpa.yaml',
      'docs/old.md',
    ]);
  });

  it('reads a GitLab push and tag push', () => {
    const push = parsePush(
      { provider: 'gitlab', event: 'Push Hook' },
      readFixtureJson('gitlab-push.json'),
    );
    assert.ok(push.repoURLs.includes('https://gitlab.example.com/mike/diaspora'));
    assert.ok(push.repoURLs.includes('git@gitlab.example.com:mike/diaspora.git'));
    assert.deepEqual(push.refs, ['refs/heads/feature/login']);
    assert.equal(push.defaultBranch, 'master');
    assert.deepEqual([...(push.changedFiles ?? [])].sort(), [
      'README.md',
      'deploy/base/kustomization.yaml',
      'deploy/base/old.yaml',
      'deploy/overlays/prod/patch.yaml',
    ]);
    const tag = parsePush(
      { provider: 'gitlab', event: 'Tag Push Hook' },
      readFixtureJson('gitlab-tag-push.json'),
    );
    assert.deepEqual(tag.refs, ['refs/tags/v1.0.0']);
    assert.equal(tag.changedFiles, undefined, 'a new tag lists no files: unknown');
  });

  it('reads pushes from a GitLab system hook and ignores its other events', () => {
    const payload = readFixtureJson('gitlab-push.json');
    assert.equal(
      parsePushPayload({ provider: 'gitlab', event: 'System Hook' }, payload).kind,
      'push',
    );
    const other = { object_kind: 'merge_request' };
    assert.deepEqual(parsePushPayload({ provider: 'gitlab', event: 'System Hook' }, other), {
      kind: 'ignored',
      event: 'System Hook',
    });
  });

  it('reads a Bitbucket Cloud push: every changed ref, a deleted one by its old name, no files', () => {
    const push = parsePush(
      { provider: 'bitbucket', event: 'repo:push' },
      readFixtureJson('bitbucket-push.json'),
    );
    assert.deepEqual(push.repoURLs, ['https://bitbucket.org/acme-team/platform-config']);
    assert.deepEqual(push.refs, ['refs/heads/release/2026.12', 'refs/tags/v0.9.0']);
    assert.equal(push.defaultBranch, undefined);
    assert.equal(push.changedFiles, undefined);
  });

  it('reads a Gitea push', () => {
    const push = parsePush(
      { provider: 'gitea', event: 'push' },
      readFixtureJson('gitea-push.json'),
    );
    assert.deepEqual(push.repoURLs, [
      'https://gitea.example.com/ops/cluster-apps',
      'https://gitea.example.com/ops/cluster-apps.git',
      'ssh://git@gitea.example.com:2222/ops/cluster-apps.git',
    ]);
    assert.deepEqual(push.refs, ['refs/heads/develop']);
    assert.deepEqual(push.changedFiles, ['monitoring/prometheus/values.yaml']);
  });

  it('treats the changed files as unknown when the payload cannot list them all', () => {
    const github = readFixtureJson('github-push.json') as Record<string, unknown>;
    const sender: WebhookSender = { provider: 'github', event: 'push' };
    assert.equal(parsePush(sender, { ...github, forced: true }).changedFiles, undefined);
    assert.equal(parsePush(sender, { ...github, before: '0'.repeat(40) }).changedFiles, undefined);
    assert.equal(parsePush(sender, { ...github, commits: [] }).changedFiles, undefined);
    const gitlab = readFixtureJson('gitlab-push.json') as Record<string, unknown>;
    const cut = { ...gitlab, total_commits_count: 45 };
    assert.equal(
      parsePush({ provider: 'gitlab', event: 'Push Hook' }, cut).changedFiles,
      undefined,
    );
    const gitea = readFixtureJson('gitea-push.json') as Record<string, unknown>;
    const giteaCut = { ...gitea, total_commits: 3 };
    assert.equal(parsePush({ provider: 'gitea', event: 'push' }, giteaCut).changedFiles, undefined);
  });

  it('ignores events that are not pushes', () => {
    assert.deepEqual(
      parsePushPayload({ provider: 'github', event: 'ping' }, readFixtureJson('github-ping.json')),
      { kind: 'ignored', event: 'ping' },
    );
    assert.equal(
      parsePushPayload({ provider: 'bitbucket', event: 'repo:fork' }, {}).kind,
      'ignored',
    );
    assert.equal(parsePushPayload({ provider: 'gitea', event: 'issues' }, {}).kind, 'ignored');
  });

  it('calls a push it cannot read invalid', () => {
    const sender: WebhookSender = { provider: 'github', event: 'push' };
    assert.equal(parsePushPayload(sender, [1, 2]).kind, 'invalid');
    assert.equal(parsePushPayload(sender, { ref: 'refs/heads/main' }).kind, 'invalid');
    const github = readFixtureJson('github-push.json') as Record<string, unknown>;
    assert.equal(parsePushPayload(sender, { ...github, ref: 'main' }).kind, 'invalid');
  });
});
