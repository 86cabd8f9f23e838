/**
 * Crash safety of the write path: the controller is killed with SIGKILL while a three-wave sync
 * waits on wave 1 (a Deployment whose pods select a node label the kwok node lacks). The
 * operation must be persisted as Running; after a restart it is resumed and converges with
 * nothing applied twice or lost — same uids, generation 1, one ReplicaSet, one history entry,
 * one OperationCompleted Event — and, when a new commit landed meanwhile, ends at that commit.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApplicationStatus } from '../../../src/api/index.js';
import { getObject, type KubeClient, type ManifestObject } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import {
  startGitServer,
  type FileChanges,
  type GitServer,
  type TestRepo,
} from '../../helpers/git-server/index.js';
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
const NODE = 'kwok-node-0';
const CONTROLLER_ARGS = ['--resync', '2s'];

type Kind = 'ConfigMap' | 'ServiceAccount' | 'Deployment' | 'Service';
const API_VERSIONS: Record<Kind, string> = {
  ConfigMap: 'v1',
  ServiceAccount: 'v1',
  Deployment: 'apps/v1',
  Service: 'v1',
};
const BEFORE_GATE: readonly (readonly [Kind, string])[] = [
  ['ConfigMap', 'settings'],
  ['ServiceAccount', 'runner'],
  ['Deployment', 'gated'],
];
const AFTER_GATE: readonly (readonly [Kind, string])[] = [
  ['Service', 'gated'],
  ['ConfigMap', 'after-gate'],
];

/** One app of its own: repo, target namespace and node-label gate, so cases do not interfere. */
interface CrashCase {
  readonly app: string;
  readonly namespace: string;
  readonly gateKey: string;
  readonly repo: TestRepo;
  readonly firstCommit: string;
}

/** What was observed just before the kill. */
interface MidSync {
  readonly startedAt: string;
  readonly uids: ReadonlyMap<string, string>;
}

