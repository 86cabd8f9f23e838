/**
 * Issue 6's read path end to end on a real control plane with workloads and Git over HTTP:
 * an app of 15+ kinds applied with kubectl from the same render is Synced with zero false
 * drift; a live edit is reported within a second; a new commit within one poll; bad input
 * becomes a condition while other apps keep working.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApplicationStatus } from '../../../src/api/index.js';
import type { KubeClient } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import { kubectl, runCommand } from '../../helpers/kubectl.js';
import {
  appsFixtureDir,
  applicationManifest,
  capstanBin,
  connectTestKube,
  mustKubectl,
  readAppStatus,
  readFixtureTree,
  startControllerProcess,
  type ControllerProcess,
} from './support.js';

const APP_NS = 'capstan-system';
const APP_PATH = 'apps/fifteen-kinds';
const RESYNC_SECONDS = 2;

const isAllSynced = (status: ApplicationStatus | undefined, revision: string): boolean =>
  status?.sync?.status === 'Synced' &&
  status.sync.revision === revision &&
  (status.resources ?? []).length > 0 &&
  (status.resources ?? []).every((resource) => resource.status === 'Synced');

function conditionOf(status: ApplicationStatus | undefined, type: string) {
  return status?.conditions?.find((condition) => condition.type === type);
}

/** Polls status every 20 ms so a one-second bound is measured, not kubectl's start-up. */
async function timeUntil(
  client: KubeClient,
  name: string,
  predicate: (status: ApplicationStatus | undefined) => boolean,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    const status = await readAppStatus(client, APP_NS, name);
    if (predicate(status)) return performance.now() - started;
    if (performance.now() - started > timeoutMs)
      assert.fail(
        `app ${name}: condition not reached in ${String(timeoutMs)} ms: ${JSON.stringify(status?.sync)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('controller read path', { timeout: 240_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let repo: TestRepo;
  let firstCommit: string;
  let controller: ControllerProcess;
  let client: KubeClient;

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    repo = await server.createRepo('fifteen');
    firstCommit = await repo.commit(
      readFixtureTree(join(appsFixtureDir, 'fifteen-kinds'), `${APP_PATH}/`),
      { message: 'fifteen kinds' },
    );
    const rendered = await runCommand(process.execPath, [
      capstanBin,
      'render',
      '--repo',
      repo.url,
      '--path',
      APP_PATH,
      '--app',
      `${APP_NS}/fifteen`,
      '--repo-cache-dir',
      join(server.rootDir, 'render-cache'),
    ]);
    assert.equal(rendered.code, 0, rendered.stderr);
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
    // A custom resource needs its CRD Established: apply, wait, apply again (as a user would).
    await kubectl(plane.kubeconfig, ['apply', '-f', '-'], rendered.stdout);
    await mustKubectl(plane.kubeconfig, [
      'wait',
      '--for=condition=Established',
      'crd',
      '--all',
      '--timeout=30s',
    ]);
    await mustKubectl(plane.kubeconfig, ['apply', '-f', '-'], rendered.stdout);
    controller = await startControllerProcess(plane.kubeconfig, [
      '--resync',
      `${String(RESYNC_SECONDS)}s`,
    ]);
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: 'fifteen',
        repoURL: repo.url,
        path: APP_PATH,
        destinationNamespace: 'fifteen',
      }),
    );
  });

  after(async () => {
    await controller.stop();
    await server.close();
    await plane.stop();
  });

  it('reports Synced at the commit, with every resource Synced and workloads Healthy', async () => {
    const status = await eventually(
      async () => {
        const current = await readAppStatus(client, APP_NS, 'fifteen');
        assert.ok(
          isAllSynced(current, firstCommit),
          JSON.stringify(current?.resources?.filter((r) => r.status !== 'Synced')),
        );
        assert.ok(current);
        return current;
      },
      { timeoutMs: 60_000 },
    );
    const kinds = new Set(status.resources?.map((resource) => resource.kind));
    for (const kind of [
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'Service',
      'Ingress',
      'ConfigMap',
      'Secret',
      'PersistentVolumeClaim',
      'Job',
      'CronJob',
      'HorizontalPodAutoscaler',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'NetworkPolicy',
      'CustomResourceDefinition',
    ])
      assert.ok(kinds.has(kind), `status.resources lacks a ${kind}`);
    assert.equal(status.sync?.shortRevision, firstCommit.slice(0, 7));
    assert.ok(status.summary?.images?.includes('nginx:1.27'), JSON.stringify(status.summary));
    await eventually(
      async () => {
        const current = await readAppStatus(client, APP_NS, 'fifteen');
        for (const kind of [
          'Deployment',
          'StatefulSet',
          'DaemonSet',
          'Job',
          'PersistentVolumeClaim',
        ])
          for (const resource of current?.resources?.filter((r) => r.kind === kind) ?? [])
            assert.equal(
              resource.health?.status,
              'Healthy',
              `${kind}/${resource.name ?? ''}: ${JSON.stringify(resource.health)}`,
            );
      },
      { timeoutMs: 60_000 },
    );
  });

  it('exposes the app and its reconciles on /metrics, and is ready', async () => {
    const base = `http://127.0.0.1:${String(controller.metricsPort)}`;
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.match(text, /capstan_app_info\{[^}]*name="fifteen"[^}]*sync_status="Synced"[^}]*\} 1/u);
    const count = /capstan_app_reconcile_count\{[^}]*namespace="capstan-system"[^}]*\} (\d+)/u.exec(
      text,
    );
    assert.ok(count && Number(count[1]) > 0, 'reconciles observed');
    assert.match(text, /capstan_app_k8s_request_total\{verb="Watch",resource_kind="Deployment"/u);
    assert.match(text, /capstan_render_duration_seconds_count\{source_type="Kustomize"\} [1-9]/u);
    assert.match(text, /capstan_git_request_total\{[^}]*request_type="fetch"[^}]*\} [1-9]/u);
  });

  it('never reports drift across resyncs while the HPA changes replicas', async () => {
    const replicas = async (): Promise<number> =>
      Number(
        await mustKubectl(plane.kubeconfig, [
          'get',
          'deployment',
          'web',
          '-n',
          'fifteen',
          '-o',
          'jsonpath={.spec.replicas}',
        ]),
      );
    await eventually(
      async () => assert.equal(await replicas(), 2, 'the HPA scales web to its minReplicas'),
      { timeoutMs: 60_000 },
    );
    const deadline = performance.now() + RESYNC_SECONDS * 3 * 1000 + 1000;
    let samples = 0;
    while (performance.now() < deadline) {
      const status = await readAppStatus(client, APP_NS, 'fifteen');
      const drifted = status?.resources?.filter((resource) => resource.status !== 'Synced') ?? [];
      assert.deepEqual(drifted, [], 'false drift reported');
      assert.equal(status?.sync?.status, 'Synced');
      samples += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(samples > 20);
  });

  it('reports a live edit as OutOfSync naming the resource within one second', async () => {
    const patch = JSON.stringify({
      spec: {
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
          { name: 'metrics', port: 9999, targetPort: 9090, protocol: 'TCP' },
        ],
      },
    });
    await mustKubectl(plane.kubeconfig, [
      'patch',
      'service',
      'web',
      '-n',
      'fifteen',
      '--type',
      'merge',
      '-p',
      patch,
    ]);
    const elapsed = await timeUntil(
      client,
      'fifteen',
      (status) =>
        status?.sync?.status === 'OutOfSync' &&
        (status.resources ?? []).some(
          (r) => r.kind === 'Service' && r.name === 'web' && r.status === 'OutOfSync',
        ) &&
        (status.resources ?? []).filter((r) => r.status === 'OutOfSync').length === 1,
      5_000,
    );
    assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
  });

  it('reports a new commit as OutOfSync at the new revision within one poll', async () => {
    const second = await repo.commit(
      { [`${APP_PATH}/config/app.properties`]: 'greeting=hello from the second commit\n' },
      { message: 'change the config' },
    );
    const elapsed = await timeUntil(
      client,
      'fifteen',
      (status) => status?.sync?.revision === second && status.sync.status === 'OutOfSync',
      (RESYNC_SECONDS * 1.1 + 3) * 1000,
    );
    const status = await readAppStatus(client, APP_NS, 'fifteen');
    // A generated ConfigMap gets a new name: the new one is missing, the old one is extraneous.
    assert.ok(
      status?.resources?.some(
        (r) =>
          r.kind === 'ConfigMap' && r.name?.startsWith('web-config-') && r.status === 'OutOfSync',
      ),
      JSON.stringify(status?.resources?.filter((r) => r.status !== 'Synced')),
    );
    assert.ok(elapsed < (RESYNC_SECONDS * 1.1 + 3) * 1000);
  });

  it('turns bad input into conditions, keeps running and keeps serving other apps', async () => {
    await repo.commit(
      { [`${APP_PATH}/kustomization.yaml`]: 'resources:\n  - no-such-file.yaml\n' },
      { branch: 'broken', message: 'break the kustomization' },
    );
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'capstan.dev/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'restricted', namespace: APP_NS },
        spec: {
          sourceRepos: ['*'],
          destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'allowed-*' }],
        },
      }),
    );
    const base = { repoURL: repo.url, path: APP_PATH, destinationNamespace: 'elsewhere' };
    const apps = [
      applicationManifest({
        ...base,
        name: 'bad-spec',
        extraSpec: { source: { repoURL: repo.url, path: APP_PATH, helm: { releaseName: 'x' } } },
      }),
      applicationManifest({ ...base, name: 'bad-revision', targetRevision: 'no-such-branch' }),
      applicationManifest({ ...base, name: 'bad-kustomization', targetRevision: 'broken' }),
      applicationManifest({ ...base, name: 'bad-destination', project: 'restricted' }),
    ];
    await mustKubectl(plane.kubeconfig, ['apply', '-f', '-'], apps.join('\n'));
    const expectations: [string, string, RegExp][] = [
      ['bad-spec', 'InvalidSpecError', /spec\.source\.helm/u],
      ['bad-revision', 'ComparisonError', /no-such-branch/u],
      ['bad-kustomization', 'ComparisonError', /no-such-file\.yaml/u],
      ['bad-destination', 'InvalidSpecError', /elsewhere.*restricted|restricted.*elsewhere/u],
    ];
    for (const [name, type, message] of expectations) {
      await eventually(
        async () => {
          const condition = conditionOf(await readAppStatus(client, APP_NS, name), type);
          assert.ok(condition, `${name}: no ${type} condition`);
          assert.match(condition.message, message);
          assert.ok(condition.reason, `${name}: condition without a reason`);
        },
        { timeoutMs: 20_000 },
      );
    }
    assert.ok(controller.isAlive(), 'the controller crashed');
    const events = await mustKubectl(plane.kubeconfig, [
      'get',
      'events',
      '-n',
      APP_NS,
      '--field-selector',
      'involvedObject.name=bad-revision',
      '-o',
      'json',
    ]);
    assert.match(events, /ComparisonError/u);
    // The healthy app still reacts at once.
    const patch = JSON.stringify({
      metadata: { labels: { tier: 'edited' } },
      spec: { template: { spec: { containers: [{ name: 'agent', image: 'busybox:edited' }] } } },
    });
    await mustKubectl(plane.kubeconfig, [
      'patch',
      'daemonset',
      'agent',
      '-n',
      'fifteen',
      '--type',
      'strategic',
      '-p',
      patch,
    ]);
    const elapsed = await timeUntil(
      client,
      'fifteen',
      (status) =>
        (status?.resources ?? []).some((r) => r.kind === 'DaemonSet' && r.status === 'OutOfSync'),
      5_000,
    );
    assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
  });
});
