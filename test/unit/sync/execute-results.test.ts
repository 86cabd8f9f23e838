import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceResult } from '../../../src/api/index.js';
import type { ResourceKey } from '../../../src/model/index.js';
import type { SyncTask } from '../../../src/sync/plan/index.js';
import {
  describeAppliedChange,
  describePruneChange,
  formatCancelled,
  formatDryRunFailure,
  formatFailure,
  formatSuccess,
  formatTimeout,
  formatWaitingFor,
  makeResourceResult,
  makeSkippedPruneResult,
  stripSubject,
} from '../../../src/sync/execute/results.js';
import { ResultBook } from '../../../src/sync/execute/runner.js';

const DEPLOYMENT_KEY = 'apps/Deployment/prod/web' as ResourceKey;

function applyTask(overrides: Partial<SyncTask> = {}): SyncTask {
  return {
    key: DEPLOYMENT_KEY,
    action: 'apply',
    phase: 'Sync',
    wave: 2,
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'prod' },
    },
    reason: 'drift',
    exists: true,
    ...overrides,
  };
}

describe('per-resource results', () => {
  it('names the object, its version, phase and wave from the task', () => {
    assert.deepEqual(makeResourceResult(applyTask(), describeAppliedChange('configured', false)), {
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      namespace: 'prod',
      name: 'web',
      status: 'Synced',
      message: 'configured',
      syncPhase: 'Sync',
      syncWave: 2,
    });
  });

  it('carries the hook type and phase of a hook task', () => {
    const task = applyTask({
      key: 'batch/Job/prod/migrate' as ResourceKey,
      action: 'hook',
      phase: 'PreSync',
      wave: -1,
      hookType: 'PreSync',
      object: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' } },
    });
    const result = makeResourceResult(task, {
      status: 'Synced',
      message: 'created',
      hookPhase: 'Running',
    });
    assert.equal(result.hookType, 'PreSync');
    assert.equal(result.hookPhase, 'Running');
    assert.equal(result.syncPhase, 'PreSync');
    assert.equal(result.syncWave, -1);
    assert.equal(result.version, 'v1');
  });

  it('leaves out hook fields for plain resources', () => {
    const result = makeResourceResult(applyTask(), describeAppliedChange('created', false));
    assert.equal('hookType' in result, false);
    assert.equal('hookPhase' in result, false);
  });

  it('says created, configured, unchanged or replaced, with "(dry run)" when nothing is written', () => {
    assert.deepEqual(describeAppliedChange('unchanged', false), {
      status: 'Synced',
      message: 'unchanged',
    });
    assert.deepEqual(describeAppliedChange('created', true), {
      status: 'Synced',
      message: 'created (dry run)',
    });
    assert.deepEqual(describeAppliedChange('replaced', false), {
      status: 'Synced',
      message: 'replaced',
    });
  });

  it('reports prunes as Pruned, and a namesake created since the plan as PruneSkipped', () => {
    assert.deepEqual(describePruneChange('pruned', false), { status: 'Pruned', message: 'pruned' });
    assert.deepEqual(describePruneChange('pruned', true), {
      status: 'Pruned',
      message: 'pruned (dry run)',
    });
    assert.deepEqual(describePruneChange('alreadyGone', false), {
      status: 'Pruned',
      message: 'already deleted',
    });
    const skipped = describePruneChange('replacedSincePlan', false);
    assert.equal(skipped.status, 'PruneSkipped');
    assert.match(skipped.message, /^not pruned: /u);
  });

  it('turns a plan’s skipped prune into PruneSkipped without repeating the subject, and ignores other skips', () => {
    const key = '/ConfigMap/prod/old' as ResourceKey;
    const message = 'ConfigMap/old in prod: no longer in Git; ignored (requires pruning)';
    assert.deepEqual(
      makeSkippedPruneResult({ key, action: 'prune', reason: 'PruneDisabled', message }),
      {
        group: '',
        kind: 'ConfigMap',
        namespace: 'prod',
        name: 'old',
        status: 'PruneSkipped',
        message: 'no longer in Git; ignored (requires pruning)',
        syncPhase: 'Sync',
      },
    );
    assert.equal(
      makeSkippedPruneResult({ key, action: 'apply', reason: 'InSync', message: 'x' }),
      undefined,
    );
  });

  it('strips only the object’s own subject from a message', () => {
    assert.equal(
      stripSubject('Deployment/web in prod: apply failed (409 Conflict): x', DEPLOYMENT_KEY),
      'apply failed (409 Conflict): x',
    );
    assert.equal(
      stripSubject('Deployment/api in prod: x', DEPLOYMENT_KEY),
      'Deployment/api in prod: x',
    );
  });
});

