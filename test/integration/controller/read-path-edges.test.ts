/**
 * The read path's edges on a real control plane: ignoreDifferences, doubtful fields settled
 * by a server-side dry-run (both ways), refresh annotations, and a broken commit that keeps
 * the last known resources instead of marking them for pruning.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { ApplicationStatus } from '../../../src/api/index.js';
import type { KubeClient } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import {
  applicationManifest,
  connectTestKube,
  mustKubectl,
  readAppStatus,
  startControllerProcess,
  type ControllerProcess,
} from './support.js';

const APP_NS = 'capstan-system';
const TARGET_NS = 'edges';

const GIZMO_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.edges.capstan.dev}
spec:
  group: edges.capstan.dev
  scope: Namespaced
  names: {kind: Gizmo, plural: gizmos, singular: gizmo}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
              tags: {type: array, items: {type: string}}
`;

const TREE = {
  'edges/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: edge-config
  labels: {team: edges}
data: {mode: calm}
`,
  'edges/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: edge}
spec:
  replicas: 1
  selector: {matchLabels: {app: edge}}
  template:
    metadata: {labels: {app: edge}}
    spec:
      containers:
      - name: edge
        image: nginx:1.27
        env: [{name: MODE, value: calm}]
`,
  'edges/gizmo.yaml': `apiVersion: edges.capstan.dev/v1
kind: Gizmo
metadata: {name: widget}
spec: {size: 1, tags: [a, b]}
`,
};

function resourceOf(status: ApplicationStatus | undefined, kind: string) {
  return status?.resources?.find((resource) => resource.kind === kind);
}

describe('controller read path: edges', { timeout: 180_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let repo: TestRepo;
  let controller: ControllerProcess;
  let client: KubeClient;
  let firstCommit: string;
  const status = () => readAppStatus(client, APP_NS, 'edges');

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    repo = await server.createRepo('edges');
    firstCommit = await repo.commit(TREE, { message: 'edges' });
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', TARGET_NS]);
    await mustKubectl(plane.kubeconfig, ['apply', '-f', '-'], GIZMO_CRD);
    await mustKubectl(plane.kubeconfig, [
      'wait',
      '--for=condition=Established',
      'crd/gizmos.edges.capstan.dev',
    ]);
    const stamp = (yaml: string, kind: string, name: string, group = '') =>
      yaml
        .replace(
          /metadata:( \{name: [a-z-]+\}|\n {2}name: [a-z-]+)/u,
          `metadata:\n  name: ${name}\n  namespace: ${TARGET_NS}\n  labels: {app.kubernetes.io/managed-by: capstan${name === 'edge-config' ? ', team: edges' : ''}}\n  annotations: {capstan.dev/tracking-id: "${APP_NS}_edges:${group}/${kind}:${TARGET_NS}/${name}"}`,
        )
        .replace(/\n {2}labels: \{team: edges\}/u, '');
    const manifests = [
      stamp(TREE['edges/config.yaml'], 'ConfigMap', 'edge-config'),
      stamp(TREE['edges/deploy.yaml'], 'Deployment', 'edge', 'apps'),
      stamp(TREE['edges/gizmo.yaml'], 'Gizmo', 'widget', 'edges.capstan.dev'),
    ];
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '--validate=false', '-f', '-'],
      manifests.join('---\n'),
    );
    controller = await startControllerProcess(plane.kubeconfig, ['--log-level', 'debug']);
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: 'edges',
        repoURL: repo.url,
        path: 'edges',
        destinationNamespace: TARGET_NS,
        extraSpec: {
          ignoreDifferences: [
            { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
          ],
        },
      }),
    );
  });

  after(async () => {
    await controller.stop();
    await server.close();
    await plane.stop();
  });

  it('reports objects applied by kubectl as Synced, custom resources included', async () => {
    await eventually(
      async () => {
        const current = await status();
        assert.equal(current?.sync?.status, 'Synced', JSON.stringify(current?.resources));
        assert.equal(current.sync.revision, firstCommit);
        assert.equal(resourceOf(current, 'Gizmo')?.status, 'Synced');
      },
      { timeoutMs: 30_000 },
    );
  });

  it('keeps list items another writer added Synced (an injected env var)', async () => {
    const patch = JSON.stringify([
      {
        op: 'add',
        path: '/spec/template/spec/containers/0/env/-',
        value: { name: 'INJECTED', value: 'yes' },
      },
    ]);
    await mustKubectl(plane.kubeconfig, [
      'patch',
      'deployment',
      'edge',
      '-n',
      TARGET_NS,
      '--type',
      'json',
      '-p',
      patch,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const current = await status();
    assert.equal(resourceOf(current, 'Deployment')?.status, 'Synced');
    assert.equal(current?.sync?.status, 'Synced');
  });

  it('settles a doubtful custom resource list with a server-side dry-run', async () => {
    // Custom resource lists have no known merge semantics: the dry-run decides.
    await mustKubectl(plane.kubeconfig, [
      'patch',
      'gizmo',
      'widget',
      '-n',
      TARGET_NS,
      '--type',
      'merge',
      '-p',
      '{"spec":{"tags":["b","a"]}}',
    ]);
    await eventually(
      async () => {
        assert.equal(resourceOf(await status(), 'Gizmo')?.status, 'OutOfSync');
      },
      { timeoutMs: 2_000, intervalMs: 20 },
    );
    await eventually(() => {
      assert.match(
        readFileSync(controller.logFile, 'utf8'),
        /"dryRuns":[1-9]/u,
        'a dry-run settled it',
      );
    });
    await mustKubectl(plane.kubeconfig, [
      'patch',
      'gizmo',
      'widget',
      '-n',
      TARGET_NS,
      '--type',
      'merge',
      '-p',
      '{"spec":{"tags":["a","b"]}}',
    ]);
    await eventually(
      async () => {
        assert.equal((await status())?.sync?.status, 'Synced');
      },
      { timeoutMs: 2_000, intervalMs: 20 },
    );
  });

  it('honours ignoreDifferences: replicas changed live stay Synced', async () => {
    await mustKubectl(plane.kubeconfig, [
      'scale',
      'deployment',
      'edge',
      '-n',
      TARGET_NS,
      '--replicas=3',
    ]);
    await mustKubectl(plane.kubeconfig, [
      'annotate',
      'configmap',
      'edge-config',
      '-n',
      TARGET_NS,
      'touched=yes',
    ]);
    // The annotation is not in Git: no drift either, and the reconcile it caused has run.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const current = await status();
    assert.equal(resourceOf(current, 'Deployment')?.status, 'Synced');
    assert.equal(current?.sync?.status, 'Synced');
  });

  it('reports a label removed live as drift, and Synced again once it is back', async () => {
    await mustKubectl(plane.kubeconfig, [
      'label',
      'configmap',
      'edge-config',
      '-n',
      TARGET_NS,
      'team-',
    ]);
    await eventually(
      async () => {
        const current = await status();
        assert.equal(resourceOf(current, 'ConfigMap')?.status, 'OutOfSync');
      },
      { timeoutMs: 2_000, intervalMs: 20 },
    );
    await mustKubectl(plane.kubeconfig, [
      'label',
      'configmap',
      'edge-config',
      '-n',
      TARGET_NS,
      'team=edges',
    ]);
    await eventually(async () => assert.equal((await status())?.sync?.status, 'Synced'), {
      timeoutMs: 2_000,
      intervalMs: 20,
    });
  });

  it('picks up a new commit at once on a refresh annotation, then removes the annotation', async () => {
    const second = await repo.commit(
      { 'edges/config.yaml': TREE['edges/config.yaml'].replace('calm', 'busy') },
      { message: 'busy' },
    );
    await mustKubectl(plane.kubeconfig, [
      'annotate',
      'capp',
      'edges',
      '-n',
      APP_NS,
      'capstan.dev/refresh=normal',
    ]);
    await eventually(
      async () => {
        const current = await status();
        assert.equal(current?.sync?.revision, second);
        assert.equal(current.sync.status, 'OutOfSync');
        assert.equal(resourceOf(current, 'ConfigMap')?.status, 'OutOfSync');
      },
      { timeoutMs: 3_000, intervalMs: 20 },
    );
    await eventually(
      async () => {
        const annotations = await mustKubectl(plane.kubeconfig, [
          'get',
          'capp',
          'edges',
          '-n',
          APP_NS,
          '-o',
          'jsonpath={.metadata.annotations}',
        ]);
        assert.doesNotMatch(annotations, /capstan\.dev\/refresh/u);
      },
      { timeoutMs: 3_000 },
    );
  });

  it('keeps the last known resources after a broken commit, marks nothing for pruning', async () => {
    const before = await status();
    const broken = await repo.commit(
      { 'edges/broken.yaml': 'kind: [unclosed\n' },
      { message: 'broken' },
    );
    await mustKubectl(plane.kubeconfig, [
      'annotate',
      'capp',
      'edges',
      '-n',
      APP_NS,
      'capstan.dev/refresh=hard',
    ]);
    const current = await eventually(
      async () => {
        const now = await status();
        const condition = now?.conditions?.find((c) => c.type === 'ComparisonError');
        assert.ok(condition, JSON.stringify(now?.conditions));
        assert.match(condition.message, /broken\.yaml/u);
        return now;
      },
      { timeoutMs: 5_000 },
    );
    assert.notEqual(current?.sync?.revision, broken);
    assert.equal(current?.sync?.status, 'Unknown');
    assert.deepEqual(current.resources, before?.resources);
    assert.ok(!current.resources?.some((resource) => resource.requiresPruning));
    await repo.commit({ 'edges/broken.yaml': null }, { message: 'fixed' });
    await mustKubectl(plane.kubeconfig, [
      'annotate',
      'capp',
      'edges',
      '-n',
      APP_NS,
      'capstan.dev/refresh=normal',
    ]);
    await eventually(
      async () => {
        const now = await status();
        assert.equal(
          now?.conditions?.find((c) => c.type === 'ComparisonError'),
          undefined,
        );
      },
      { timeoutMs: 5_000 },
    );
    assert.ok(controller.isAlive());
  });
});
