import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSyncPlan, planSync } from '../../../../src/sync/plan/index.js';
import { buildInput, manifest, ownedLive } from './plan-input.js';

describe('describeSyncPlan', () => {
  it('prints one line per task in execution order, then SyncFail hooks, skips and warnings', () => {
    const plan = planSync(
      buildInput({
        desired: [
          manifest('apps/v1', 'Deployment', 'web'),
          manifest('batch/v1', 'Job', 'migrate', {
            annotations: {
              'capstan.dev/hook': 'PreSync',
              'capstan.dev/hook-delete-policy': 'HookSucceeded',
            },
          }),
          manifest('batch/v1', 'Job', 'cleanup', {
            annotations: { 'capstan.dev/hook': 'SyncFail' },
          }),
          manifest('v1', 'ConfigMap', 'same', { annotations: { 'capstan.dev/sync-wave': 'x' } }),
        ],
        live: [
          ownedLive(manifest('apps/v1', 'Deployment', 'web')),
          ownedLive(manifest('v1', 'ConfigMap', 'old')),
          ownedLive(manifest('v1', 'ConfigMap', 'same')),
        ],
        verdicts: { 'apps/Deployment/prod/web': 'drift', '/ConfigMap/prod/same': 'equal' },
        syncOptions: ['ApplyOutOfSyncOnly=true', 'Replace=true', 'CreateNamespace=true'],
        prune: true,
      }),
    );
    assert.deepEqual(describeSyncPlan(plan), [
      'PreSync wave 0: createNamespace Namespace/prod (create: destination namespace missing)',
      'PreSync wave 0: hook Job/migrate in prod (run hook; delete policy HookSucceeded; replace)',
      'Sync wave 0: prune ConfigMap/old in prod (delete: no longer in Git; propagation foreground)',
      'Sync wave 0: apply Deployment/web in prod (update: drifted from Git; replace)',
      'on failure: SyncFail wave 0: hook Job/cleanup in prod (run hook; delete policy BeforeHookCreation; replace)',
      'skipped (InSync): ConfigMap/same in prod: already in sync (ApplyOutOfSyncOnly)',
      'warning: ConfigMap/same in prod: sync-wave "x" is not an integer; using wave 0',
    ]);
  });

  it('prints a refusal as a single line', () => {
    const plan = planSync(buildInput({ renderSucceeded: false }));
    assert.deepEqual(describeSyncPlan(plan), [
      'refused (RenderFailed): rendering failed: nothing is applied or pruned',
    ]);
  });

  it('says when there is nothing to do', () => {
    assert.deepEqual(describeSyncPlan(planSync(buildInput({}))), ['nothing to apply or prune']);
  });
});
