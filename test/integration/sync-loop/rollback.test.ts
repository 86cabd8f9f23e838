/**
 * Operations that name a revision: a rollback to a history entry restores that commit's
 * objects (and prunes what it did not have) while the app stays OutOfSync with its target; the
 * same rollback is refused while automated sync is on; a failing sync with `retry` is retried
 * with backoff and succeeds once the cause is gone, or ends Failed when the retries run out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApplicationStatus, Operation } from '../../../src/api/index.js';
import { getObject, type KubeClient } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import {
  applicationManifest,
  configMapYaml,
  connectTestKube,
  mustKubectl,
  readAppStatus,
  requestOperation,
  startControllerProcess,
  type ControllerProcess,
} from '../controller/support.js';

const APP_NS = 'capstan-system';
const TARGET = 'rollback';

describe('sync loop: rollback, other revisions and retries', { timeout: 180_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let repo: TestRepo;
  let controller: ControllerProcess;
  let client: KubeClient;
  let first: string;
  let second: string;
  const status = (name = 'rollback') => readAppStatus(client, APP_NS, name);
  const configMap = (name: string, namespace = TARGET) =>
    getObject(client, { apiVersion: 'v1', kind: 'ConfigMap', namespace, name });
  const dataOf = async (name: string, namespace = TARGET) =>
    (await configMap(name, namespace))?.['data'] as Record<string, string> | undefined;
  const operate = (name: string, operation: Operation) =>
    requestOperation(plane.kubeconfig, name, operation);
  const waitForOperation = (
    check: (current: ApplicationStatus) => void,
    name = 'rollback',
    timeoutMs = 20_000,
  ) =>
    eventually(
      async () => {
        const current = await status(name);
        assert.ok(current, 'the app has a status');
        check(current);
      },
      { timeoutMs },
    );

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    repo = await server.createRepo('rollback');
    first = await repo.commit({
      'app/settings.yaml': configMapYaml('settings', { version: 'one' }),
      'app/only-first.yaml': configMapYaml('only-first', { kept: 'no' }),
    });
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', TARGET]);
    controller = await startControllerProcess(plane.kubeconfig, ['--resync', '2s']);
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: 'rollback',
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

  it('records two syncs in history', async () => {
    await operate('rollback', { sync: { prune: true } });
    await waitForOperation((current) => {
      assert.equal(current.operationState?.phase, 'Succeeded');
      assert.equal(current.history?.length, 1);
    });
    second = await repo.commit(
      {
        'app/settings.yaml': configMapYaml('settings', { version: 'two' }),
        'app/only-first.yaml': null,
        'app/only-second.yaml': configMapYaml('only-second', { kept: 'no' }),
      },
      { message: 'second' },
    );
    await waitForOperation((current) => assert.equal(current.sync?.revision, second));
    await operate('rollback', { sync: { prune: true } });
    await waitForOperation((current) => {
      assert.equal(current.sync?.status, 'Synced');
      assert.deepEqual(
        current.history?.map((entry) => entry.revision),
        [first, second],
      );
    });
    assert.equal(await configMap('only-first'), undefined);
    assert.equal((await dataOf('settings'))?.['version'], 'two');
  });

  it('rolls back to the first history entry: its objects return, later ones are pruned', async () => {
    const history = (await status())?.history ?? [];
    const entry = history.find((item) => item.revision === first);
    assert.ok(entry?.source, 'the history entry keeps its source');
    await operate('rollback', {
      sync: { revision: entry.revision, source: entry.source, prune: true },
      initiatedBy: { username: 'tester' },
    });
    await waitForOperation((current) => {
      assert.equal(current.operationState?.phase, 'Succeeded', current.operationState?.message);
      assert.equal(current.operationState.syncResult?.revision, first);
      const last = current.history?.at(-1);
      assert.equal(last?.revision, first);
      assert.equal(last.initiatedBy?.username, 'tester');
    });
    assert.equal((await dataOf('settings'))?.['version'], 'one');
    assert.deepEqual(await dataOf('only-first'), { kept: 'no' });
    assert.equal(await configMap('only-second'), undefined);
    // The target is still the branch head: the app says so rather than pretending.
    await waitForOperation((current) => {
      assert.equal(current.sync?.status, 'OutOfSync');
      assert.equal(current.sync.revision, second);
    });
  });

  it('refuses a rollback while automated sync is on, and changes nothing', async () => {
    await mustKubectl(plane.kubeconfig, [
      'patch',
      'capp',
      'rollback',
      '-n',
      APP_NS,
      '--type',
      'merge',
      '-p',
      JSON.stringify({ spec: { syncPolicy: { automated: { prune: true } } } }),
    ]);
    // Automation takes the app back to its target first.
    await waitForOperation((current) => {
      assert.equal(current.sync?.status, 'Synced');
      assert.equal(current.operationState?.syncResult?.revision, second);
    });
    const historyBefore = (await status())?.history;
    await operate('rollback', {
      sync: { revision: first, prune: true },
      initiatedBy: { username: 'tester' },
    });
    await waitForOperation((current) => {
      assert.equal(current.operationState?.phase, 'Failed');
      assert.match(
        current.operationState.message ?? '',
        new RegExp(`cannot sync to ${first}: automated sync is enabled`),
      );
      const condition = current.conditions?.find((c) => c.type === 'SyncError');
      assert.equal(condition?.reason, 'AutomatedSyncEnabled');
    });
    const operation = await mustKubectl(plane.kubeconfig, [
      'get',
      'capp',
      'rollback',
      '-n',
      APP_NS,
      '-o',
      'jsonpath={.operation}',
    ]);
    assert.equal(operation, '', 'the refused operation is cleared');
    assert.equal((await dataOf('settings'))?.['version'], 'two');
    assert.equal(await configMap('only-first'), undefined);
    assert.deepEqual((await status())?.history, historyBefore);
  });

  it('retries a failed sync with backoff and succeeds once the cause is gone', async () => {
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: 'retried',
        repoURL: repo.url,
        path: 'app',
        destinationNamespace: 'retry-later',
      }),
    );
    await waitForOperation((current) => assert.equal(current.sync?.status, 'OutOfSync'), 'retried');
    await operate('retried', {
      sync: {},
      retry: { limit: 5, backoff: { duration: '1s', factor: 1 } },
    });
    // The namespace does not exist: the dry-run fails, the operation stays Running to retry.
    await waitForOperation((current) => {
      const state = current.operationState;
      assert.equal(state?.phase, 'Running');
      assert.ok((state.retryCount ?? 0) >= 1, JSON.stringify(state));
      assert.match(state.message ?? '', /retry \d+ at/);
      assert.match(state.message ?? '', /retry-later/);
    }, 'retried');
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', 'retry-later']);
    await waitForOperation((current) => {
      assert.equal(current.operationState?.phase, 'Succeeded', current.operationState?.message);
      assert.ok((current.operationState.retryCount ?? 0) >= 1);
      assert.equal(
        current.conditions?.find((c) => c.type === 'SyncError'),
        undefined,
      );
      assert.equal(current.history?.length, 1);
    }, 'retried');
    assert.equal((await dataOf('settings', 'retry-later'))?.['version'], 'two');
  });

  it('ends Failed when the retries run out', async () => {
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: 'exhausted',
        repoURL: repo.url,
        path: 'app',
        destinationNamespace: 'never-created',
      }),
    );
    await waitForOperation(
      (current) => assert.equal(current.sync?.status, 'OutOfSync'),
      'exhausted',
    );
    await operate('exhausted', {
      sync: {},
      retry: { limit: 2, backoff: { duration: '1s', factor: 2 } },
    });
    await waitForOperation(
      (current) => {
        assert.equal(current.operationState?.phase, 'Failed', current.operationState?.message);
        assert.equal(current.operationState.retryCount, 2);
        assert.match(current.operationState.message ?? '', /never-created/);
      },
      'exhausted',
      30_000,
    );
    // Attempts at t, t+1 s, t+1+2 s: the finish is at least 3 s after the start.
    const state = (await status('exhausted'))?.operationState;
    const took = Date.parse(state?.finishedAt ?? '') - Date.parse(state?.startedAt ?? '');
    assert.ok(took >= 2_000, `three attempts took only ${String(took)} ms`);
  });
});
