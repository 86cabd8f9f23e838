/**
 * deploy/'s RBAC is what the controller really runs with: the manifests of
 * deploy/overlays/example (minus the Deployment, the dev cluster has no image) are applied to
 * the dev cluster, the controller process runs with a TokenRequest token of the capstan
 * ServiceAccount, and an automated app syncs into a namespace the overlay grants — while an
 * app aimed at a namespace it does not grant fails naming the forbidden verb, resource and
 * namespace, writes nothing there, and leaves the controller running.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { ApplicationStatus } from '../../../src/api/index.js';
import { getObject, type KubeClient } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { kubectl } from '../../helpers/kubectl.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import {
  applicationManifest,
  connectTestKube,
  mustKubectl,
  readAppStatus,
  startControllerProcess,
  type ControllerProcess,
} from '../controller/support.js';

const FIXTURE = fileURLToPath(new URL('../../../../test/fixtures/deploy/rbac', import.meta.url));
const APP_NS = 'capstan-system';
const COVERED = 'guestbook-dev';
const UNCOVERED = 'rbac-outside';
const SERVICE_ACCOUNT = `system:serviceaccount:${APP_NS}:capstan`;

const APP_FILES = {
  'app/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  greeting: hello
`,
  'app/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.25
          envFrom:
            - configMapRef:
                name: web-config
`,
  'app/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`,
};

/** A kubeconfig for the API server of `adminKubeconfig` that authenticates with `token`. */
async function writeTokenKubeconfig(adminKubeconfig: string, token: string): Promise<string> {
  const view = JSON.parse(
    await mustKubectl(adminKubeconfig, ['config', 'view', '--raw', '--minify', '-o', 'json']),
  ) as { clusters: { cluster: { server: string; 'certificate-authority-data': string } }[] };
  const cluster = view.clusters[0]?.cluster;
  assert.ok(cluster, 'admin kubeconfig has no cluster');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'dev', cluster }],
    users: [{ name: 'capstan', user: { token } }],
    contexts: [{ name: 'capstan', context: { cluster: 'dev', user: 'capstan' } }],
    'current-context': 'capstan',
  };
  const path = join(mkdtempSync(join(tmpdir(), 'capstan-sa-')), 'kubeconfig');
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}

function automatedApp(name: string, repoURL: string, destinationNamespace: string): string {
  return applicationManifest({
    name,
    repoURL,
    path: 'app',
    destinationNamespace,
    extraSpec: { syncPolicy: { automated: { prune: true, selfHeal: true } } },
  });
}

