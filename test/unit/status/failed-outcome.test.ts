import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplicationStatus } from '../../../src/api/index.js';
import { buildApplicationStatus } from '../../../src/status/index.js';
import { LATER, NOW, REVISION, application, compared } from './compared.js';

describe('buildApplicationStatus: bookkeeping', () => {
  it('sets reconciledAt from now and observedGeneration from metadata.generation', () => {
    const status = buildApplicationStatus({
      app: application(undefined, 12),
      outcome: compared([]),
      now: LATER,
    });
    assert.equal(status.reconciledAt, '2025-03-01T12:05:00Z');
    assert.equal(status.observedGeneration, 12);
  });

  it('carries operationState and history over unchanged after a compare and after a failure', () => {
    const previous: ApplicationStatus = {
      operationState: {
        operation: { sync: { prune: true } },
        phase: 'Running',
        startedAt: '2025-03-01T11:00:00Z',
      },
      history: [{ id: 3, revision: REVISION, deployedAt: '2025-03-01T10:00:00Z' }],
    };
    const failure = {
      type: 'ComparisonError',
      reason: 'RenderFailed',
      message: 'bad yaml',
    } as const;
    for (const outcome of [compared([]), { kind: 'failed', failure } as const]) {
      const status = buildApplicationStatus({ app: application(previous), outcome, now: NOW });
      assert.deepEqual(status.operationState, previous.operationState);
      assert.deepEqual(status.history, previous.history);
    }
  });
});

describe('buildApplicationStatus: failed comparison', () => {
  const previous: ApplicationStatus = {
    sync: { status: 'OutOfSync', revision: REVISION, shortRevision: REVISION.slice(0, 7) },
    health: { status: 'Progressing', message: 'Deployment/web in web: rolling out' },
    resources: [
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: 'web',
        name: 'web',
        status: 'OutOfSync',
      },
      { version: 'v1', kind: 'Service', namespace: 'web', name: 'web', status: 'Synced' },
    ],
    summary: { images: ['nginx:1.27'] },
  };
  const failed = (reason: string, revision?: string) =>
    ({
      kind: 'failed',
      failure: { type: 'ComparisonError', reason, message: `${reason} happened` },
      ...(revision === undefined ? {} : { revision }),
    }) as const;

  it('keeps the last known resources, health, summary and revision with sync Unknown', () => {
    const status = buildApplicationStatus({
      app: application(previous),
      outcome: failed('RenderFailed'),
      now: NOW,
    });
    assert.equal(status.sync?.status, 'Unknown');
    assert.equal(status.sync.revision, REVISION);
    assert.deepEqual(status.resources, previous.resources);
    assert.deepEqual(status.health, previous.health);
    assert.deepEqual(status.summary, previous.summary);
  });

  it('never marks a kept resource for pruning', () => {
    const status = buildApplicationStatus({
      app: application(previous),
      outcome: failed('RepoUnreachable'),
      now: NOW,
    });
    assert.ok((status.resources ?? []).every((r) => r.requiresPruning === undefined));
  });

  it('prefers the last compared revision over the one the failed attempt resolved', () => {
    const other = 'ffffffffffffffffffffffffffffffffffffffff';
    const status = buildApplicationStatus({
      app: application(previous),
      outcome: failed('RenderFailed', other),
      now: NOW,
    });
    assert.equal(status.sync?.revision, REVISION);
  });

  it('shows the resolved revision and Unknown health when there was no earlier comparison', () => {
    const resolved = 'abcdef0123456789abcdef0123456789abcdef01';
    const status = buildApplicationStatus({
      app: application(),
      outcome: failed('RenderFailed', resolved),
      now: NOW,
    });
    assert.deepEqual(status.sync, {
      status: 'Unknown',
      revision: resolved,
      shortRevision: 'abcdef0',
    });
    assert.deepEqual(status.health, { status: 'Unknown' });
    assert.deepEqual(status.resources, []);
  });

  for (const reason of [
    'InvalidSpec',
    'ProjectNotPermitted',
    'RevisionNotFound',
    'RepoUnreachable',
    'RenderFailed',
  ]) {
    it(`records the ${reason} failure as a condition with its reason`, () => {
      const type =
        reason === 'InvalidSpec' || reason === 'ProjectNotPermitted'
          ? 'InvalidSpecError'
          : 'ComparisonError';
      const outcome = {
        kind: 'failed',
        failure: { type, reason, message: `${reason}: details` },
      } as const;
      const status = buildApplicationStatus({ app: application(previous), outcome, now: NOW });
      assert.deepEqual(status.conditions, [
        { type, reason, message: `${reason}: details`, lastTransitionTime: '2025-03-01T12:00:00Z' },
      ]);
    });
  }
});
