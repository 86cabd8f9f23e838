/**
 * Leader election's pure decisions with client-go's semantics: create a missing Lease, take a
 * free or expired one, respect a live holder (expiry by the observer's own clock), renew
 * one's own, and release with no holder and a one-second duration.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_LEADER_ELECTION_TIMING,
  checkLeaderElectionTiming,
  decideLeaseAction,
  isRenewOverdue,
  leaseSecondsOf,
  observeLease,
  releaseLeaseRecord,
  type LeaseCandidate,
  type LeaseObservation,
} from '../../../src/controller/leader-decision.js';
import { formatMicroTime, type LeaseRecord } from '../../../src/kube/index.js';

const T0 = 1_800_000_000_000;
const me: LeaseCandidate = {
  identity: 'me_1',
  leaseDurationSeconds: 15,
  formatTime: formatMicroTime,
};

function heldBy(holder: string, fields: Partial<LeaseRecord> = {}): LeaseRecord {
  return {
    holderIdentity: holder,
    leaseDurationSeconds: 15,
    acquireTime: formatMicroTime(T0 - 60_000),
    renewTime: formatMicroTime(T0),
    leaseTransitions: 3,
    ...fields,
  };
}

const seenAt = (record: LeaseRecord, at: number): LeaseObservation =>
  observeLease(undefined, record, at);

describe('decideLeaseAction', () => {
  it('creates the Lease when there is none, holding it with no transitions yet', () => {
    const decision = decideLeaseAction(undefined, T0, me);
    assert.deepEqual(decision, {
      action: 'create',
      record: {
        holderIdentity: 'me_1',
        leaseDurationSeconds: 15,
        acquireTime: formatMicroTime(T0),
        renewTime: formatMicroTime(T0),
        leaseTransitions: 0,
      },
    });
  });

  it('takes a Lease with no holder at once, counting one more transition', () => {
    const decision = decideLeaseAction(seenAt(heldBy(''), T0), T0 + 1, me);
    assert.ok(decision.action === 'update', decision.action);
    assert.equal(decision.isRenewal, false);
    assert.equal(decision.record.holderIdentity, 'me_1');
    assert.equal(decision.record.leaseTransitions, 4);
    assert.equal(decision.record.acquireTime, formatMicroTime(T0 + 1));
  });

  it('waits while another holder’s Lease has not expired by the observer’s clock', () => {
    const observation = seenAt(heldBy('other_2'), T0);
    const decision = decideLeaseAction(observation, T0 + 14_999, me);
    assert.deepEqual(decision, { action: 'wait', holder: 'other_2', expiresAtMs: T0 + 15_000 });
  });

  it('takes over a Lease unchanged for its whole duration since it was first seen', () => {
    const observation = seenAt(heldBy('other_2'), T0);
    const decision = decideLeaseAction(observation, T0 + 15_000, me);
    assert.ok(decision.action === 'update');
    assert.equal(decision.isRenewal, false);
    assert.equal(decision.record.holderIdentity, 'me_1');
    assert.equal(decision.record.leaseTransitions, 4);
    assert.equal(decision.record.renewTime, formatMicroTime(T0 + 15_000));
  });

  it('ignores renewTime for expiry: a holder whose clock runs ahead is not honoured longer', () => {
    const future = heldBy('other_2', { renewTime: formatMicroTime(T0 + 3_600_000) });
    const decision = decideLeaseAction(seenAt(future, T0), T0 + 15_000, me);
    assert.equal(decision.action, 'update');
  });

  it('honours the duration written in the Lease, not its own', () => {
    const observation = seenAt(heldBy('other_2', { leaseDurationSeconds: 60 }), T0);
    assert.equal(decideLeaseAction(observation, T0 + 59_999, me).action, 'wait');
    assert.equal(decideLeaseAction(observation, T0 + 60_000, me).action, 'update');
  });

  it('renews its own Lease, keeping acquireTime and the transition count', () => {
    const observation = seenAt(heldBy('me_1'), T0);
    const decision = decideLeaseAction(observation, T0 + 40_000, me);
    assert.ok(decision.action === 'update');
    assert.equal(decision.isRenewal, true);
    assert.deepEqual(decision.record, {
      holderIdentity: 'me_1',
      leaseDurationSeconds: 15,
      acquireTime: formatMicroTime(T0 - 60_000),
      renewTime: formatMicroTime(T0 + 40_000),
      leaseTransitions: 3,
    });
  });
});

describe('observeLease', () => {
  it('keeps the first sighting time while the record does not change', () => {
    const first = seenAt(heldBy('other_2'), T0);
    assert.equal(observeLease(first, heldBy('other_2'), T0 + 10_000), first);
  });

  it('restarts the clock when the holder renews, so a live holder is never taken over', () => {
    let observation = seenAt(heldBy('other_2'), T0);
    for (let t = T0 + 2_000; t <= T0 + 60_000; t += 2_000) {
      observation = observeLease(
        observation,
        heldBy('other_2', { renewTime: formatMicroTime(t) }),
        t,
      );
      assert.equal(decideLeaseAction(observation, t, me).action, 'wait', `at +${String(t - T0)}`);
    }
    assert.equal(observation.observedAtMs, T0 + 60_000);
  });
});

describe('releaseLeaseRecord', () => {
  it('clears the holder and shortens the lease to one second, keeping transitions', () => {
    assert.deepEqual(releaseLeaseRecord(heldBy('me_1'), T0 + 5, me), {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: formatMicroTime(T0 + 5),
      renewTime: formatMicroTime(T0 + 5),
      leaseTransitions: 3,
    });
  });

  it('leaves a Lease that the next candidate takes at once', () => {
    const released = releaseLeaseRecord(heldBy('other_2'), T0, me);
    assert.equal(decideLeaseAction(seenAt(released, T0), T0, me).action, 'update');
  });
});

describe('renew deadline and timing', () => {
  it('is overdue exactly renewDeadline after the last successful renewal began', () => {
    const timing = DEFAULT_LEADER_ELECTION_TIMING;
    assert.equal(isRenewOverdue(T0, T0 + 9_999, timing), false);
    assert.equal(isRenewOverdue(T0, T0 + 10_000, timing), true);
  });

  it('requires lease duration > renew deadline > retry period', () => {
    assert.equal(checkLeaderElectionTiming(DEFAULT_LEADER_ELECTION_TIMING), undefined);
    const bad = [
      { leaseDurationMs: 10_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 },
      { leaseDurationMs: 15_000, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 },
      { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 0 },
    ];
    for (const timing of bad) assert.notEqual(checkLeaderElectionTiming(timing), undefined);
  });

  it('writes whole seconds, rounded up', () => {
    const timing = { ...DEFAULT_LEADER_ELECTION_TIMING, leaseDurationMs: 2_500 };
    assert.equal(leaseSecondsOf(timing), 3);
    assert.equal(leaseSecondsOf(DEFAULT_LEADER_ELECTION_TIMING), 15);
  });

  it('formats MicroTime with six fractional digits', () => {
    assert.equal(
      formatMicroTime(Date.UTC(2026, 11, 3, 2, 43, 57, 123)),
      '2026-12-03T02:43:57.123000Z',
    );
  });
});