describe('deploy/ RBAC with a ServiceAccount token', { timeout: 240_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let repo: TestRepo;
  let controller: ControllerProcess | undefined;
  let admin: KubeClient;
  let saKubeconfig: string;
  const status = (name: string): Promise<ApplicationStatus | undefined> =>
    readAppStatus(admin, APP_NS, name);

  before(async () => {
    plane = await useControlPlane();
    admin = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    repo = await server.createRepo('rbac');
    await repo.commit(APP_FILES, { message: 'web' });
    await mustKubectl(plane.kubeconfig, ['apply', '-k', FIXTURE]);
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', UNCOVERED]);
    const token = await mustKubectl(plane.kubeconfig, [
      'create',
      'token',
      'capstan',
      '-n',
      APP_NS,
      '--duration',
      '1h',
    ]);
    saKubeconfig = await writeTokenKubeconfig(plane.kubeconfig, token.trim());
    controller = await startControllerProcess(saKubeconfig, ['--resync', '5s', '--leader-elect']);
    const apps = [
      automatedApp('covered', repo.url, COVERED),
      automatedApp('uncovered', repo.url, UNCOVERED),
    ];
    await mustKubectl(plane.kubeconfig, ['apply', '-f', '-'], apps.join('\n'));
  });

  after(async () => {
    // The control plane last and always: a process left running keeps the test file alive.
    try {
      await controller?.stop();
      await server.close();
    } finally {
      await plane.stop();
    }
  });

  it('passes a server-side dry run of the whole example overlay, Deployment included', async () => {
    const out = await mustKubectl(plane.kubeconfig, [
      'apply',
      '--dry-run=server',
      '-k',
      fileURLToPath(new URL('../../../../deploy/overlays/example', import.meta.url)),
    ]);
    assert.match(
      out,
      /deployment\.apps\/capstan-controller (?:created|configured) \(server dry run\)/u,
    );
  });

  it('runs as the ServiceAccount, which may not write outside what the overlay grants', async () => {
    const whoami = await mustKubectl(saKubeconfig, [
      'auth',
      'whoami',
      '-o',
      'jsonpath={.status.userInfo.username}',
    ]);
    assert.equal(whoami, SERVICE_ACCOUNT);
    // `kubectl auth can-i` prints yes or no (and exits 1 for no).
    const can = async (args: string[]): Promise<string> =>
      (
        await kubectl(plane.kubeconfig, ['auth', 'can-i', '--as', SERVICE_ACCOUNT, ...args])
      ).stdout.trim();
    assert.equal(await can(['list', 'secrets', '-A']), 'yes');
    assert.equal(await can(['patch', 'deployments', '-n', COVERED]), 'yes');
    assert.equal(await can(['patch', 'deployments', '-n', UNCOVERED]), 'no');
    assert.equal(await can(['create', 'namespaces']), 'no');
    assert.equal(await can(['patch', 'applications/status', '-n', APP_NS]), 'yes');
    assert.equal(await can(['delete', 'applications', '-n', APP_NS]), 'no');
  });

  it('syncs an automated app into a granted namespace: Synced and Healthy', async () => {
    await eventually(
      async () => {
        const current = await status('covered');
        assert.equal(current?.sync?.status, 'Synced', JSON.stringify(current?.operationState));
        assert.equal(current.health?.status, 'Healthy', JSON.stringify(current.health));
        assert.equal(current.operationState?.phase, 'Succeeded');
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    // Event write failures are not logged (recordEvent never throws), so look for them.
    await eventually(async () => {
      const reasons = await mustKubectl(plane.kubeconfig, [
        'get',
        'events',
        '-n',
        APP_NS,
        '--field-selector',
        'involvedObject.name=covered',
        '-o',
        'jsonpath={.items[*].reason}',
      ]);
      assert.match(reasons, /\bOperationCompleted\b/u);
    });
    // It synced as the leader: the Role's Lease rights (create, update by name) suffice.
    const lease = await getObject(admin, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: APP_NS,
      name: 'capstan-controller',
    });
    assert.notEqual(
      (lease?.['spec'] as { holderIdentity?: string } | undefined)?.holderIdentity ?? '',
      '',
    );
    for (const [apiVersion, kind] of [
      ['v1', 'ConfigMap'],
      ['apps/v1', 'Deployment'],
      ['v1', 'Service'],
    ] as const) {
      const name = kind === 'ConfigMap' ? 'web-config' : 'web';
      const live = await getObject(admin, { apiVersion, kind, namespace: COVERED, name });
      assert.ok(live, `${kind}/${name} missing in ${COVERED}`);
    }
  });

  it('fails a sync into a namespace it was not granted, naming verb, resource and namespace', async () => {
    const current = await eventually(
      async () => {
        const state = await status('uncovered');
        assert.equal(state?.operationState?.phase, 'Failed', JSON.stringify(state?.operationState));
        return state;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const forbidden = new RegExp(
      `${SERVICE_ACCOUNT}" cannot \\w+ resource "\\w+".* in the namespace "${UNCOVERED}"`,
      'u',
    );
    assert.match(current.operationState?.message ?? '', forbidden);
    const syncError = current.conditions?.find((c) => c.type === 'SyncError');
    assert.ok(syncError, `no SyncError condition: ${JSON.stringify(current.conditions)}`);
    assert.match(syncError.message, forbidden);
    for (const [apiVersion, kind, name] of [
      ['v1', 'ConfigMap', 'web-config'],
      ['apps/v1', 'Deployment', 'web'],
      ['v1', 'Service', 'web'],
    ] as const) {
      const live = await getObject(admin, { apiVersion, kind, namespace: UNCOVERED, name });
      assert.equal(live, undefined, `${kind}/${name} was written into ${UNCOVERED}`);
    }
  });

  it('is refused nothing else: every forbidden request names the ungranted namespace', async () => {
    // Another reconcile of both apps after the failure, so late requests show up too.
    await mustKubectl(plane.kubeconfig, [
      'annotate',
      'capp',
      'covered',
      'uncovered',
      '-n',
      APP_NS,
      'capstan.dev/refresh=normal',
    ]);
    await eventually(async () => {
      const app = await getObject(admin, {
        apiVersion: 'capstan.dev/v1alpha1',
        kind: 'Application',
        namespace: APP_NS,
        name: 'covered',
      });
      const annotations = (app?.metadata['annotations'] ?? {}) as Record<string, string>;
      assert.equal(annotations['capstan.dev/refresh'], undefined, 'refresh annotation not cleared');
    });
    assert.ok(controller?.isAlive() === true, 'the controller exited');
    const forbiddenLines = readFileSync(controller.logFile, 'utf8')
      .split('\n')
      .filter((line) => /forbidden/iu.test(line));
    const elsewhere = forbiddenLines.filter(
      (line) => !line.includes(`in the namespace \\"${UNCOVERED}\\"`),
    );
    assert.ok(forbiddenLines.length > elsewhere.length, 'the refused sync was not logged');
    assert.deepEqual(elsewhere, []);
  });

  it('deletes a granted app with its finalizer: objects gone, finalizer removed', async () => {
    await mustKubectl(plane.kubeconfig, [
      'patch',
      'capp',
      'covered',
      '-n',
      APP_NS,
      '--type',
      'merge',
      '-p',
      '{"metadata":{"finalizers":["resources-finalizer.capstan.dev"]}}',
    ]);
    await mustKubectl(plane.kubeconfig, [
      'delete',
      'capp',
      'covered',
      '-n',
      APP_NS,
      '--wait=false',
    ]);
    await eventually(
      async () => {
        const app = await getObject(admin, {
          apiVersion: 'capstan.dev/v1alpha1',
          kind: 'Application',
          namespace: APP_NS,
          name: 'covered',
        });
        assert.equal(app, undefined, 'Application still present');
        const cm = await getObject(admin, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: COVERED,
          name: 'web-config',
        });
        assert.equal(cm, undefined, 'ConfigMap not deleted');
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    assert.ok(controller?.isAlive() === true, 'the controller exited');
  });
});
