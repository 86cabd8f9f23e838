/**
 * The write path's seed scenario end to end: base + production overlay, CreateNamespace=true,
 * automated with prune and selfHeal. Commit → applied and Healthy; a deleted Deployment is
 * recreated; replicas changed by hand are restored; a file removed from Git is pruned; an
 * object without our tracking-id is never pruned; a broken commit applies nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KubeClient } from '../../../src/kube/index.js';
import { getObject } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import {
  appsFixtureDir,
  applicationManifest,
  connectTestKube,
  mustKubectl,
  readAppStatus,
  readFixtureTree,
  startControllerProcess,
  type ControllerProcess,
} from '../controller/support.js';

const APP_NS = 'capstan-system';
const TARGET = 'seed-production';
const PATH = 'seed/overlays/production';

describe('sync loop: the seed scenario', { timeout: 240_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let repo: TestRepo;
  let controller: ControllerProcess;
  let client: KubeClient;
  const status = () => readAppStatus(client, APP_NS, 'seed');
  const deployment = () =>
    getObject(client, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: TARGET,
      name: 'prod-guestbook',
    });

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    repo = await server.createRepo('seed');
    await repo.commit(readFixtureTree(join(appsFixtureDir, 'seed'), 'seed/'), { message: 'seed' });
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
    controller = await startControllerProcess(plane.kubeconfig, ['--resync', '2s']);
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: 'seed',
        repoURL: repo.url,
        path: PATH,
        destinationNamespace: TARGET,
        extraSpec: {
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['CreateNamespace=true'],
          },
        },
      }),
    );
  });

  after(async () => {
    await controller.stop();
    await server.close();
    await plane.stop();
  });

  it('applies the commit into a created namespace and reports Synced and Healthy', async () => {
    await eventually(
      async () => {
        const current = await status();
        assert.equal(current?.sync?.status, 'Synced', JSON.stringify(current?.operationState));
        assert.equal(current.health?.status, 'Healthy');
        assert.equal(current.operationState?.phase, 'Succeeded');
        assert.equal(current.history?.length, 1);
      },
      { timeoutMs: 60_000 },
    );
    const live = await deployment();
    assert.equal((live?.['spec'] as { replicas: number }).replicas, 3);
    assert.match(
      String((live?.metadata['annotations'] as Record<string, string>)['capstan.dev/tracking-id']),
      /^capstan-system_seed:apps\/Deployment:seed-production\/prod-guestbook$/u,
    );
  });

  it('recreates a Deployment deleted by hand', async () => {
    await mustKubectl(plane.kubeconfig, [
      'delete',
      'deployment',
      'prod-guestbook',
      '-n',
      TARGET,
      '--wait=false',
    ]);
    await eventually(
      async () => {
        const live = await deployment();
        assert.ok(live && !live.metadata['deletionTimestamp'], 'recreated');
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
  });

  it('restores replicas changed by hand', async () => {
    await mustKubectl(plane.kubeconfig, [
      'scale',
      'deployment',
      'prod-guestbook',
      '-n',
      TARGET,
      '--replicas=1',
    ]);
    await eventually(
      async () =>
        assert.equal(((await deployment())?.['spec'] as { replicas: number }).replicas, 3),
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    // The heal re-applied the drifted Deployment, not the whole app.
    await eventually(async () => {
      const state = (await status())?.operationState;
      assert.equal(state?.phase, 'Succeeded');
      assert.deepEqual(state.operation.sync?.resources, [
        { group: 'apps', kind: 'Deployment', namespace: TARGET, name: 'prod-guestbook' },
      ]);
      const applied = state.syncResult?.resources?.filter((r) => r.kind !== 'Namespace');
      assert.deepEqual(
        applied?.map((r) => `${r.kind ?? ''}/${r.name ?? ''}`),
        ['Deployment/prod-guestbook'],
      );
    });
  });

  it('prunes an object removed from Git, never one without our tracking-id', async () => {
    await mustKubectl(plane.kubeconfig, [
      'create',
      'configmap',
      'hand-made',
      '-n',
      TARGET,
      '--from-literal=a=1',
    ]);
    await mustKubectl(plane.kubeconfig, [
      'label',
      'configmap',
      'hand-made',
      '-n',
      TARGET,
      'app.kubernetes.io/managed-by=capstan',
    ]);
    await repo.commit(
      {
        'seed/base/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nlabels:\n  - pairs:\n      app.kubernetes.io/name: guestbook\n    includeSelectors: true\nresources:\n  - deployment.yaml\n',
        'seed/base/service.yaml': null,
      },
      { message: 'drop the service' },
    );
    await eventually(
      async () => {
        const service = await getObject(client, {
          apiVersion: 'v1',
          kind: 'Service',
          namespace: TARGET,
          name: 'prod-guestbook',
        });
        assert.equal(service, undefined, 'the service is pruned');
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    const handMade = await getObject(client, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: TARGET,
      name: 'hand-made',
    });
    assert.ok(handMade, 'an object without our tracking-id is never pruned');
  });

  it('applies nothing from a broken commit and keeps the previous objects', async () => {
    const before = await deployment();
    await repo.commit(
      {
        'seed/overlays/production/deployment-patch.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: guestbook\nspec:\n  replicas: 5\n',
        'seed/base/broken.yaml': 'kind: [unclosed\n',
        'seed/base/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - broken.yaml\n',
      },
      { message: 'broken' },
    );
    await eventually(
      async () => {
        const current = await status();
        assert.ok(
          current?.conditions?.some((c) => c.type === 'ComparisonError'),
          JSON.stringify(current?.conditions),
        );
      },
      { timeoutMs: 20_000 },
    );
    const after = await deployment();
    assert.equal((after?.['spec'] as { replicas: number }).replicas, 3);
    assert.equal(after?.metadata['resourceVersion'], before?.metadata['resourceVersion']);
    assert.ok(controller.isAlive());
  });

  it('leaves replicas changed by hand alone once Git no longer sets spec.replicas', async () => {
    const readSeedFile = (path: string) =>
      readFixtureTree(join(appsFixtureDir, 'seed'), 'seed/')[path] as string;
    const fixed = await repo.commit(
      {
        'seed/base/broken.yaml': null,
        'seed/base/kustomization.yaml': readSeedFile('seed/base/kustomization.yaml'),
        'seed/base/service.yaml': readSeedFile('seed/base/service.yaml'),
        'seed/base/deployment.yaml': readSeedFile('seed/base/deployment.yaml').replace(
          '  replicas: 1\n',
          '',
        ),
        'seed/overlays/production/deployment-patch.yaml': readSeedFile(
          'seed/overlays/production/deployment-patch.yaml',
        ).replace('  replicas: 3\n', ''),
      },
      { message: 'replicas left to people (or an HPA)' },
    );
    await eventually(
      async () => {
        const current = await status();
        assert.equal(current?.sync?.status, 'Synced', JSON.stringify(current));
        assert.equal(current.sync.revision, fixed);
        assert.equal(current.operationState?.syncResult?.revision, fixed);
      },
      { timeoutMs: 30_000 },
    );
    const historyLength = (await status())?.history?.length;
    await mustKubectl(plane.kubeconfig, [
      'scale',
      'deployment',
      'prod-guestbook',
      '-n',
      TARGET,
      '--replicas=2',
    ]);
    // Two resyncs and any self-heal would have come and gone.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    assert.equal(((await deployment())?.['spec'] as { replicas: number }).replicas, 2);
    const current = await status();
    assert.equal(current?.sync?.status, 'Synced');
    assert.equal(current.history?.length, historyLength, 'no sync ran');
  });
});
