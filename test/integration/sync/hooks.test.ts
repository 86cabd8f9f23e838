import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../helpers/eventually.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { assessHealth } from '../../../src/health/index.js';
import { connectKube, type KubeClient } from '../../../src/kube/index.js';
import { formatHookName } from '../../../src/sync/plan/index.js';
import {
  REVISION,
  buildPlan,
  configMap,
  deployment,
  hookJob,
  listResults,
  makeNamespace,
  readObject,
  runPlan,
} from './support.js';

const HOOK = 'capstan.dev/hook';
const POLICY = 'capstan.dev/hook-delete-policy';

function uidOf(object: { metadata: Record<string, unknown> } | undefined): unknown {
  return object?.metadata['uid'];
}

describe('hooks through executePlan', () => {
  let cp: TestControlPlane;
  let client: KubeClient;

  before(async () => {
    cp = await useControlPlane();
    client = connectKube(cp.kubeconfig);
  });
  after(async () => {
    await cp.stop();
  });

  it('runs a PreSync Job to completion before it applies the Deployment', async () => {
    const ns = await makeNamespace(client, 'presync');
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [deployment('web'), hookJob('migrate', { [HOOK]: 'PreSync' })],
    });
    const seen: string[] = [];
    const result = await runPlan(client, plan, {
      onProgressSeen: async (progress) => {
        const hook = progress.resources.find((r) => r.name === 'migrate');
        if (hook?.hookPhase === undefined || seen.includes(hook.hookPhase)) return;
        seen.push(hook.hookPhase);
        const web = await readObject(client, 'apps/v1', 'Deployment', ns, 'web');
        assert.equal(web, undefined, `Deployment absent while the hook is ${hook.hookPhase}`);
      },
    });
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(seen, ['Running', 'Succeeded']);
    assert.deepEqual(
      result.resources.map(
        (r) =>
          `${r.kind ?? ''}/${r.name ?? ''} ${r.syncPhase ?? ''} ${r.hookType ?? '-'} ${r.hookPhase ?? '-'}`,
      ),
      ['Job/migrate PreSync PreSync Succeeded', 'Deployment/web Sync - -'],
    );
    const job = await readObject(client, 'batch/v1', 'Job', ns, 'migrate');
    assert.equal(
      assessHealth(job).status,
      'Healthy',
      'the Job completed and was kept (BeforeHookCreation)',
    );
  });

  it('names a generateName hook from the plan, and HookSucceeded deletes it after success', async () => {
    const ns = await makeNamespace(client, 'generated');
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [
        configMap('settings'),
        hookJob(
          'migrate-',
          { [HOOK]: 'PreSync', [POLICY]: 'HookSucceeded' },
          { generateName: true },
        ),
      ],
    });
    const name = formatHookName('migrate-', 'PreSync', REVISION);
    const result = await runPlan(client, plan);
    assert.equal(result.phase, 'Succeeded', result.message);
    const [hookResult] = result.resources;
    assert.equal(hookResult?.name, name);
    assert.equal(hookResult.hookPhase, 'Succeeded');
    await eventually(async () => {
      assert.equal(await readObject(client, 'batch/v1', 'Job', ns, name), undefined);
    });
  });

  it('fails the sync when a PostSync hook fails, runs the SyncFail hook, and HookFailed deletes the failed hook', async () => {
    const ns = await makeNamespace(client, 'postsync');
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [
        deployment('web'),
        hookJob('smoke', { [HOOK]: 'PostSync', [POLICY]: 'HookFailed' }, { fails: true }),
        hookJob('notify', { [HOOK]: 'SyncFail' }),
      ],
    });
    let webHealthAtPostSync = '';
    const result = await runPlan(client, plan, {
      onProgressSeen: async (progress) => {
        const smoke = progress.resources.find((r) => r.name === 'smoke');
        if (smoke === undefined || webHealthAtPostSync !== '') return;
        webHealthAtPostSync = assessHealth(
          await readObject(client, 'apps/v1', 'Deployment', ns, 'web'),
        ).status;
      },
    });
    assert.equal(result.phase, 'Failed');
    assert.equal(result.reason, 'HookFailed');
    assert.equal(
      result.message,
      `Job/smoke in ${ns}: PostSync hook failed: Job was active longer than specified deadline; SyncFail hooks ran (1 succeeded)`,
    );
    assert.equal(
      webHealthAtPostSync,
      'Healthy',
      'PostSync started only once the Deployment was healthy',
    );
    assert.deepEqual(
      result.resources.map(
        (r) =>
          `${r.kind ?? ''}/${r.name ?? ''} ${r.syncPhase ?? ''} ${r.status ?? ''} ${r.hookPhase ?? '-'}`,
      ),
      [
        'Deployment/web Sync Synced -',
        'Job/smoke PostSync SyncFailed Failed',
        'Job/notify SyncFail Synced Succeeded',
      ],
    );
    assert.equal(
      assessHealth(await readObject(client, 'batch/v1', 'Job', ns, 'notify')).status,
      'Healthy',
    );
    await eventually(async () => {
      assert.equal(await readObject(client, 'batch/v1', 'Job', ns, 'smoke'), undefined);
    });
  });

  it('replaces the previous run of a hook with BeforeHookCreation, and reuses a finished one without it', async () => {
    const ns = await makeNamespace(client, 'rerun');
    const objects = [
      configMap('settings'),
      hookJob('fresh', { [HOOK]: 'Sync' }),
      hookJob('kept', { [HOOK]: 'Sync', [POLICY]: 'HookFailed' }),
    ];
    const first = await runPlan(client, await buildPlan(client, { namespace: ns, objects }));
    assert.equal(first.phase, 'Succeeded', first.message);
    const freshBefore = await readObject(client, 'batch/v1', 'Job', ns, 'fresh');
    const keptBefore = await readObject(client, 'batch/v1', 'Job', ns, 'kept');
    const second = await runPlan(client, await buildPlan(client, { namespace: ns, objects }));
    assert.equal(second.phase, 'Succeeded', second.message);
    assert.deepEqual(
      listResults(second).map((line) => line.split(' ')[0]),
      ['ConfigMap/settings', 'Job/fresh', 'Job/kept'],
    );
    assert.ok(second.resources.every((r) => r.kind === 'ConfigMap' || r.hookPhase === 'Succeeded'));
    const freshAfter = await readObject(client, 'batch/v1', 'Job', ns, 'fresh');
    const keptAfter = await readObject(client, 'batch/v1', 'Job', ns, 'kept');
    assert.notEqual(uidOf(freshAfter), uidOf(freshBefore), 'BeforeHookCreation made a new Job');
    assert.equal(uidOf(keptAfter), uidOf(keptBefore), 'the finished Job was reused');
  });
});
