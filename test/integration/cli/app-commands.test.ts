/**
 * `capstan app …` run as a user would (child processes of bin/capstan.js) against a real
 * control plane, a real Git server and a running controller: list/get, sync of a manual app,
 * wait, diff before and after a live edit, refresh to a new commit, history, rollback and a
 * cascading delete — with the documented exit codes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Application } from '../../../src/api/index.js';
import { getObject, type KubeClient } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import { runCommand, type CommandResult } from '../../helpers/kubectl.js';
import {
  applicationManifest,
  configMapYaml,
  capstanBin,
  connectTestKube,
  mustKubectl,
  readAppStatus,
  startControllerProcess,
  type ControllerProcess,
} from '../controller/support.js';

const APP_NS = 'capstan-system';
const TARGET = 'cli-target';
const USER = 'cli-tester';

describe('capstan app commands', { timeout: 120_000 }, () => {
  let plane: TestControlPlane;
  let server: GitServer;
  let repo: TestRepo;
  let controller: ControllerProcess;
  let client: KubeClient;
  let first: string;
  let second: string;
  const cacheDir = mkdtempSync(join(tmpdir(), 'capstan-cli-repos-'));

  const app = (...args: string[]): Promise<CommandResult> =>
    runCommand(process.execPath, [capstanBin, 'app', ...args, '--kubeconfig', plane.kubeconfig], {
      env: { ...process.env, USER, CAPSTAN_CACHE_DIR: cacheDir },
    });
  const settings = () =>
    getObject(client, { apiVersion: 'v1', kind: 'ConfigMap', namespace: TARGET, name: 'settings' });
  const explain = (result: CommandResult): string =>
    `exit ${String(result.code)}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    repo = await server.createRepo('cli');
    first = await repo.commit({
      'app/settings.yaml': configMapYaml('settings', { mode: 'one' }),
      'app/extra.yaml': configMapYaml('extra', { kept: 'yes' }),
    });
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', TARGET]);
    controller = await startControllerProcess(plane.kubeconfig, ['--resync', '60s']);
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: 'cli',
        repoURL: repo.url,
        path: 'app',
        destinationNamespace: TARGET,
      }),
    );
    await eventually(async () => {
      assert.equal((await readAppStatus(client, APP_NS, 'cli'))?.sync?.revision, first);
    });
  });

  after(async () => {
    await controller.stop();
    await server.close();
    await plane.stop();
  });

  it('lists and gets the app as a table and as JSON', async () => {
    const table = await app('list');
    assert.equal(table.code, 0, explain(table));
    const [header, row] = table.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^NAME +SYNC +HEALTH +REVISION +PROJECT +REPO +PATH +TARGET$/u);
    assert.match(
      row ?? '',
      new RegExp(`^cli +OutOfSync +\\S+ +${first.slice(0, 7)} +default +`, 'u'),
    );
    const listed = JSON.parse((await app('list', '-o', 'json')).stdout) as Application[];
    assert.deepEqual(
      listed.map((item) => item.metadata.name),
      ['cli'],
    );
    const got = await app('get', 'cli', '-o', 'json');
    assert.equal(got.code, 0, explain(got));
    assert.equal((JSON.parse(got.stdout) as Application).status?.sync?.revision, first);
    const summary = await app('get', 'cli');
    assert.match(summary.stdout, /^Sync Status: +OutOfSync to [0-9a-f]{40}$/mu);
    assert.match(summary.stdout, /^ +ConfigMap +cli-target +settings +OutOfSync +Missing/mu);
  });

  it('exits 2 for an application that does not exist, at once', async () => {
    const result = await app('get', 'nope');
    assert.equal(result.code, 2, explain(result));
    assert.match(result.stderr, /application capstan-system\/nope not found/u);
    const started = performance.now();
    const waited = await app('wait', 'nope', '--timeout', '60s');
    assert.equal(waited.code, 2, explain(waited));
    assert.match(waited.stderr, /application capstan-system\/nope not found/u);
    assert.ok(performance.now() - started < 30_000, 'wait does not sit out its timeout');
  });

  it('diff shows objects a sync would create and exits 1', async () => {
    const result = await app('diff', 'cli');
    assert.equal(result.code, 1, explain(result));
    assert.match(result.stdout, /^\+\+\+ desired\/ConfigMap\/cli-target\/settings$/mu);
    assert.match(result.stdout, /^\+ {2}mode: one$/mu);
  });

  it('sync of the manual app exits 0 with the result table, and the objects exist', async () => {
    const result = await app('sync', 'cli', '--timeout', '30s');
    assert.equal(result.code, 0, explain(result));
    assert.match(result.stdout, /^Phase: +Succeeded$/mu);
    assert.match(result.stdout, /ConfigMap +cli-target +settings +Synced/u);
    assert.deepEqual((await settings())?.['data'], { mode: 'one' });
  });

  it('wait --health --sync returns once the app is Synced and Healthy', async () => {
    const result = await app('wait', 'cli', '--health', '--sync', '--timeout', '30s');
    assert.equal(result.code, 0, explain(result));
    assert.match(result.stdout, /health +Healthy/u);
  });

  it('diff exits 0 when live matches Git (no false drift from server defaults)', async () => {
    const result = await app('diff', 'cli');
    assert.equal(result.code, 0, explain(result));
    assert.equal(result.stdout, '');
  });

  it('diff after a live edit exits 1 and names the field', async () => {
    await mustKubectl(plane.kubeconfig, [
      'patch',
      'configmap',
      'settings',
      '-n',
      TARGET,
      '--type',
      'merge',
      '-p',
      '{"data":{"mode":"edited"}}',
    ]);
    const result = await app('diff', 'cli');
    assert.equal(result.code, 1, explain(result));
    assert.match(result.stdout, /^--- live\/ConfigMap\/cli-target\/settings$/mu);
    assert.match(result.stdout, /^- {2}mode: edited$/mu);
    assert.match(result.stdout, /^\+ {2}mode: one$/mu);
    assert.doesNotMatch(result.stdout, /extra|resourceVersion|managedFields/u);
  });

  it('wait times out with exit 1 and says what it saw', async () => {
    const result = await app('wait', 'cli', '--sync', '--timeout', '1s');
    assert.equal(result.code, 1, explain(result));
    assert.match(result.stderr, /timed out after 1s: sync is OutOfSync/u);
  });

  it('refresh makes the controller see a new commit', async () => {
    second = await repo.commit(
      { 'app/settings.yaml': configMapYaml('settings', { mode: 'two' }) },
      { message: 'second' },
    );
    const result = await app('refresh', 'cli', '--timeout', '30s');
    assert.equal(result.code, 0, explain(result));
    assert.match(result.stdout, new RegExp(`^Sync Status: +OutOfSync to ${second}$`, 'mu'));
  });

  it('a second sync, then history lists both deployments with who started them', async () => {
    const synced = await app('sync', 'cli', '--prune', '--timeout', '30s');
    assert.equal(synced.code, 0, explain(synced));
    assert.deepEqual((await settings())?.['data'], { mode: 'two' });
    const result = await app('history', 'cli');
    assert.equal(result.code, 0, explain(result));
    const rows = result.stdout.trimEnd().split('\n').slice(1);
    assert.equal(rows.length, 2, result.stdout);
    assert.match(rows[0] ?? '', new RegExp(`^0 +\\S+ +${first} +${USER}$`, 'u'));
    assert.match(rows[1] ?? '', new RegExp(`^1 +\\S+ +${second} +${USER}$`, 'u'));
  });

  it('rollback goes back to the previous deployment', async () => {
    const result = await app('rollback', 'cli', '--timeout', '30s');
    assert.equal(result.code, 0, explain(result));
    assert.match(result.stdout, new RegExp(`^Sync Revision: +${first}$`, 'mu'));
    assert.deepEqual((await settings())?.['data'], { mode: 'one' });
  });

  it('delete --cascade removes the app and its objects', async () => {
    const result = await app('delete', 'cli', '--cascade=true', '--timeout', '30s');
    assert.equal(result.code, 0, explain(result));
    assert.equal(await readAppStatus(client, APP_NS, 'cli'), undefined);
    assert.equal(await settings(), undefined);
  });
});
