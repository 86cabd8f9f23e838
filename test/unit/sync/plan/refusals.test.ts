import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planSync } from '../../../../src/sync/plan/index.js';
import { allTasks, buildInput, listTasks, manifest, ownedLive } from './plan-input.js';

const cm = (name: string, annotations?: Record<string, string>) =>
  manifest('v1', 'ConfigMap', name, annotations ? { annotations } : {});
const liveApp = [ownedLive(cm('a')), ownedLive(cm('b'))];

function assertEmpty(plan: ReturnType<typeof planSync>): void {
  assert.deepEqual(plan.steps, []);
  assert.deepEqual(plan.syncFailHooks, []);
  assert.deepEqual(plan.skipped, []);
}

describe('planSync refusals', () => {
  it('refuses any plan after a failed render, even one with objects to apply and prune', () => {
    const plan = planSync(
      buildInput({ desired: [cm('a')], live: liveApp, prune: true, renderSucceeded: false }),
    );
    assert.equal(plan.refusalReason, 'RenderFailed');
    assert.match(plan.refusal ?? '', /render/u);
    assertEmpty(plan);
  });

  it('refuses an automated sync that would prune everything and apply nothing', () => {
    const plan = planSync(buildInput({ live: liveApp, automated: { prune: true } }));
    assert.equal(plan.refusalReason, 'WouldPruneEverything');
    assert.match(plan.refusal ?? '', /all 2 resources.*allowEmpty/u);
    assertEmpty(plan);
  });

  it('counts an app whose only objects are Skip or hooks as empty', () => {
    const plan = planSync(
      buildInput({
        desired: [
          cm('manual', { 'capstan.dev/hook': 'Skip' }),
          manifest('batch/v1', 'Job', 'j', { annotations: { 'capstan.dev/hook': 'PostSync' } }),
        ],
        live: liveApp,
        prune: true,
        automated: { prune: true },
      }),
    );
    assert.equal(plan.refusalReason, 'WouldPruneEverything');
  });

  it('lets an automated sync prune everything when allowEmpty is set', () => {
    const plan = planSync(
      buildInput({ live: liveApp, automated: { prune: true, allowEmpty: true } }),
    );
    assert.equal(plan.refusal, undefined);
    assert.deepEqual(listTasks(plan), [
      'Sync/0 prune /ConfigMap/prod/a',
      'Sync/0 prune /ConfigMap/prod/b',
    ]);
  });

  it('lets a manual sync with prune remove every object: a person asked for it', () => {
    const plan = planSync(buildInput({ live: liveApp, prune: true }));
    assert.equal(plan.refusal, undefined);
    assert.equal(allTasks(plan).length, 2);
  });

  it('does not refuse an automated sync that keeps at least one object', () => {
    const plan = planSync(
      buildInput({ desired: [cm('a')], live: liveApp, automated: { prune: true } }),
    );
    assert.equal(plan.refusal, undefined);
    assert.deepEqual(listTasks(plan), [
      'Sync/0 prune /ConfigMap/prod/b',
      'Sync/0 apply /ConfigMap/prod/a',
    ]);
  });

  it('does not refuse an empty automated sync when nothing is ours to prune', () => {
    const plan = planSync(buildInput({ automated: { prune: true } }));
    assert.equal(plan.refusal, undefined);
    assert.deepEqual(plan.steps, []);
  });

  it('does not refuse an empty automated sync without prune: nothing would be deleted', () => {
    const plan = planSync(buildInput({ live: liveApp, automated: { selfHeal: true } }));
    assert.equal(plan.refusal, undefined);
    assert.deepEqual(listTasks(plan), []);
    assert.equal(plan.skipped.length, 2);
  });

  it('refuses ServerSideApply=false on the app', () => {
    const plan = planSync(
      buildInput({ desired: [cm('a')], syncOptions: ['ServerSideApply=false'] }),
    );
    assert.equal(plan.refusalReason, 'ServerSideApplyDisabled');
    assertEmpty(plan);
  });

  it('refuses ServerSideApply=false on an object, naming it', () => {
    const plan = planSync(
      buildInput({
        desired: [
          cm('a'),
          cm('legacy', { 'argocd.argoproj.io/sync-options': 'ServerSideApply=false' }),
        ],
      }),
    );
    assert.equal(plan.refusalReason, 'ServerSideApplyDisabled');
    assert.match(
      plan.refusal ?? '',
      /^ConfigMap\/legacy in prod: ServerSideApply=false is not supported/u,
    );
    assertEmpty(plan);
  });
});
