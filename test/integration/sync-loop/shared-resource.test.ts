/**
 * Two Applications rendering the same object: the first to sync owns it (its tracking-id); the
 * other is warned (SharedResourceWarning naming the owner), never takes it over, and with
 * FailOnSharedResource=true its sync fails naming the object.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getObject, type KubeClient } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import {
  applicationManifest,
  connectTestKube,
  mustKubectl,
  readAppStatus,
  requestOperation,
  startControllerProcess,
  type ControllerProcess,
} from '../controller/support.js';

const APP_NS = 'capstan-system';
const TARGET = 'shared';

describe('sync loop: an object two apps render', { timeout: 120_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let repo: TestRepo;
  let controller: ControllerProcess;
  let client: KubeClient;
  const status = (name: string) => readAppStatus(client, APP_NS, name);
  const shared = () =>
    getObject(client, { apiVersion: 'v1', kind: 'ConfigMap', namespace: TARGET, name: 'common' });
  const trackingIdOf = async () =>
    ((await shared())?.metadata['annotations'] as Record<string, string> | undefined)?.[
      'capstan.dev/tracking-id'
    ];
  const addApp = (name: string, path: string, extraSpec: Record<string, unknown>) =>
    mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name,
        repoURL: repo.url,
        path,
        destinationNamespace: TARGET,
        extraSpec,
      }),
    );

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    repo = await server.createRepo('shared');
    const common = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: common}\ndata: {from: git}\n';
    const own = (app: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${app}-own}\ndata: {app: ${app}}\n`;
    await repo.commit({
      'first/common.yaml': common,
      'first/own.yaml': own('first'),
      'second/common.yaml': common,
      'second/own.yaml': own('second'),
      'third/common.yaml': common,
      'third/own.yaml': own('third'),
    });
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', TARGET]);
    controller = await startControllerProcess(plane.kubeconfig, ['--resync', '2s']);
  });

  after(async () => {
    await controller.stop();
    await server.close();
    await plane.stop();
  });

  it('lets the first app own the object', async () => {
    await addApp('first', 'first', { syncPolicy: { automated: { prune: true } } });
    await eventually(async () => {
      assert.equal((await status('first'))?.sync?.status, 'Synced');
    });
    assert.equal(await trackingIdOf(), 'capstan-system_first:/ConfigMap:shared/common');
  });

  it('warns the second app, syncs the rest of it, and never takes the object', async () => {
    await addApp('second', 'second', { syncPolicy: { automated: { prune: true } } });
    await eventually(async () => {
      const current = await status('second');
      assert.equal(current?.operationState?.phase, 'Succeeded', current?.operationState?.message);
      const warning = current.conditions?.find((c) => c.type === 'SharedResourceWarning');
      assert.equal(warning?.reason, 'SharedResource');
      assert.match(
        warning.message,
        /ConfigMap\/common in shared is part of application capstan-system\/first/,
      );
    });
    assert.ok(
      await getObject(client, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: TARGET,
        name: 'second-own',
      }),
    );
    assert.equal(await trackingIdOf(), 'capstan-system_first:/ConfigMap:shared/common');
    assert.equal((await status('first'))?.sync?.status, 'Synced');
  });

  it('fails the sync of an app with FailOnSharedResource=true, naming the object, applying nothing', async () => {
    await addApp('third', 'third', {
      syncPolicy: { syncOptions: ['FailOnSharedResource=true'] },
    });
    await eventually(async () => assert.equal((await status('third'))?.sync?.status, 'OutOfSync'));
    await requestOperation(plane.kubeconfig, 'third', { sync: {} });
    await eventually(async () => {
      const current = await status('third');
      assert.equal(current?.operationState?.phase, 'Failed');
      assert.match(current.operationState.message ?? '', /ConfigMap\/common in shared/);
      assert.match(current.operationState.message ?? '', /FailOnSharedResource/);
    });
    assert.equal(
      await getObject(client, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: TARGET,
        name: 'third-own',
      }),
      undefined,
    );
    assert.equal(await trackingIdOf(), 'capstan-system_first:/ConfigMap:shared/common');
  });

  it('counts every finished sync in capstan_app_sync_total by app and phase', async () => {
    const response = await fetch(`http://127.0.0.1:${String(controller.metricsPort)}/metrics`);
    const text = await response.text();
    const count = (name: string, phase: string) =>
      Number(
        new RegExp(
          `^capstan_app_sync_total\\{[^}]*name="${name}"[^}]*phase="${phase}"[^}]*\\} (\\d+)$`,
          'mu',
        ).exec(text)?.[1] ?? 0,
      );
    assert.ok(count('first', 'Succeeded') >= 1, text);
    assert.ok(count('second', 'Succeeded') >= 1);
    assert.equal(count('third', 'Failed'), 1);
    assert.equal(count('third', 'Succeeded'), 0);
  });
});
