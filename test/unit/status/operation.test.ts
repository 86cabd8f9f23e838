import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appendRevisionHistory,
  finishOperationState,
  resumeOperationState,
  retryDueAt,
  retryingOperationState,
  startOperationState,
  updateSyncErrorCondition,
} from '../../../src/status/index.js';

const NOW = Date.UTC(2026, 11, 3, 10, 0, 0);
const source = { repoURL: 'https://git.example.com/deploy.git', path: 'apps/web' };

describe('operation state', () => {
  it('starts Running with the operation and a start time, before any write', () => {
    const state = startOperationState({ sync: { revision: 'abc' } }, NOW);
    assert.equal(state.phase, 'Running');
    assert.equal(state.startedAt, '2026-12-03T10:00:00Z');
    assert.deepEqual(state.operation, { sync: { revision: 'abc' } });
    assert.equal(state.retryCount, undefined);
    assert.equal(startOperationState({}, NOW, 2).retryCount, 2);
  });

  it('finishes with phase, message, finish time and the sync result', () => {
    const running = startOperationState({ sync: { revision: 'abc' } }, NOW);
    const done = finishOperationState(
      running,
      {
        phase: 'Failed',
        message: 'one or more objects failed to apply',
        revision: 'abc',
        source,
        resources: [{ kind: 'Deployment', name: 'web', status: 'SyncFailed', message: 'boom' }],
      },
      NOW + 5_000,
    );
    assert.equal(done.phase, 'Failed');
    assert.equal(done.startedAt, '2026-12-03T10:00:00Z');
    assert.equal(done.finishedAt, '2026-12-03T10:00:05Z');
    assert.ok(done.syncResult);
    assert.equal(done.syncResult.revision, 'abc');
    assert.deepEqual(done.syncResult.resources, [
      { kind: 'Deployment', name: 'web', status: 'SyncFailed', message: 'boom' },
    ]);
  });
});

describe('appendRevisionHistory', () => {
  const entry = (revision: string) => ({ revision, deployedAt: '2026-12-03T10:00:00Z', source });

  it('numbers entries from 0 and keeps growing ids', () => {
    let history = appendRevisionHistory(undefined, entry('a'), 10);
    history = appendRevisionHistory(history, entry('b'), 10);
    assert.deepEqual(
      history.map((h) => [h.id, h.revision]),
      [
        [0, 'a'],
        [1, 'b'],
      ],
    );
  });

  it('drops the oldest beyond the limit, 10 by default, none at 0', () => {
    let history = appendRevisionHistory(undefined, entry('r0'), undefined);
    for (let i = 1; i < 12; i += 1)
      history = appendRevisionHistory(history, entry(`r${String(i)}`), undefined);
    assert.equal(history.length, 10);
    assert.equal(history[0]?.revision, 'r2');
    assert.equal(history[9]?.id, 11);
    assert.deepEqual(appendRevisionHistory(history, entry('x'), 0), []);
    assert.deepEqual(
      appendRevisionHistory(history, entry('x'), 2).map((h) => h.revision),
      ['r11', 'x'],
    );
  });
});

describe('updateSyncErrorCondition', () => {
  const comparison = { type: 'ComparisonError', reason: 'RenderFailed', message: 'x' };

  it('sets SyncError on failure, keeping other conditions and the sort order', () => {
    const next = updateSyncErrorCondition(
      [comparison],
      { reason: 'DryRunFailed', message: 'Deployment/web: bad' },
      NOW,
    );
    assert.deepEqual(next, [
      comparison,
      {
        type: 'SyncError',
        reason: 'DryRunFailed',
        message: 'Deployment/web: bad',
        lastTransitionTime: '2026-12-03T10:00:00Z',
      },
    ]);
  });

  it('keeps the transition time while the message is the same, and clears on success', () => {
    const first = updateSyncErrorCondition(undefined, { reason: 'TaskFailed', message: 'm' }, NOW);
    const again = updateSyncErrorCondition(
      first,
      { reason: 'TaskFailed', message: 'm' },
      NOW + 60_000,
    );
    assert.ok(again);
    assert.equal(again[0]?.lastTransitionTime, '2026-12-03T10:00:00Z');
    assert.equal(updateSyncErrorCondition(again, undefined, NOW), undefined);
    assert.deepEqual(updateSyncErrorCondition([comparison, ...again], undefined, NOW), [
      comparison,
    ]);
  });
});

describe('operation retries', () => {
  const failedAttempt = (retryCount?: number) =>
    finishOperationState(
      {
        ...startOperationState({ sync: {}, retry: { limit: 3 } }, NOW),
        ...(retryCount !== undefined ? { retryCount } : {}),
      },
      { phase: 'Failed', message: 'Job/migrate failed', revision: 'abc', source, resources: [] },
      NOW + 4_000,
    );

  it('keeps a failed attempt Running with one more retry counted and says when', () => {
    const retrying = retryingOperationState(failedAttempt(), NOW + 9_000);
    assert.equal(retrying.phase, 'Running');
    assert.equal(retrying.retryCount, 1);
    assert.equal(retrying.finishedAt, '2026-12-03T10:00:04Z');
    assert.equal(retrying.message, 'Job/migrate failed; retry 1 at 2026-12-03T10:00:09Z');
    assert.equal(retryingOperationState(failedAttempt(2), NOW).retryCount, 3);
  });

  it('is due at the failed attempt’s end plus the backoff for the retries before it', () => {
    const delays: number[] = [];
    const delayOf = (retries: number) => {
      delays.push(retries);
      return 1_000 * 2 ** retries;
    };
    assert.equal(retryDueAt(retryingOperationState(failedAttempt(), NOW), delayOf), NOW + 5_000);
    assert.equal(retryDueAt(retryingOperationState(failedAttempt(1), NOW), delayOf), NOW + 6_000);
    assert.deepEqual(delays, [0, 1]);
    // Not waiting for a retry: running for the first time, or finished.
    assert.equal(retryDueAt(startOperationState({}, NOW), delayOf), undefined);
    assert.equal(retryDueAt(failedAttempt(), delayOf), undefined);
  });

  it('resumes with the same operation, start and retry count, and no finish time', () => {
    const retrying = retryingOperationState(failedAttempt(), NOW + 9_000);
    const resumed = resumeOperationState(retrying);
    assert.deepEqual(resumed, {
      operation: { sync: {}, retry: { limit: 3 } },
      phase: 'Running',
      message: 'retrying (attempt 2)',
      startedAt: '2026-12-03T10:00:00Z',
      retryCount: 1,
    });
    assert.equal(resumeOperationState(startOperationState({}, NOW)).message, 'syncing');
  });
});
