/**
 * Waves and hooks through the controller process: a PreSync migration Job runs to completion
 * before the Deployment is created and waves order the rest; a failing PostSync hook fails
 * the sync and runs the SyncFail hook; delete policies (HookSucceeded, HookFailed,
 * BeforeHookCreation) are honoured. Write order is read from watch events: etcd revisions
 * are one counter for the whole store, so resourceVersions order writes across kinds.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApplicationStatus, SyncOperation } from '../../../src/api/index.js';
import { assessHealth } from '../../../src/health/index.js';
import { getObject, type KubeClient } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import {
  appsFixtureDir,
  applicationManifest,
  connectTestKube,
  mustKubectl,
  readFixtureTree,
  requestOperation,
  startControllerProcess,
  type ControllerProcess,
} from '../controller/support.js';
import {
  assertHooksNotCounted,
  describeResults,
  isJobComplete,
  recordWrites,
  revisionOf,
  uidOf,
} from './hooks-support.js';

const APP_NS = 'capstan-system';
const WAVES_NS = 'hooks-waves';
const POSTSYNC_NS = 'hooks-postsync';
const RERUN_NS = 'hooks-rerun';

describe('sync loop: waves and hooks through the controller', { timeout: 120_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let repo: TestRepo;
  let controller: ControllerProcess;
  let client: KubeClient;
  const stops: (() => void)[] = [];

  const readApp = async (name: string) => {
    const app = await getObject(client, {
      apiVersion: 'capstan.dev/v1alpha1',
      kind: 'Application',
      namespace: APP_NS,
      name,
    });
    assert.ok(app, `Application ${name} exists`);
    return {
      generation: (app.metadata as { generation?: number }).generation,
      status: (app['status'] ?? {}) as ApplicationStatus,
    };
  };
  const readJob = (namespace: string, name: string) =>
    getObject(client, { apiVersion: 'batch/v1', kind: 'Job', namespace, name });

  /** CONVENTIONS.md's invariants after a reconcile. */
  const checkInvariants = async (name: string): Promise<ApplicationStatus> => {
    const { generation, status } = await readApp(name);
    assert.equal(status.observedGeneration, generation, 'observedGeneration is current');
    assert.ok(status.sync?.status, 'sync status set');
    assert.ok(status.health?.status, 'health set');
    for (const condition of status.conditions ?? [])
      if (condition.type.endsWith('Error'))
        assert.ok(condition.reason, `${condition.type} has a reason`);
    return status;
  };

  const createApp = async (name: string, path: string, namespace: string): Promise<void> => {
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({ name, repoURL: repo.url, path, destinationNamespace: namespace }),
    );
    await eventually(async () =>
      assert.equal((await readApp(name)).status.sync?.status, 'OutOfSync'),
    );
  };

  /** A manual sync through the operation field; `by` keeps two requests distinct. */
  const requestSync = (name: string, by: string, sync: SyncOperation = {}) =>
    requestOperation(plane.kubeconfig, name, { sync, initiatedBy: { username: by } });

  /** The finished operationState of the sync `by` asked for. */
  const awaitSync = (name: string, by: string) =>
    eventually(
      async () => {
        const { status } = await readApp(name);
        const state = status.operationState;
        assert.equal(state?.operation.initiatedBy?.username, by, JSON.stringify(state));
        assert.ok(state.phase === 'Succeeded' || state.phase === 'Failed', JSON.stringify(state));
        return state;
      },
      { timeoutMs: 40_000, intervalMs: 100 },
    );

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    repo = await server.createRepo('hooks-waves');
    await repo.commit(readFixtureTree(join(appsFixtureDir, 'hooks-waves')), {
      message: 'hooks and waves',
    });
    for (const namespace of [APP_NS, WAVES_NS, POSTSYNC_NS, RERUN_NS])
      await mustKubectl(plane.kubeconfig, ['create', 'namespace', namespace]);
    controller = await startControllerProcess(plane.kubeconfig);
  });

  after(async () => {
    for (const stop of stops) stop();
    await controller.stop();
    await server.close();
    await plane.stop();
  });

  it('runs the PreSync migration to completion before the Deployment, then the waves in order, and deletes the HookSucceeded Job', async () => {
    await createApp('waves', 'waves', WAVES_NS);
    const recorder = await recordWrites(client, WAVES_NS);
    stops.push(recorder.stop);
    await requestSync('waves', 'waves-1');
    const state = await awaitSync('waves', 'waves-1');
    assert.equal(state.phase, 'Succeeded', state.message);
    assert.deepEqual(describeResults(state.syncResult?.resources), [
      'Job/migrate PreSync PreSync Succeeded Synced',
      'ConfigMap/settings Sync - - Synced',
      'Deployment/web Sync - - Synced',
      'Service/web Sync - - Synced',
    ]);
    const waves = state.syncResult?.resources?.map((r) => [r.name, r.syncWave ?? 0]);
    assert.deepEqual(waves, [
      ['migrate', 0],
      ['settings', -1],
      ['web', 0],
      ['web', 1],
    ]);

    const { writes } = recorder;
    const jobCreated = revisionOf(writes, 'Job', 'migrate', (w) => w.type === 'added');
    const jobCompleted = revisionOf(writes, 'Job', 'migrate', isJobComplete);
    const configMapCreated = revisionOf(writes, 'ConfigMap', 'settings', (w) => w.type === 'added');
    const deploymentCreated = revisionOf(writes, 'Deployment', 'web', (w) => w.type === 'added');
    const deploymentHealthy = revisionOf(
      writes,
      'Deployment',
      'web',
      (w) => assessHealth(w.object).status === 'Healthy',
    );
    const serviceCreated = revisionOf(writes, 'Service', 'web', (w) => w.type === 'added');
    assert.ok(jobCreated < jobCompleted, 'the Job ran');
    assert.ok(jobCompleted < configMapCreated, 'PreSync finished before the Sync phase began');
    assert.ok(configMapCreated < deploymentCreated, 'wave -1 before wave 0');
    assert.ok(jobCompleted < deploymentCreated, 'the migration completed before the Deployment');
    assert.ok(deploymentHealthy < serviceCreated, 'wave 1 waited for wave 0 to be healthy');

    await eventually(async () => assert.equal(await readJob(WAVES_NS, 'migrate'), undefined), {
      timeoutMs: 10_000,
    });
    const jobDeleted = revisionOf(writes, 'Job', 'migrate', (w) => w.type === 'deleted');
    assert.ok(jobCompleted < jobDeleted, 'HookSucceeded deleted the Job once it succeeded');

    // A comparison made after the Job went: its entry (if any) no longer carries live health.
    const status = await eventually(
      async () => {
        const current = await checkInvariants('waves');
        const entry = current.resources?.find((r) => r.kind === 'Job' && r.name === 'migrate');
        assert.equal(entry?.health, undefined, JSON.stringify(entry));
        assert.equal(current.sync?.status, 'Synced', JSON.stringify(current.resources));
        assert.equal(current.health?.status, 'Healthy', JSON.stringify(current.health));
        return current;
      },
      { timeoutMs: 10_000 },
    );
    assertHooksNotCounted(status.resources, ['migrate']);
    assert.deepEqual(
      status.resources
        ?.filter((r) => r.hook !== true)
        .map((r) => `${r.kind ?? ''}/${r.name ?? ''} ${r.status ?? ''}`),
      ['ConfigMap/settings Synced', 'Service/web Synced', 'Deployment/web Synced'],
    );
  });

  it('fails the sync when a PostSync hook fails, runs the SyncFail hook, and HookFailed deletes the failed Job', async () => {
    await createApp('postsync', 'postsync', POSTSYNC_NS);
    const recorder = await recordWrites(client, POSTSYNC_NS);
    stops.push(recorder.stop);
    await requestSync('postsync', 'postsync-1');
    const state = await awaitSync('postsync', 'postsync-1');
    assert.equal(state.phase, 'Failed');
    assert.match(state.message ?? '', /Job\/smoke .*PostSync hook failed/u);
    assert.deepEqual(describeResults(state.syncResult?.resources), [
      'ConfigMap/settings Sync - - Synced',
      'Job/smoke PostSync PostSync Failed SyncFailed',
      'Job/notify SyncFail SyncFail Succeeded Synced',
    ]);

    const notify = await readJob(POSTSYNC_NS, 'notify');
    assert.equal(assessHealth(notify).status, 'Healthy', 'the SyncFail Job ran to completion');
    const { writes } = recorder;
    const smokeFailed = revisionOf(
      writes,
      'Job',
      'smoke',
      (w) => assessHealth(w.object).status === 'Degraded',
    );
    const notifyCreated = revisionOf(writes, 'Job', 'notify', (w) => w.type === 'added');
    assert.ok(smokeFailed < notifyCreated, 'SyncFail ran after the PostSync hook failed');
    await eventually(async () => assert.equal(await readJob(POSTSYNC_NS, 'smoke'), undefined), {
      timeoutMs: 10_000,
    });

    const status = await eventually(
      async () => {
        const current = await checkInvariants('postsync');
        const entry = current.resources?.find((r) => r.kind === 'Job' && r.name === 'smoke');
        assert.equal(entry?.health, undefined, JSON.stringify(entry));
        return current;
      },
      { timeoutMs: 10_000 },
    );
    const syncError = status.conditions?.find((c) => c.type === 'SyncError');
    assert.equal(syncError?.reason, 'HookFailed', JSON.stringify(status.conditions));
    assert.match(syncError.message, /Job\/smoke/u);
    assertHooksNotCounted(status.resources, ['smoke', 'notify']);

    const events = JSON.parse(
      await mustKubectl(plane.kubeconfig, [
        'get',
        'events',
        '-n',
        APP_NS,
        '--field-selector',
        'involvedObject.name=postsync',
        '-o',
        'json',
      ]),
    ) as { items: { type: string; reason: string; message: string }[] };
    const completed = events.items.find((e) => e.reason === 'OperationCompleted');
    assert.equal(completed?.type, 'Warning', JSON.stringify(events.items));
    assert.match(completed.message, /failed: .*Job\/smoke/u);
  });

  it('replaces the previous run of a BeforeHookCreation hook on the next sync', async () => {
    await createApp('rerun', 'rerun', RERUN_NS);
    await requestSync('rerun', 'rerun-1');
    const first = await awaitSync('rerun', 'rerun-1');
    assert.equal(first.phase, 'Succeeded', first.message);
    const before = await readJob(RERUN_NS, 'seed');
    assert.equal(assessHealth(before).status, 'Healthy', 'the first run completed and was kept');

    await requestSync('rerun', 'rerun-2');
    const second = await awaitSync('rerun', 'rerun-2');
    assert.equal(second.phase, 'Succeeded', second.message);
    assert.notEqual(second.startedAt, undefined);
    assert.deepEqual(describeResults(second.syncResult?.resources), [
      'ConfigMap/settings Sync - - Synced',
      'Job/seed Sync Sync Succeeded Synced',
    ]);
    const after = await readJob(RERUN_NS, 'seed');
    assert.equal(assessHealth(after).status, 'Healthy', 'the second run completed');
    assert.notEqual(uidOf(after), uidOf(before), 'BeforeHookCreation created a new Job');
    const { status } = await readApp('rerun');
    assert.deepEqual(
      status.history?.map((h) => h.initiatedBy?.username),
      ['rerun-1', 'rerun-2'],
    );
    assertHooksNotCounted(status.resources, ['seed']);
  });

  it('never prunes a hook removed from Git, nor lists it as awaiting a prune', async () => {
    const kept = uidOf(await readJob(RERUN_NS, 'seed'));
    const revision = await repo.commit({ 'rerun/seed-job.yaml': null }, { message: 'no seed' });
    await mustKubectl(plane.kubeconfig, [
      'annotate',
      'capp',
      'rerun',
      '-n',
      APP_NS,
      '--overwrite',
      'capstan.dev/refresh=normal',
    ]);
    await eventually(
      async () => {
        const { status } = await readApp('rerun');
        assert.equal(status.sync?.revision, revision);
        assert.equal(status.sync.status, 'Synced', JSON.stringify(status.resources));
      },
      { timeoutMs: 20_000 },
    );
    await requestSync('rerun', 'rerun-3', { prune: true });
    const third = await awaitSync('rerun', 'rerun-3');
    assert.equal(third.phase, 'Succeeded', third.message);
    assert.deepEqual(describeResults(third.syncResult?.resources), [
      'ConfigMap/settings Sync - - Synced',
    ]);
    assert.equal(uidOf(await readJob(RERUN_NS, 'seed')), kept, 'the hook Job was not pruned');
    // Clearing the operation field bumps the generation; the next reconcile catches up.
    const status = await eventually(() => checkInvariants('rerun'), { timeoutMs: 10_000 });
    assertHooksNotCounted(status.resources, ['seed']);
  });
});
