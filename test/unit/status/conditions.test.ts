import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplicationCondition, ApplicationStatus } from '../../../src/api/index.js';
import { buildApplicationStatus, type ConditionInput } from '../../../src/status/index.js';
import { LATER, NOW, application, compared } from './compared.js';

const EARLIER = '2025-03-01T09:00:00Z';
const NOW_TEXT = '2025-03-01T12:00:00Z';
const LATER_TEXT = '2025-03-01T12:05:00Z';

const syncError: ApplicationCondition = {
  type: 'SyncError',
  reason: 'ApplyFailed',
  message: 'Deployment/web in web: apply failed (Forbidden)',
  lastTransitionTime: EARLIER,
};
const specError: ApplicationCondition = {
  type: 'InvalidSpecError',
  reason: 'ProjectNotPermitted',
  message: "application repo x is not permitted in project 'p'",
  lastTransitionTime: EARLIER,
};
const comparisonError: ApplicationCondition = {
  type: 'ComparisonError',
  reason: 'RepoUnreachable',
  message: 'connection refused',
  lastTransitionTime: EARLIER,
};
const repeated: ConditionInput = {
  type: 'RepeatedResourceWarning',
  reason: 'RepeatedResource',
  message: 'Service/web in web appears 2 times',
};

function conditionsAfter(
  previous: ApplicationCondition[],
  outcome: Parameters<typeof buildApplicationStatus>[0]['outcome'],
  now = LATER,
): ApplicationCondition[] | undefined {
  const status: ApplicationStatus = { conditions: previous };
  return buildApplicationStatus({ app: application(status), outcome, now }).conditions;
}

function failedWith(failure: ConditionInput) {
  return { kind: 'failed', failure } as const;
}

describe('status conditions after a successful comparison', () => {
  it('clears ComparisonError and InvalidSpecError', () => {
    assert.equal(conditionsAfter([specError, comparisonError], compared([])), undefined);
  });

  it('keeps SyncError and other conditions of the sync path untouched', () => {
    const deletion = {
      type: 'DeletionError',
      message: 'finalizer stuck',
      lastTransitionTime: EARLIER,
    };
    assert.deepEqual(conditionsAfter([syncError, comparisonError, deletion], compared([])), [
      deletion,
      syncError,
    ]);
  });

  it('adds each warning with now as its lastTransitionTime and its reason', () => {
    assert.deepEqual(conditionsAfter([], compared([], [repeated])), [
      { ...repeated, lastTransitionTime: LATER_TEXT },
    ]);
  });

  it('keeps the lastTransitionTime of a warning that is still there', () => {
    const previous = { ...repeated, lastTransitionTime: EARLIER };
    assert.deepEqual(conditionsAfter([previous], compared([], [repeated])), [previous]);
  });

  it('gives a warning whose message changed a new lastTransitionTime', () => {
    const previous = {
      ...repeated,
      message: 'Service/old in web appears 2 times',
      lastTransitionTime: EARLIER,
    };
    assert.deepEqual(conditionsAfter([previous], compared([], [repeated])), [
      { ...repeated, lastTransitionTime: LATER_TEXT },
    ]);
  });

  it('drops a warning that the comparison no longer reports', () => {
    const previous = { ...repeated, lastTransitionTime: EARLIER };
    assert.equal(conditionsAfter([previous], compared([])), undefined);
  });

  it('writes a repeated warning once', () => {
    assert.equal(conditionsAfter([], compared([], [repeated, repeated]))?.length, 1);
  });

  it('orders conditions by type and message whatever order they came in', () => {
    const other = { ...repeated, message: 'ConfigMap/a in web appears 2 times' };
    const dryRun: ConditionInput = {
      type: 'ComparisonError',
      reason: 'DryRunFailed',
      message: 'dry-run failed',
    };
    const forward = conditionsAfter([syncError], compared([], [repeated, other, dryRun]));
    const backward = conditionsAfter([syncError], compared([], [dryRun, other, repeated]));
    assert.deepEqual(forward, backward);
    assert.deepEqual(
      forward?.map((c) => `${c.type}: ${c.message}`),
      [
        'ComparisonError: dry-run failed',
        `RepeatedResourceWarning: ${other.message}`,
        `RepeatedResourceWarning: ${repeated.message}`,
        `SyncError: ${syncError.message}`,
      ],
    );
  });

  it('leaves reason out when the input has none', () => {
    const bare: ConditionInput = {
      type: 'ExcludedResourceWarning',
      reason: '',
      message: 'excluded',
    };
    assert.deepEqual(conditionsAfter([], compared([], [bare])), [
      { type: 'ExcludedResourceWarning', message: 'excluded', lastTransitionTime: LATER_TEXT },
    ]);
  });
});

describe('status conditions after a failed comparison', () => {
  const failure: ConditionInput = {
    type: 'ComparisonError',
    reason: 'RepoUnreachable',
    message: 'connection refused',
  };

  it('sets the failure condition with now as its lastTransitionTime', () => {
    assert.deepEqual(conditionsAfter([], failedWith(failure), NOW), [
      { ...failure, lastTransitionTime: NOW_TEXT },
    ]);
  });

  it('keeps the lastTransitionTime while the same failure persists', () => {
    assert.deepEqual(conditionsAfter([comparisonError], failedWith(failure)), [comparisonError]);
  });

  it('replaces an earlier read-path error: a fixed spec error does not linger beside a repo error', () => {
    assert.deepEqual(conditionsAfter([specError], failedWith(failure)), [
      { ...failure, lastTransitionTime: LATER_TEXT },
    ]);
  });

  it('replaces a different ComparisonError message with a new time', () => {
    const renderFailure: ConditionInput = {
      type: 'ComparisonError',
      reason: 'RenderFailed',
      message: 'bad yaml',
    };
    assert.deepEqual(conditionsAfter([comparisonError], failedWith(renderFailure)), [
      { ...renderFailure, lastTransitionTime: LATER_TEXT },
    ]);
  });

  it('keeps the conditions of other types: warnings and the sync path', () => {
    const warning = { ...repeated, lastTransitionTime: EARLIER };
    assert.deepEqual(conditionsAfter([syncError, warning], failedWith(failure)), [
      { ...failure, lastTransitionTime: LATER_TEXT },
      warning,
      syncError,
    ]);
  });
});
