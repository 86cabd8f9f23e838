/**
 * A manual sync through the Application's `operation` field (as `kubectl patch` or the CLI
 * sets it): applied once, recorded in operationState and history, the field cleared; an app
 * without automated sync is otherwise left OutOfSync.
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
const TARGET = 'manual';

describe('sync loop: manual sync through the operation field', { timeout: 120_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let repo: TestRepo;
  let controller: ControllerProcess;
  let client: KubeClient;
  let commit: string;
  const status = () => readAppStatus(client, APP_NS, 'manual');
  const cascadeConfigMap = () =>
    getObject(client, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'cascade',
      name: 'settings',
    });
  const configMap = () =>
    getObject(client, { apiVersion: 'v1', kind: 'ConfigMap', namespace: TARGET, name: 'settings' });

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    repo = await server.createRepo('manual');
    commit = await repo.commit({
      'app/settings.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: manual}\n',
    });
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', TARGET]);
    controller = await startControllerProcess(plane.kubeconfig);
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: 'manual',
        repoURL: repo.url,
        path: 'app',
        destinationNamespace: TARGET,
      }),
    );
  });

  after(async () => {
    await controller.stop();
    await server.close();
    await plane.stop();
  });

  it('leaves an app without automated sync OutOfSync and applies nothing', async () => {
    await eventually(async () => assert.equal((await status())?.sync?.status, 'OutOfSync'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(await configMap(), undefined);
    assert.equal((await status())?.operationState, undefined);
  });

  it('syncs once when the operation field asks, records it and clears the field', async () => {
    await requestOperation(plane.kubeconfig, 'manual', {
      sync: { prune: false },
      initiatedBy: { username: 'tester' },
    });
    await eventually(
      async () => {
        const current = await status();
        assert.equal(
          current?.operationState?.phase,
          'Succeeded',
          JSON.stringify(current?.operationState),
        );
        assert.equal(current.sync?.status, 'Synced');
        assert.equal(current.operationState.syncResult?.revision, commit);
        assert.deepEqual(
          current.history?.map((h) => [h.id, h.revision]),
          [[0, commit]],
        );
      },
      { timeoutMs: 20_000 },
    );
    assert.equal(((await configMap())?.['data'] as Record<string, string>)['mode'], 'manual');
    const operation = await mustKubectl(plane.kubeconfig, [
      'get',
      'capp',
      'manual',
      '-n',
      APP_NS,
      '-o',
      'jsonpath={.operation}',
    ]);
    assert.equal(operation, '', 'the operation field is cleared');
  });

  it('deletes an app without the finalizer and leaves its objects alone', async () => {
    await mustKubectl(plane.kubeconfig, [
      'delete',
      'capp',
      'manual',
      '-n',
      APP_NS,
      '--wait=true',
      '--timeout=20s',
    ]);
    assert.ok(await configMap(), 'no finalizer: the objects stay');
  });

  it('with resources-finalizer.capstan.dev, deletes the objects first (but Delete=false), then the app', async () => {
    await repo.commit({
      'app/kept.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n  annotations:\n    argocd.argoproj.io/sync-options: Delete=false\ndata: {stays: "yes"}\n',
    });
    const manifest = JSON.parse(
      applicationManifest({
        name: 'cascade',
        repoURL: repo.url,
        path: 'app',
        destinationNamespace: 'cascade',
        extraSpec: { syncPolicy: { syncOptions: ['CreateNamespace=true'] } },
      }),
    ) as { metadata: Record<string, unknown> };
    manifest.metadata['finalizers'] = ['resources-finalizer.capstan.dev'];
    await mustKubectl(plane.kubeconfig, ['apply', '-f', '-'], JSON.stringify(manifest));
    await requestOperation(plane.kubeconfig, 'cascade', { sync: {} });
    await eventually(
      async () => {
        const current = await readAppStatus(client, APP_NS, 'cascade');
        assert.equal(current?.operationState?.phase, 'Succeeded');
        const tracking = (
          (await cascadeConfigMap())?.metadata['annotations'] as Record<string, string>
        )['capstan.dev/tracking-id'];
        assert.equal(tracking, 'capstan-system_cascade:/ConfigMap:cascade/settings');
      },
      { timeoutMs: 20_000 },
    );
    await mustKubectl(plane.kubeconfig, [
      'delete',
      'capp',
      'cascade',
      '-n',
      APP_NS,
      '--wait=true',
      '--timeout=30s',
    ]);
    assert.equal(
      await cascadeConfigMap(),
      undefined,
      'the app’s objects were deleted before it went',
    );
    const kept = await getObject(client, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'cascade',
      name: 'kept',
    });
    assert.deepEqual(kept?.['data'], { stays: 'yes' }, 'Delete=false keeps an object');
    assert.ok(await configMap(), 'objects of other apps are untouched');
  });

  it('fails a sync with an invalid object as a whole: nothing applied, SyncError names it', async () => {
    await repo.commit({
      'bad/settings.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad-settings}\ndata: {mode: x}\n',
      'bad/web.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad-web}\nspec:\n  replicas: -1\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec: {containers: [{name: w, image: nginx}]}\n',
    });
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: 'invalid',
        repoURL: repo.url,
        path: 'bad',
        destinationNamespace: TARGET,
      }),
    );
    await eventually(async () =>
      assert.equal((await readAppStatus(client, APP_NS, 'invalid'))?.sync?.status, 'OutOfSync'),
    );
    await requestOperation(plane.kubeconfig, 'invalid', { sync: {} });
    const current = await eventually(
      async () => {
        const now = await readAppStatus(client, APP_NS, 'invalid');
        assert.equal(now?.operationState?.phase, 'Failed', JSON.stringify(now?.operationState));
        const condition = now.conditions?.find((c) => c.type === 'SyncError');
        assert.ok(condition, JSON.stringify(now.conditions));
        return condition;
      },
      { timeoutMs: 20_000 },
    );
    assert.match(current.message, /Deployment\/bad-web/u);
    const settings = await getObject(client, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: TARGET,
      name: 'bad-settings',
    });
    assert.equal(settings, undefined, 'nothing of the plan was applied');
    const events = await mustKubectl(plane.kubeconfig, [
      'get',
      'events',
      '-n',
      APP_NS,
      '--field-selector',
      'involvedObject.name=invalid',
      '-o',
      'json',
    ]);
    assert.match(events, /OperationCompleted/u);
  });
});
