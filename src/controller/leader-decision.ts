/**
 * The pure half of leader election, with client-go's leaderelection semantics: what a
 * candidate does with the Lease it just read, judged by its own clock. No I/O, no timers:
 * the loop in leader-election.ts reads, asks here, writes.
 */
import type { LeaseRecord } from '../kube/index.js';

/** The three durations of leader election (client-go's names and meaning). */
export interface LeaderElectionTiming {
  /** How long a Lease not seen renewed is honoured before a standby may take it over. */
  readonly leaseDurationMs: number;
  /** How long the leader keeps retrying a failed renewal before it gives up leadership. */
  readonly renewDeadlineMs: number;
  /** Pause between acquire attempts, and between renewals. */
  readonly retryPeriodMs: number;
}

export const DEFAULT_LEADER_ELECTION_TIMING: LeaderElectionTiming = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

/**
 * Why the durations must be ordered: a leader that stops at renewDeadline, before any
 * standby's leaseDuration runs out, never overlaps the next leader. Undefined when valid.
 */
export function checkLeaderElectionTiming(timing: LeaderElectionTiming): string | undefined {
  const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = timing;
  if (!(retryPeriodMs > 0)) return 'the retry period must be positive';
  if (!(leaseDurationMs > renewDeadlineMs))
    return 'the lease duration must be longer than the renew deadline';
  if (!(renewDeadlineMs > retryPeriodMs))
    return 'the renew deadline must be longer than the retry period';
  return undefined;
}

/** Whole seconds for `spec.leaseDurationSeconds`, rounded up so a holder never gets less. */
export function leaseSecondsOf(timing: LeaderElectionTiming): number {
  return Math.max(1, Math.ceil(timing.leaseDurationMs / 1000));
}

/**
 * What a candidate last saw of the Lease and when, by its own clock. Expiry is measured
 * from the moment the record was seen to change, never from the holder's renewTime: the
 * two machines' clocks need not agree, only run at the same rate.
 */
export interface LeaseObservation {
  readonly record: LeaseRecord;
  readonly observedAtMs: number;
}

function isSameRecord(a: LeaseRecord, b: LeaseRecord): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}

/** The observation after reading `record` at `nowMs`: unchanged records keep their old time. */
export function observeLease(
  previous: LeaseObservation | undefined,
  record: LeaseRecord,
  nowMs: number,
): LeaseObservation {
  if (previous !== undefined && isSameRecord(previous.record, record)) return previous;
  return { record, observedAtMs: nowMs };
}

/** Who is asking, and the time they write into a Lease they hold. */
export interface LeaseCandidate {
  readonly identity: string;
  readonly leaseDurationSeconds: number;
  /** What acquireTime/renewTime are written as (Kubernetes MicroTime). */
  readonly formatTime: (epochMs: number) => string;
}

/**
 * `create`: no Lease yet. `update`: write `record` over the version read — a takeover or a
 * renewal. `wait`: someone else holds a Lease that has not expired by this candidate's clock.
 */
export type LeaseDecision =
  | { readonly action: 'create'; readonly record: LeaseRecord }
  | { readonly action: 'update'; readonly record: LeaseRecord; readonly isRenewal: boolean }
  | { readonly action: 'wait'; readonly holder: string; readonly expiresAtMs: number };

/** The observed Lease's expiry by the observer's clock. */
export function leaseExpiryOf(observation: LeaseObservation): number {
  return observation.observedAtMs + observation.record.leaseDurationSeconds * 1000;
}

/**
 * One step of acquire-or-renew. `observation` undefined means no Lease exists. A Lease is
 * free when it has no holder (never taken, or released) or when it has not changed for its
 * own leaseDurationSeconds since this candidate first saw it that way.
 */
export function decideLeaseAction(
  observation: LeaseObservation | undefined,
  nowMs: number,
  candidate: LeaseCandidate,
): LeaseDecision {
  const now = candidate.formatTime(nowMs);
  const fresh = {
    holderIdentity: candidate.identity,
    leaseDurationSeconds: candidate.leaseDurationSeconds,
    acquireTime: now,
    renewTime: now,
  };
  if (observation === undefined)
    return { action: 'create', record: { ...fresh, leaseTransitions: 0 } };
  const current = observation.record;
  if (current.holderIdentity === candidate.identity) {
    // A renewal keeps when this holder first acquired it and the transition count.
    const record = {
      ...fresh,
      acquireTime: current.acquireTime === '' ? now : current.acquireTime,
      leaseTransitions: current.leaseTransitions,
    };
    return { action: 'update', record, isRenewal: true };
  }
  const expiresAtMs = leaseExpiryOf(observation);
  if (current.holderIdentity !== '' && expiresAtMs > nowMs)
    return { action: 'wait', holder: current.holderIdentity, expiresAtMs };
  return {
    action: 'update',
    record: { ...fresh, leaseTransitions: current.leaseTransitions + 1 },
    isRenewal: false,
  };
}

/**
 * What a leader writes when it stops cleanly (client-go's ReleaseOnCancel): no holder and a
 * one-second duration, so a standby takes over at its next retry instead of waiting out
 * the full lease.
 */
export function releaseLeaseRecord(
  record: LeaseRecord,
  nowMs: number,
  candidate: LeaseCandidate,
): LeaseRecord {
  const now = candidate.formatTime(nowMs);
  return {
    holderIdentity: '',
    leaseDurationSeconds: 1,
    acquireTime: now,
    renewTime: now,
    leaseTransitions: record.leaseTransitions,
  };
}

/** The leader has not renewed for renewDeadline since its last successful renewal began. */
export function isRenewOverdue(
  lastRenewStartedMs: number,
  nowMs: number,
  timing: LeaderElectionTiming,
): boolean {
  return nowMs - lastRenewStartedMs >= timing.renewDeadlineMs;
}
