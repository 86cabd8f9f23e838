import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTrackingId } from '../../../../src/model/index.js';
import { formatHookName, planSync, type SyncTask } from '../../../../src/sync/plan/index.js';
import {
  APP,
  allTasks,
  buildInput,
  listSkipped,
  listTasks,
  manifest,
  ownedLive,
} from './plan-input.js';

const job = (name: string, annotations: Record<string, string>) =>
  manifest('batch/v1', 'Job', name, { annotations });
const generatedJob = (generateName: string, annotations: Record<string, string>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { generateName, annotations },
});
const hookTasks = (tasks: readonly SyncTask[]) => tasks.filter((task) => task.action === 'hook');

describe('planSync hooks', () => {
  it('puts each hook in the phase its annotation names', () => {
    const plan = planSync(
      buildInput({
        desired: [
          job('pre', { 'capstan.dev/hook': 'PreSync' }),
          job('during', { 'capstan.dev/hook': 'Sync' }),
          job('post', { 'capstan.dev/hook': 'PostSync' }),
          job('on-fail', { 'capstan.dev/hook': 'SyncFail' }),
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'PreSync/0 hook batch/Job/prod/pre',
      'Sync/0 hook batch/Job/prod/during',
      'PostSync/0 hook batch/Job/prod/post',
    ]);
    assert.deepEqual(
      plan.syncFailHooks.map((task) => `${task.phase} ${task.key}`),
      ['SyncFail batch/Job/prod/on-fail'],
    );
    for (const task of allTasks(plan)) {
      assert.equal(task.hookType, task.phase);
      assert.equal(task.reason, 'hook');
    }
  });

  it('runs a hook named for several phases once in each', () => {
    const plan = planSync(
      buildInput({ desired: [job('check', { 'capstan.dev/hook': 'PreSync, PostSync,PreSync' })] }),
    );
    assert.deepEqual(listTasks(plan), [
      'PreSync/0 hook batch/Job/prod/check',
      'PostSync/0 hook batch/Job/prod/check',
    ]);
  });

  it('reads the Argo CD hook annotations too', () => {
    const plan = planSync(
      buildInput({
        desired: [
          job('argo', {
            'argocd.argoproj.io/hook': 'PreSync',
            'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
            'argocd.argoproj.io/sync-wave': '-4',
          }),
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), ['PreSync/-4 hook batch/Job/prod/argo']);
    assert.deepEqual(hookTasks(allTasks(plan))[0]?.deletePolicies, ['HookSucceeded']);
  });

  it('lets the capstan.dev annotation win over its Argo CD twin', () => {
    const plan = planSync(
      buildInput({
        desired: [
          job('both', { 'capstan.dev/hook': 'PostSync', 'argocd.argoproj.io/hook': 'PreSync' }),
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), ['PostSync/0 hook batch/Job/prod/both']);
  });

  it('defaults the delete policy to BeforeHookCreation', () => {
    const plan = planSync(buildInput({ desired: [job('pre', { 'capstan.dev/hook': 'PreSync' })] }));
    assert.deepEqual(hookTasks(allTasks(plan))[0]?.deletePolicies, ['BeforeHookCreation']);
  });

  it('parses a list of delete policies, dropping unknown ones with a warning', () => {
    const plan = planSync(
      buildInput({
        desired: [
          job('pre', {
            'capstan.dev/hook': 'PreSync',
            'capstan.dev/hook-delete-policy': 'HookSucceeded,HookFailed,Sometimes,HookSucceeded',
          }),
        ],
      }),
    );
    assert.deepEqual(hookTasks(allTasks(plan))[0]?.deletePolicies, ['HookSucceeded', 'HookFailed']);
    assert.equal(plan.warnings.length, 1);
    assert.match(
      plan.warnings[0] ?? '',
      /Job\/pre in prod: unknown hook-delete-policy "Sometimes"/u,
    );
  });

  it('never applies an object whose hook annotation is Skip', () => {
    const plan = planSync(
      buildInput({
        desired: [
          manifest('v1', 'ConfigMap', 'manual', { annotations: { 'capstan.dev/hook': 'Skip' } }),
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), []);
    assert.deepEqual(listSkipped(plan), ['HookSkip /ConfigMap/prod/manual']);
  });

  it('treats Skip beside a real phase as that phase, as Argo CD does', () => {
    const plan = planSync(
      buildInput({ desired: [job('mixed', { 'capstan.dev/hook': 'Skip,PostSync' })] }),
    );
    assert.deepEqual(listTasks(plan), ['PostSync/0 hook batch/Job/prod/mixed']);
  });

  it('reports a hook annotation naming no known phase instead of dropping it silently', () => {
    const plan = planSync(
      buildInput({ desired: [job('typo', { 'capstan.dev/hook': 'PreSynk' })] }),
    );
    assert.deepEqual(listTasks(plan), []);
    assert.deepEqual(listSkipped(plan), ['InvalidHook batch/Job/prod/typo']);
    assert.match(plan.warnings.join('\n'), /unknown hook type "PreSynk"/u);
  });

  it('names a generateName hook from the revision and phase, and stamps that name in its tracking-id', () => {
    const plan = planSync(
      buildInput({
        desired: [generatedJob('migrate-', { 'capstan.dev/hook': 'PreSync,PostSync' })],
        revision: 'ABCDEF0123456789',
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'PreSync/0 hook batch/Job/prod/migrate-abcdef0-presync',
      'PostSync/0 hook batch/Job/prod/migrate-abcdef0-postsync',
    ]);
    const first = hookTasks(allTasks(plan))[0];
    const metadata = first?.object['metadata'] as {
      name: string;
      annotations: Record<string, string>;
    };
    assert.equal(metadata.name, 'migrate-abcdef0-presync');
    assert.deepEqual(parseTrackingId(metadata.annotations['capstan.dev/tracking-id']), {
      app: APP,
      key: 'batch/Job/prod/migrate-abcdef0-presync',
    });
  });

  it('adds the operation start time to generated names when given, so re-syncs of one revision differ', () => {
    const input = (startedAt: number) =>
      buildInput({
        desired: [generatedJob('smoke-', { 'capstan.dev/hook': 'PostSync' })],
        revision: '0123456789abcdef',
        operationStartedAt: startedAt,
      });
    assert.deepEqual(listTasks(planSync(input(1700000000))), [
      'PostSync/0 hook batch/Job/prod/smoke-0123456-postsync-1700000000',
    ]);
    assert.deepEqual(
      listTasks(planSync(input(1700000000))),
      listTasks(planSync(input(1700000000))),
    );
    assert.notDeepEqual(
      listTasks(planSync(input(1700000000))),
      listTasks(planSync(input(1700000060))),
    );
  });

  it('formats hook names in lower case and without an empty revision part', () => {
    assert.equal(formatHookName('Check-', 'PreSync', ''), 'check-presync');
    assert.equal(formatHookName('x-', 'SyncFail', 'abc', 5), 'x-abc-syncfail-5');
  });

  it('keeps a hook in the plan when it is already in sync, even with ApplyOutOfSyncOnly', () => {
    const hook = job('pre', { 'capstan.dev/hook': 'PreSync' });
    const plan = planSync(
      buildInput({
        desired: [hook],
        live: [ownedLive(hook)],
        defaultVerdict: 'equal',
        syncOptions: ['ApplyOutOfSyncOnly=true'],
      }),
    );
    assert.deepEqual(listTasks(plan), ['PreSync/0 hook batch/Job/prod/pre']);
    assert.equal(hookTasks(allTasks(plan))[0]?.exists, true);
  });

  it('does not run hooks in a sync of selected resources', () => {
    const plan = planSync(
      buildInput({
        desired: [job('pre', { 'capstan.dev/hook': 'PreSync' }), manifest('v1', 'ConfigMap', 'c')],
        resources: [
          { kind: 'ConfigMap', name: 'c' },
          { group: 'batch', kind: 'Job', name: 'pre' },
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), ['Sync/0 apply /ConfigMap/prod/c']);
    assert.deepEqual(listSkipped(plan), ['SelectiveSyncHook batch/Job/prod/pre']);
  });

  it('orders SyncFail hooks by wave and kind', () => {
    const plan = planSync(
      buildInput({
        desired: [
          job('cleanup', { 'capstan.dev/hook': 'SyncFail', 'capstan.dev/sync-wave': '1' }),
          manifest('v1', 'Pod', 'alert', { annotations: { 'capstan.dev/hook': 'SyncFail' } }),
          manifest('v1', 'ConfigMap', 'note', { annotations: { 'capstan.dev/hook': 'SyncFail' } }),
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), []);
    assert.deepEqual(
      plan.syncFailHooks.map((task) => `${task.wave} ${task.key}`),
      ['0 /ConfigMap/prod/note', '0 /Pod/prod/alert', '1 batch/Job/prod/cleanup'],
    );
  });
});
