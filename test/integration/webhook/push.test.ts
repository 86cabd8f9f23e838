/**
 * Issue 8's webhook end to end: a controller that polls Git only every 10 minutes, four
 * automated apps on a real control plane, Git over HTTP. A signed GitHub or GitLab push
 * refreshes exactly the apps it concerns and the change is applied within a second of the
 * webhook; an app on another repository or branch, or whose manifest-generate-paths the
 * push did not touch, is left alone; unsigned and forged deliveries are refused.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { getObject, type KubeClient } from '../../../src/kube/index.js';
import { createSilentLogger } from '../../../src/log/index.js';
import { createWebhookRefresher } from '../../../src/server/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import {
  applicationManifest,
  configMapYaml,
  connectTestKube,
  mustKubectl,
  readAppStatus,
  startControllerProcess,
  type ControllerProcess,
} from '../controller/support.js';

const APP_NS = 'capstan-system';
const GITHUB_SECRET = 'it-github-s3cret';
const GITLAB_TOKEN = 'it-gitlab-t0ken';
const APPLY_BOUND_MS = 1000;

const configMap = (name: string, version: string): string => configMapYaml(name, { version });

interface WebhookAnswer {
  readonly status: number;
  readonly refreshed: number | undefined;
}

describe('push webhooks', { timeout: 240_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let hooks: TestRepo;
  let other: TestRepo;
  let controller: ControllerProcess;
  let client: KubeClient;
  let firstCommit: string;

  const webhookURL = (): string => `http://127.0.0.1:${String(controller.metricsPort)}/api/webhook`;
  const liveVersion = async (namespace: string, name: string): Promise<string | undefined> => {
    const live = await getObject(client, { apiVersion: 'v1', kind: 'ConfigMap', namespace, name });
    return (live?.['data'] as { version?: string } | undefined)?.version;
  };

  /** Milliseconds from just before the webhook until the ConfigMap shows `version`. */
  async function timeWebhookToApplied(
    send: () => Promise<WebhookAnswer>,
    target: { namespace: string; name: string; version: string },
  ): Promise<{ ms: number; answer: WebhookAnswer }> {
    const started = performance.now();
    const answer = await send();
    assert.equal(answer.status, 200);
    for (;;) {
      if ((await liveVersion(target.namespace, target.name)) === target.version)
        return { ms: performance.now() - started, answer };
      if (performance.now() - started > 10_000)
        assert.fail(`${target.name} not at ${target.version} 10 s after the webhook`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function postGitHubPush(fields: {
    ref: string;
    before: string;
    after: string;
    files: string[];
    signWith?: string;
  }): Promise<WebhookAnswer> {
    const body = JSON.stringify({
      ref: fields.ref,
      before: fields.before,
      after: fields.after,
      forced: false,
      repository: {
        // The web URL, as GitHub sends it: no .git, other case than the app's repoURL.
        html_url: hooks.url
          .replace(/\.git$/u, '')
          .toUpperCase()
          .replace('HTTP://', 'http://'),
        clone_url: hooks.url,
        default_branch: 'main',
      },
      commits: [{ id: fields.after, added: [], removed: [], modified: fields.files }],
    });
    const signature = createHmac('sha256', fields.signWith ?? GITHUB_SECRET)
      .update(body)
      .digest('hex');
    return post({ 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${signature}` }, body);
  }

  async function post(headers: Record<string, string>, body: string): Promise<WebhookAnswer> {
    const response = await fetch(webhookURL(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const json = (await response.json()) as { refreshed?: number };
    return { status: response.status, refreshed: json.refreshed };
  }

  const revisionOf = async (name: string): Promise<string | undefined> =>
    (await readAppStatus(client, APP_NS, name))?.sync?.revision;

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    hooks = await server.createRepo('hooks');
    other = await server.createRepo('other');
    firstCommit = await hooks.commit(
      {
        'web/config.yaml': configMap('web-config', '1'),
        'api/config.yaml': configMap('api-config', '1'),
      },
      { message: 'first' },
    );
    await hooks.commit(
      { 'web/config.yaml': configMap('web-config', 'dev-1') },
      { branch: 'dev', from: 'main' },
    );
    await other.commit({ 'web/config.yaml': configMap('web-config', 'other-1') });
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
    await mustKubectl(plane.kubeconfig, [
      'create',
      'secret',
      'generic',
      'capstan-webhook',
      '-n',
      APP_NS,
      `--from-literal=github.secret=${GITHUB_SECRET}`,
      `--from-literal=gitlab.secret=${GITLAB_TOKEN}`,
    ]);
    // Only the webhook can make the controller look at Git again during the test.
    controller = await startControllerProcess(plane.kubeconfig, ['--resync', '10m']);
    const automated = {
      syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
    };
    const apps = [
      { name: 'web', repoURL: hooks.url, path: 'web', destinationNamespace: 'hook-web' },
      {
        name: 'dev',
        repoURL: hooks.url,
        path: 'web',
        targetRevision: 'dev',
        destinationNamespace: 'hook-dev',
      },
      { name: 'other', repoURL: other.url, path: 'web', destinationNamespace: 'hook-other' },
    ];
    const manifests = apps.map((fields) =>
      applicationManifest({ ...fields, extraSpec: automated }),
    );
    const filtered = JSON.parse(
      applicationManifest({
        name: 'api',
        repoURL: hooks.url,
        path: 'api',
        destinationNamespace: 'hook-api',
        extraSpec: automated,
      }),
    ) as { metadata: Record<string, unknown> };
    filtered.metadata['annotations'] = { 'capstan.dev/manifest-generate-paths': '.' };
    for (const manifest of [...manifests, JSON.stringify(filtered)])
      await mustKubectl(plane.kubeconfig, ['apply', '-f', '-'], manifest);
    await eventually(
      async () => {
        assert.equal(await liveVersion('hook-web', 'web-config'), '1');
        assert.equal(await liveVersion('hook-api', 'api-config'), '1');
        assert.equal(await liveVersion('hook-dev', 'web-config'), 'dev-1');
        assert.equal(await liveVersion('hook-other', 'web-config'), 'other-1');
      },
      { timeoutMs: 60_000 },
    );
  });

  after(async () => {
    await controller.stop();
    await server.close();
    await plane.stop();
  });

  it('refuses unsigned and forged deliveries and refreshes nothing', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { html_url: hooks.url } });
    assert.equal((await post({ 'x-github-event': 'push' }, body)).status, 401);
    const forged = await postGitHubPush({
      ref: 'refs/heads/main',
      before: firstCommit,
      after: firstCommit,
      files: ['web/config.yaml'],
      signWith: 'a-guess',
    });
    assert.equal(forged.status, 403);
    assert.equal(
      (await post({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'nope' }, body)).status,
      403,
    );
    // Gitea and Bitbucket have no secret in the Secret: refused, not accepted unsigned.
    assert.equal((await post({ 'x-gitea-event': 'push' }, body)).status, 403);
    assert.equal((await post({ 'x-event-key': 'repo:push' }, body)).status, 403);
  });

  it('applies a GitHub push to main within a second, refreshing only the app it concerns', async (t) => {
    const commit = await hooks.commit({ 'web/config.yaml': configMap('web-config', '2') });
    server.clearRequests();
    const { ms, answer } = await timeWebhookToApplied(
      () =>
        postGitHubPush({
          ref: 'refs/heads/main',
          before: firstCommit,
          after: commit,
          files: ['web/config.yaml'],
        }),
      { namespace: 'hook-web', name: 'web-config', version: '2' },
    );
    t.diagnostic(`webhook → applied: ${ms.toFixed(0)} ms`);
    assert.ok(ms < APPLY_BOUND_MS, `webhook → applied took ${ms.toFixed(0)} ms`);
    // web only: api's paths were not touched, dev follows another branch, other another repo.
    assert.equal(answer.refreshed, 1);
    await eventually(async () => assert.equal(await revisionOf('web'), commit));
    assert.equal(await revisionOf('api'), firstCommit, 'api was refreshed');
    const otherRequests = server.requests.filter((request) => request.path.startsWith('/other'));
    assert.deepEqual(otherRequests, [], 'the other repository was asked');
    assert.equal(await liveVersion('hook-dev', 'web-config'), 'dev-1');
  });

  it('refreshes a path-filtered app when the push touches its paths', async (t) => {
    const before = await hooks.resolve('main');
    const commit = await hooks.commit({ 'api/config.yaml': configMap('api-config', '2') });
    const { ms, answer } = await timeWebhookToApplied(
      () =>
        postGitHubPush({
          ref: 'refs/heads/main',
          before,
          after: commit,
          files: ['api/config.yaml'],
        }),
      { namespace: 'hook-api', name: 'api-config', version: '2' },
    );
    t.diagnostic(`webhook → applied: ${ms.toFixed(0)} ms`);
    assert.ok(ms < APPLY_BOUND_MS, `webhook → applied took ${ms.toFixed(0)} ms`);
    assert.equal(answer.refreshed, 2, 'api, and web (which filters no paths)');
  });

  it('applies a GitLab push to another branch within a second', async (t) => {
    const before = await hooks.resolve('dev');
    const commit = await hooks.commit(
      { 'web/config.yaml': configMap('web-config', 'dev-2') },
      { branch: 'dev' },
    );
    const body = JSON.stringify({
      object_kind: 'push',
      ref: 'refs/heads/dev',
      before,
      after: commit,
      project: {
        web_url: hooks.url.replace(/\.git$/u, ''),
        git_http_url: hooks.url,
        default_branch: 'main',
      },
      commits: [{ id: commit, added: [], modified: ['web/config.yaml'], removed: [] }],
      total_commits_count: 1,
    });
    const { ms, answer } = await timeWebhookToApplied(
      () => post({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': GITLAB_TOKEN }, body),
      { namespace: 'hook-dev', name: 'web-config', version: 'dev-2' },
    );
    t.diagnostic(`webhook → applied: ${ms.toFixed(0)} ms`);
    assert.ok(ms < APPLY_BOUND_MS, `webhook → applied took ${ms.toFixed(0)} ms`);
    assert.equal(answer.refreshed, 1);
    assert.equal(await liveVersion('hook-web', 'web-config'), '2');
  });

  it('reaches the leader through the refresh annotation when it runs on a standby', async (t) => {
    const commit = await hooks.commit({ 'web/config.yaml': configMap('web-config', '3') });
    // What a standby replica does with a verified push: it does not reconcile, it annotates.
    const refresh = createWebhookRefresher({
      refreshApps: () => [`${APP_NS}/web`],
      isLeading: () => false,
      client,
      logger: createSilentLogger(),
    });
    const started = performance.now();
    assert.deepEqual(await refresh(() => true), [`${APP_NS}/web`]);
    await eventually(async () => assert.equal(await liveVersion('hook-web', 'web-config'), '3'), {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    t.diagnostic(`annotation → applied: ${(performance.now() - started).toFixed(0)} ms`);
    await eventually(async () => assert.equal(await revisionOf('web'), commit));
  });

  it('keeps serving after the deliveries', () => {
    assert.ok(controller.isAlive());
  });
});
