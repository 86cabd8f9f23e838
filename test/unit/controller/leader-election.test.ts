/**
 * The leader-election loop with a fake clock and an in-memory Lease that enforces
 * resourceVersion like the API server: one leader at a time, a standby takes over a dead
 * leader's Lease within leaseDuration + retryPeriod, a leader that cannot renew gives up at
 * renewDeadline (before anyone can take over), and a clean stop releases the Lease.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  startLeaderElection,
  type LeaderElector,
  type LeadershipEnd,
  type LeaseStore,
} from '../../../src/controller/leader-election.js';
import type { LeaderElectionTiming } from '../../../src/controller/leader-decision.js';
import { KubeStatusError, type LeaseRecord, type StoredLease } from '../../../src/kube/index.js';
import { createSilentLogger } from '../../../src/log/index.js';
import { KubeError } from '../../../src/model/index.js';
import { createFakeClock, settle, type FakeClock } from '../../helpers/fake-timers.js';

const TIMING: LeaderElectionTiming = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};
const STEP_MS = 50;

/** One Lease with the API server's optimistic concurrency. */
class MemoryLease {
  stored: StoredLease | undefined;
  #version = 0;
  readonly writes: LeaseRecord[] = [];

  read(): StoredLease | undefined {
    return this.stored;
  }

  create(record: LeaseRecord): StoredLease {
    if (this.stored) throw new KubeStatusError('exists', 409, 'AlreadyExists', false);
    return this.#write(record);
  }

  update(lease: StoredLease): StoredLease {
    if (lease.resourceVersion !== this.stored?.resourceVersion)
      throw new KubeStatusError('stale', 409, 'Conflict', true);
    return this.#write(lease.record);
  }

  #write(record: LeaseRecord): StoredLease {
    this.#version += 1;
    this.writes.push(record);
    this.stored = { record, resourceVersion: String(this.#version) };
    return this.stored;
  }
}

/** How one process reaches the Lease: `up`, failing fast, or hanging until aborted. */
type Link = { state: 'up' | 'failing' | 'hanging' };

function storeFor(lease: MemoryLease, link: Link): LeaseStore {
  const call = <T>(op: () => T, signal: AbortSignal): Promise<T> => {
    if (link.state === 'failing')
      return Promise.reject(new KubeError('connection refused', { retryable: true }));
    if (link.state === 'hanging')
      return new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(new KubeError('aborted')), { once: true }),
      );
    return Promise.resolve().then(op);
  };
  return {
    read: (signal) => call(() => lease.read(), signal),
    create: (record, signal) => call(() => lease.create(record), signal),
    update: (stored, signal) => call(() => lease.update(stored), signal),
  };
}

interface Candidate {
  readonly elector: LeaderElector;
  readonly link: Link;
  startedAt?: number;
  stoppedAt?: number;
  end?: LeadershipEnd;
}

function startCandidate(identity: string, lease: MemoryLease, clock: FakeClock): Candidate {
  const link: Link = { state: 'up' };
  const candidate: { -readonly [K in keyof Candidate]: Candidate[K] } = {
    link,
    elector: undefined as unknown as LeaderElector,
  };
  candidate.elector = startLeaderElection({
    store: storeFor(lease, link),
    identity,
    timing: TIMING,
    clock,
    logger: createSilentLogger(),
    onStartedLeading: () => (candidate.startedAt = clock.now()),
    onStoppedLeading: (end) => {
      candidate.stoppedAt = clock.now();
      candidate.end = end;
    },
  });
  return candidate;
}

/** Moves fake time in small steps, letting promise chains run between them. */
async function advance(clock: FakeClock, ms: number, check?: () => void): Promise<void> {
  await settle();
  for (let elapsed = 0; elapsed < ms; elapsed += STEP_MS) {
    clock.advance(STEP_MS);
    await settle();
    check?.();
  }
}

