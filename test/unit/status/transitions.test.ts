import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplicationStatus } from '../../../src/api/index.js';
import { describeStatusTransitions, isStatusChanged } from '../../../src/status/index.js';

const base: ApplicationStatus = {
  sync: { status: 'Synced', revision: 'abc', shortRevision: 'abc' },
  health: { status: 'Healthy' },
  resources: [{ version: 'v1', kind: 'Service', namespace: 'web', name: 'web', status: 'Synced' }],
  conditions: [{ type: 'SyncError', message: 'x', lastTransitionTime: '2025-03-01T09:00:00Z' }],
  reconciledAt: '2025-03-01T12:00:00Z',
  observedGeneration: 2,
};

function changed(patch: Partial<ApplicationStatus>): ApplicationStatus {
  return { ...structuredClone(base), ...patch };
}

describe('isStatusChanged', () => {
  it('is true when there was no status before', () => {
    assert.equal(isStatusChanged(undefined, base), true);
  });

  it('is false when only reconciledAt moved', () => {
    assert.equal(isStatusChanged(base, changed({ reconciledAt: '2025-03-01T12:05:00Z' })), false);
  });

  it('is false when only the order of object keys differs (as after an apiserver round trip)', () => {
    const reordered = JSON.parse(
      JSON.stringify({
        observedGeneration: 2,
        reconciledAt: 'later',
        conditions: base.conditions,
        resources: [
          { status: 'Synced', name: 'web', namespace: 'web', kind: 'Service', version: 'v1' },
        ],
        health: { status: 'Healthy' },
        sync: { shortRevision: 'abc', revision: 'abc', status: 'Synced' },
      }),
    ) as ApplicationStatus;
    assert.equal(isStatusChanged(base, reordered), false);
  });

  it('is true when sync status, health, a resource, a condition or the generation changes', () => {
    const variants: ApplicationStatus[] = [
      changed({ sync: { status: 'OutOfSync', revision: 'abc', shortRevision: 'abc' } }),
      changed({ health: { status: 'Healthy', message: 'now with a message' } }),
      changed({ resources: [] }),
      changed({ resources: [{ ...base.resources?.[0], status: 'OutOfSync' }] }),
      changed({ conditions: [] }),
      changed({
        conditions: [
          { type: 'SyncError', message: 'x', lastTransitionTime: '2025-03-01T10:00:00Z' },
        ],
      }),
      changed({ observedGeneration: 3 }),
      changed({ summary: { images: ['nginx:1.27'] } }),
    ];
    for (const next of variants)
      assert.equal(isStatusChanged(base, next), true, JSON.stringify(next));
  });

  it('tells an empty list from a missing one', () => {
    const withoutResources = structuredClone(base);
    delete withoutResources.resources;
    assert.equal(isStatusChanged(withoutResources, changed({ resources: [] })), true);
  });
});

describe('describeStatusTransitions', () => {
  it('reports nothing when only reconciledAt changed', () => {
    assert.deepEqual(describeStatusTransitions(base, changed({ reconciledAt: 'later' })), []);
  });

  it('reports a sync status change in Argo CD words', () => {
    const next = changed({ sync: { status: 'OutOfSync' } });
    assert.deepEqual(describeStatusTransitions(base, next), [
      {
        type: 'Normal',
        reason: 'ResourceUpdated',
        message: 'Updated sync status: Synced -> OutOfSync',
      },
    ]);
  });

  it('reports a health status change, and both when both change', () => {
    const progressing = changed({ health: { status: 'Progressing' } });
    const next = changed({ sync: { status: 'OutOfSync' }, health: { status: 'Healthy' } });
    assert.deepEqual(describeStatusTransitions(progressing, next), [
      {
        type: 'Normal',
        reason: 'ResourceUpdated',
        message: 'Updated sync status: Synced -> OutOfSync',
      },
      {
        type: 'Normal',
        reason: 'ResourceUpdated',
        message: 'Updated health status: Progressing -> Healthy',
      },
    ]);
  });

  it('reports the first sync and health status as Argo CD does, from empty', () => {
    assert.deepEqual(
      describeStatusTransitions(undefined, base).map((event) => event.message),
      ['Updated sync status:  -> Synced', 'Updated health status:  -> Healthy'],
    );
  });

  it('does not report a health message change as a transition', () => {
    const next = changed({ health: { status: 'Healthy', message: 'different' } });
    assert.deepEqual(describeStatusTransitions(base, next), []);
  });

  it('warns about a newly appearing ComparisonError or InvalidSpecError, named after its type', () => {
    const next = changed({
      conditions: [
        {
          type: 'ComparisonError',
          reason: 'RenderFailed',
          message: 'bad yaml',
          lastTransitionTime: 't',
        },
        {
          type: 'InvalidSpecError',
          reason: 'InvalidSpec',
          message: 'spec.x: bad',
          lastTransitionTime: 't',
        },
        { type: 'SyncError', message: 'x', lastTransitionTime: '2025-03-01T09:00:00Z' },
      ],
    });
    assert.deepEqual(describeStatusTransitions(base, next), [
      { type: 'Warning', reason: 'ComparisonError', message: 'bad yaml' },
      { type: 'Warning', reason: 'InvalidSpecError', message: 'spec.x: bad' },
    ]);
  });

  it('does not warn again while the same error persists, but does when its message changes', () => {
    const failing = changed({
      conditions: [{ type: 'ComparisonError', message: 'bad yaml', lastTransitionTime: 't' }],
    });
    assert.deepEqual(describeStatusTransitions(failing, structuredClone(failing)), []);
    const worse = changed({
      conditions: [{ type: 'ComparisonError', message: 'worse yaml', lastTransitionTime: 'u' }],
    });
    assert.deepEqual(describeStatusTransitions(failing, worse), [
      { type: 'Warning', reason: 'ComparisonError', message: 'worse yaml' },
    ]);
  });

  it('does not warn about warnings or conditions of the sync path', () => {
    const next = changed({
      conditions: [
        { type: 'RepeatedResourceWarning', message: 'twice', lastTransitionTime: 't' },
        { type: 'SyncError', message: 'new sync error', lastTransitionTime: 't' },
      ],
    });
    assert.deepEqual(describeStatusTransitions(base, next), []);
  });
});