describe('sync messages', () => {
  it('names the first object that failed the dry-run, then counts the others', () => {
    const first = 'Deployment/web in prod: dry-run failed (422 Invalid): bad name';
    assert.equal(formatDryRunFailure([first]), `${first}; nothing was applied`);
    assert.equal(
      formatDryRunFailure([first, 'ConfigMap/a in prod: dry-run failed (422 Invalid): x']),
      `${first}; 1 more object failed the dry-run; nothing was applied`,
    );
    assert.equal(
      formatDryRunFailure([first, 'a', 'b']),
      `${first}; 2 more objects failed the dry-run; nothing was applied`,
    );
  });

  it('adds what the SyncFail hooks did to the failure', () => {
    const primary = 'Job/smoke in prod: PostSync hook failed: BackoffLimitExceeded';
    assert.equal(formatFailure(primary, undefined), primary);
    assert.equal(formatFailure(primary, { count: 0, failures: [] }), primary);
    assert.equal(
      formatFailure(primary, { count: 2, failures: [] }),
      `${primary}; SyncFail hooks ran (2 succeeded)`,
    );
    assert.equal(
      formatFailure(primary, {
        count: 2,
        failures: ['Job/notify in prod: SyncFail hook failed: x'],
      }),
      `${primary}; SyncFail hooks: Job/notify in prod: SyncFail hook failed: x`,
    );
  });

  it('words success, cancellation and timeouts', () => {
    assert.equal(formatSuccess(false, 3), 'successfully synced (all tasks run)');
    assert.equal(formatSuccess(true, 3), 'dry run: all 3 tasks would succeed; nothing was written');
    assert.equal(
      formatCancelled('Sync wave 1', 2, 5),
      'sync cancelled during Sync wave 1 after 2 of 5 tasks; the results list what was done',
    );
    assert.equal(
      formatTimeout('Sync wave 0', 299_600, 'Deployment/web in prod to be healthy'),
      'Sync wave 0: timed out after 300s waiting for Deployment/web in prod to be healthy',
    );
  });

  it('lists at most three objects a wait is waiting for', () => {
    assert.equal(formatWaitingFor(['a', 'b']), 'a, b');
    assert.equal(formatWaitingFor(['a', 'b', 'c', 'd', 'e']), 'a, b, c and 2 more');
  });
});

describe('ResultBook', () => {
  it('keeps results in execution order, updates a task’s entry in place and reports each change', async () => {
    const reports: { message: string; resources: readonly ResourceResult[] }[] = [];
    const book = new ResultBook((message, resources) => {
      reports.push({ message, resources });
      return Promise.resolve();
    });
    const hook = applyTask({
      key: 'batch/Job/prod/migrate' as ResourceKey,
      action: 'hook',
      phase: 'PreSync',
    });
    await book.record(hook, { status: 'Synced', message: 'created', hookPhase: 'Running' });
    await book.record(applyTask(), describeAppliedChange('created', false));
    await book.record(hook, { status: 'Synced', message: 'job completed', hookPhase: 'Succeeded' });
    await book.announce('Sync wave 2: waiting for Deployment/web in prod to be healthy');
    assert.deepEqual(
      book.resources.map((r) => `${r.name ?? ''} ${r.message ?? ''}`),
      ['migrate job completed', 'web created'],
    );
    assert.deepEqual(
      reports.map((r) => r.message),
      [
        'Job/migrate in prod: created',
        'Deployment/web in prod: created',
        'Job/migrate in prod: job completed',
        'Sync wave 2: waiting for Deployment/web in prod to be healthy',
      ],
    );
    assert.equal(reports[0]?.resources.length, 1, 'each report is a snapshot');
  });

  it('keeps a hook’s entries apart when it runs in two phases', async () => {
    const book = new ResultBook(() => Promise.resolve());
    const key = 'batch/Job/prod/check' as ResourceKey;
    await book.record(applyTask({ key, action: 'hook', phase: 'PreSync' }), {
      status: 'Synced',
      message: 'a',
    });
    await book.record(applyTask({ key, action: 'hook', phase: 'PostSync' }), {
      status: 'Synced',
      message: 'b',
    });
    assert.deepEqual(
      book.resources.map((r) => r.syncPhase),
      ['PreSync', 'PostSync'],
    );
  });
});