describe('leader election loop', () => {
  it('lets exactly one of two candidates lead, and keeps it leading while it renews', async () => {
    const clock = createFakeClock();
    const lease = new MemoryLease();
    const a = startCandidate('a', lease, clock);
    await advance(clock, 100);
    const b = startCandidate('b', lease, clock);
    await advance(clock, 60_000, () =>
      assert.equal(Number(a.elector.isLeader()) + Number(b.elector.isLeader()), 1),
    );
    assert.equal(a.elector.isLeader(), true);
    assert.equal(lease.stored?.record.holderIdentity, 'a');
    assert.equal(lease.stored.record.leaseTransitions, 0);
    // Renewed every retry period, and never written by the standby.
    assert.ok(lease.writes.length >= 28, String(lease.writes.length));
    assert.ok(lease.writes.every((record) => record.holderIdentity === 'a'));
    await Promise.all([a.elector.stop(), b.elector.stop()]);
  });

  it('takes over a dead leader’s Lease within leaseDuration + retryPeriod, after it gave up', async () => {
    const clock = createFakeClock();
    const lease = new MemoryLease();
    const a = startCandidate('a', lease, clock);
    await advance(clock, 100);
    const b = startCandidate('b', lease, clock);
    await advance(clock, 5_000);
    assert.equal(a.elector.isLeader(), true);
    const lastRenew = lease.writes.length;
    a.link.state = 'failing';
    const lastWriteAt = clock.now();
    await advance(clock, 20_000);
    assert.equal(lease.writes[lease.writes.length - 1]?.holderIdentity, 'b');
    assert.ok(lease.writes.length > lastRenew);
    assert.equal(b.elector.isLeader(), true);
    assert.equal(a.elector.isLeader(), false);
    assert.equal(a.end, 'renew-deadline');
    assert.ok(a.stoppedAt !== undefined && b.startedAt !== undefined);
    // The old leader stopped before the new one started: never two writers.
    assert.ok(a.stoppedAt < b.startedAt, `${String(a.stoppedAt)} < ${String(b.startedAt)}`);
    const takeover = b.startedAt - lastWriteAt;
    assert.ok(takeover <= TIMING.leaseDurationMs + TIMING.retryPeriodMs, String(takeover));
    assert.equal(lease.stored?.record.leaseTransitions, 1);
    await Promise.all([a.elector.stop(), b.elector.stop()]);
  });

  it('gives up exactly renewDeadline after its last renewal when the API server hangs', async () => {
    const clock = createFakeClock();
    const lease = new MemoryLease();
    const a = startCandidate('a', lease, clock);
    await advance(clock, 100);
    assert.equal(a.elector.isLeader(), true);
    await advance(clock, 2_000); // one renewal at +2 s
    const renewedAt = clock.now() - (clock.now() % TIMING.retryPeriodMs);
    a.link.state = 'hanging';
    await advance(clock, 12_000);
    assert.equal(a.end, 'renew-deadline');
    assert.ok(a.stoppedAt !== undefined);
    const gaveUpAfter = a.stoppedAt - renewedAt;
    assert.ok(gaveUpAfter >= TIMING.renewDeadlineMs - STEP_MS, String(gaveUpAfter));
    assert.ok(gaveUpAfter <= TIMING.renewDeadlineMs + STEP_MS, String(gaveUpAfter));
    await a.elector.done;
    assert.equal(clock.pendingTimers, 0, 'no timer left behind');
  });

  it('gives up at once when the Lease shows another holder', async () => {
    const clock = createFakeClock();
    const lease = new MemoryLease();
    const a = startCandidate('a', lease, clock);
    await advance(clock, 100);
    const current = lease.stored;
    assert.ok(current);
    lease.update({ ...current, record: { ...current.record, holderIdentity: 'intruder' } });
    await advance(clock, TIMING.retryPeriodMs);
    assert.equal(a.end, 'taken-over');
    assert.equal(a.elector.isLeader(), false);
  });

  it('releases the Lease on a clean stop, so the standby leads at its next retry', async () => {
    const clock = createFakeClock();
    const lease = new MemoryLease();
    const a = startCandidate('a', lease, clock);
    await advance(clock, 100);
    const b = startCandidate('b', lease, clock);
    await advance(clock, 3_000);
    const stopped = a.elector.stop();
    await advance(clock, 100);
    await stopped;
    assert.equal(a.end, 'released');
    assert.equal(lease.writes.at(-1)?.holderIdentity, '');
    assert.equal(lease.writes.at(-1)?.leaseDurationSeconds, 1);
    const releasedAt = clock.now();
    await advance(clock, TIMING.retryPeriodMs + STEP_MS);
    assert.equal(b.elector.isLeader(), true);
    assert.ok(b.startedAt !== undefined && b.startedAt - releasedAt <= TIMING.retryPeriodMs);
    await b.elector.stop();
  });

  it('stops campaigning when stopped as a standby, writing nothing and calling no callback', async () => {
    const clock = createFakeClock();
    const lease = new MemoryLease();
    const a = startCandidate('a', lease, clock);
    await advance(clock, 100);
    const b = startCandidate('b', lease, clock);
    await advance(clock, 3_000);
    const writes = lease.writes.length;
    const stopped = b.elector.stop();
    await advance(clock, 100);
    await stopped;
    assert.equal(b.end, undefined);
    assert.equal(b.startedAt, undefined);
    assert.ok(lease.writes.slice(writes).every((record) => record.holderIdentity === 'a'));
    await a.elector.stop();
  });
});