describe('sync loop: kill -9 during a three-wave sync', { timeout: 120_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let controller: ControllerProcess;
  let client: KubeClient;
  let one: CrashCase;

  const status = (c: CrashCase): Promise<ApplicationStatus | undefined> =>
    readAppStatus(client, APP_NS, c.app);
  const live = (c: CrashCase, kind: Kind, name: string): Promise<ManifestObject | undefined> =>
    getObject(client, { apiVersion: API_VERSIONS[kind], kind, namespace: c.namespace, name });

  /** The fixture with this case's gate key, so opening one case's gate leaves the other closed. */
  function fixtureTree(gateKey: string, edits: Record<string, string> = {}): FileChanges {
    const files: Record<string, string> = {};
    const tree = readFixtureTree(join(appsFixtureDir, 'crash-resume'), 'app/');
    for (const [path, content] of Object.entries(tree)) {
      assert.equal(typeof content, 'string', path);
      let text = (content as string).replaceAll('capstan-test/gate:', `${gateKey}:`);
      for (const [from, to] of Object.entries(edits)) text = text.replaceAll(from, to);
      files[path] = text;
    }
    return files;
  }

  async function createCase(name: string): Promise<CrashCase> {
    const repo = await server.createRepo(`crash-${name}`);
    const gateKey = `capstan-test/gate-${name}`;
    const firstCommit = await repo.commit(fixtureTree(gateKey), { message: 'three waves' });
    const namespace = `crash-${name}`;
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', namespace]);
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: `crash-${name}`,
        repoURL: repo.url,
        path: 'app',
        destinationNamespace: namespace,
        extraSpec: { syncPolicy: { automated: { prune: true } } },
      }),
    );
    return { app: `crash-${name}`, namespace, gateKey, repo, firstCommit };
  }

  /** Waits until the sync is Running and blocked on wave 1, then records uids and startedAt. */
  async function awaitBlockedOnWaveOne(c: CrashCase): Promise<MidSync> {
    return eventually(
      async () => {
        const current = await status(c);
        assert.equal(
          current?.operationState?.phase,
          'Running',
          JSON.stringify(current?.operationState),
        );
        const startedAt = current.operationState.startedAt;
        assert.ok(startedAt, 'a Running operation has a startedAt');
        // Progress is persisted while the wave waits, not only "syncing" until the end.
        assert.match(current.operationState.message ?? '', /waiting for Deployment\/gated/);
        assert.ok(
          current.operationState.syncResult?.resources?.some(
            (resource) => resource.kind === 'ConfigMap' && resource.name === 'settings',
          ),
          'the results so far list the wave-0 ConfigMap',
        );
        const uids = new Map<string, string>();
        for (const [kind, name] of BEFORE_GATE) {
          const object = await live(c, kind, name);
          assert.ok(object, `${kind} ${name} applied before the gate`);
          uids.set(`${kind}/${name}`, String(object.metadata['uid']));
        }
        for (const [kind, name] of AFTER_GATE)
          assert.equal(await live(c, kind, name), undefined, `${kind} ${name} waits for wave 1`);
        return { startedAt, uids };
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }

  /** SIGKILL, then the API server must still say Running: the state was persisted, not lost. */
  async function crashController(c: CrashCase, mid: MidSync): Promise<void> {
    await controller.kill('SIGKILL');
    assert.ok(!controller.isAlive());
    const persisted = await status(c);
    assert.equal(persisted?.operationState?.phase, 'Running');
    assert.equal(persisted.operationState.startedAt, mid.startedAt);
    assert.equal(persisted.operationState.finishedAt, undefined);
    for (const [kind, name] of AFTER_GATE)
      assert.equal(await live(c, kind, name), undefined, `${kind} ${name} not applied yet`);
  }

  async function openGate(c: CrashCase): Promise<void> {
    await mustKubectl(plane.kubeconfig, ['label', 'node', NODE, `${c.gateKey}=open`]);
  }

  async function countCompletedEvents(c: CrashCase): Promise<number> {
    const out = await mustKubectl(plane.kubeconfig, [
      'get',
      'events',
      '-n',
      APP_NS,
      '--field-selector',
      `involvedObject.name=${c.app},reason=OperationCompleted`,
      '-o',
      'json',
    ]);
    const items = (JSON.parse(out) as { items: { count?: number }[] }).items;
    return items.reduce((sum, item) => sum + (item.count ?? 1), 0);
  }

  async function countReplicaSets(c: CrashCase): Promise<number> {
    const out = await mustKubectl(plane.kubeconfig, ['get', 'rs', '-n', c.namespace, '-o', 'json']);
    return (JSON.parse(out) as { items: unknown[] }).items.length;
  }

  /** Waits for Synced, Healthy and a Succeeded operation at `revision`; returns that status. */
  async function awaitConverged(c: CrashCase, revision: string): Promise<ApplicationStatus> {
    return eventually(
      async () => {
        const current = await status(c);
        assert.ok(current, 'the app has a status');
        const state = current.operationState;
        assert.equal(state?.phase, 'Succeeded', JSON.stringify(state));
        assert.ok(state.finishedAt, 'finishedAt is set');
        assert.equal(state.syncResult?.revision, revision);
        assert.equal(current.sync?.status, 'Synced');
        assert.equal(current.sync.revision, revision);
        assert.equal(current.health?.status, 'Healthy');
        return current;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  }

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
    controller = await startControllerProcess(plane.kubeconfig, CONTROLLER_ARGS);
  });

  after(async () => {
    await controller.stop();
    await server.close();
    // The control plane is this file's own (one per test process), so the node labels go with it.
    await plane.stop();
  });

  it('resumes the persisted Running operation and converges without duplicates', async () => {
    one = await createCase('one');
    const mid = await awaitBlockedOnWaveOne(one);
    await crashController(one, mid);
    await openGate(one);
    controller = await startControllerProcess(plane.kubeconfig, CONTROLLER_ARGS);

    const done = await awaitConverged(one, one.firstCommit);
    assert.equal(done.operationState?.startedAt, mid.startedAt, 'the original operation resumed');
    assert.deepEqual(
      done.history?.map((entry) => [entry.id, entry.revision]),
      [[0, one.firstCommit]],
    );
    const resources = done.operationState.syncResult?.resources;
    const results = (resources ?? []).map(
      (result) => `${String(result.kind)}/${String(result.name)}`,
    );
    assert.equal(new Set(results).size, results.length, `one result each: ${results.join(', ')}`);
    for (const [kind, name] of [...BEFORE_GATE, ...AFTER_GATE])
      assert.ok(results.includes(`${kind}/${name}`), `${kind}/${name} in ${results.join(', ')}`);

    for (const [kind, name] of AFTER_GATE)
      assert.ok(await live(one, kind, name), `${kind} ${name} applied after the restart`);
    for (const [kind, name] of BEFORE_GATE) {
      const object = await live(one, kind, name);
      assert.equal(object?.metadata['uid'], mid.uids.get(`${kind}/${name}`), `${kind} ${name}`);
    }
    const deployment = await live(one, 'Deployment', 'gated');
    assert.equal(deployment?.metadata['generation'], 1, 'the Deployment was not changed');
    assert.equal(await countReplicaSets(one), 1);
    assert.equal(await countCompletedEvents(one), 1);

    // A few resync periods later nothing has started again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const later = await status(one);
    assert.equal(later?.operationState?.startedAt, mid.startedAt);
    assert.equal(later.operationState.phase, 'Succeeded');
    assert.equal(later.history?.length, 1);
  });

  it('ends at a commit pushed while the controller was dead, never stuck Running', async () => {
    const two = await createCase('two');
    const mid = await awaitBlockedOnWaveOne(two);
    await crashController(two, mid);
    const secondCommit = await two.repo.commit(
      fixtureTree(two.gateKey, { 'mode: first': 'mode: second' }),
      { message: 'second mode' },
    );
    await openGate(two);
    controller = await startControllerProcess(plane.kubeconfig, CONTROLLER_ARGS);

    const done = await awaitConverged(two, secondCommit);
    for (const name of ['settings', 'after-gate']) {
      const configMap = await live(two, 'ConfigMap', name);
      assert.equal((configMap?.['data'] as Record<string, string>)['mode'], 'second', name);
    }
    for (const [kind, name] of BEFORE_GATE) {
      const object = await live(two, kind, name);
      assert.equal(object?.metadata['uid'], mid.uids.get(`${kind}/${name}`), `${kind} ${name}`);
    }
    const history = done.history ?? [];
    assert.equal(history.at(-1)?.revision, secondCommit);
    const revisions = history.map((entry) => entry.revision);
    assert.equal(new Set(revisions).size, revisions.length, `no repeats: ${revisions.join(', ')}`);
    assert.ok(revisions.every((revision) => [two.firstCommit, secondCommit].includes(revision)));

    // The app converged before this restart is left alone by it.
    const first = await status(one);
    assert.equal(first?.operationState?.phase, 'Succeeded');
    assert.equal(first.history?.length, 1);
    assert.equal(await countCompletedEvents(one), 1);
  });
});
