/**
 * Leader election over a Lease: campaign every retryPeriod until the Lease is free, then
 * renew every retryPeriod; give leadership up when a renewal has not succeeded for
 * renewDeadline or the Lease shows another holder; on a clean stop release the Lease so a
 * standby takes over at once. Time and timers are injected; the decisions are pure
 * (leader-decision.ts). Once lost, leadership is not campaigned for again: the owner is
 * expected to stop writing and exit, as client-go controllers do.
 */
import {
  createLease,
  formatMicroTime,
  isConflictError,
  readLease,
  updateLease,
  type KubeClient,
  type LeaseRecord,
  type LeaseRef,
  type StoredLease,
} from '../kube/index.js';
import type { Logger } from '../log/index.js';
import { describeError } from '../model/index.js';
import {
  decideLeaseAction,
  isRenewOverdue,
  leaseSecondsOf,
  observeLease,
  releaseLeaseRecord,
  type LeaderElectionTiming,
  type LeaseCandidate,
  type LeaseObservation,
} from './leader-decision.js';
import type { TimerClock } from './timer-clock.js';

/** The Lease as the loop reads and writes it; a KubeClient in production, memory in tests. */
export interface LeaseStore {
  read(signal: AbortSignal): Promise<StoredLease | undefined>;
  create(record: LeaseRecord, signal: AbortSignal): Promise<StoredLease>;
  update(lease: StoredLease, signal: AbortSignal): Promise<StoredLease>;
}

export function createKubeLeaseStore(client: KubeClient, ref: LeaseRef): LeaseStore {
  return {
    read: (signal) => readLease(client, ref, { signal }),
    create: (record, signal) => createLease(client, ref, record, { signal }),
    update: (lease, signal) => updateLease(client, ref, lease, { signal }),
  };
}

/** Why leadership ended: a clean release, or lost (the owner must stop writing now). */
export type LeadershipEnd = 'released' | 'renew-deadline' | 'taken-over';

export interface LeaderElectionOptions {
  readonly store: LeaseStore;
  readonly identity: string;
  readonly timing: LeaderElectionTiming;
  readonly clock: TimerClock;
  readonly logger: Logger;
  readonly onStartedLeading?: () => void;
  readonly onStoppedLeading?: (end: LeadershipEnd) => void;
}

export interface LeaderElector {
  isLeader(): boolean;
  /** Resolves when this candidate becomes leader; stays pending if it never does. */
  readonly leading: Promise<void>;
  /** Resolves once the loop has ended: stopped, or leadership lost. */
  readonly done: Promise<void>;
  /** Stops campaigning or renewing and, when leading, releases the Lease. */
  stop(): Promise<void>;
}

type RenewOutcome = 'renewed' | 'failed' | 'taken-over';

export function startLeaderElection(options: LeaderElectionOptions): LeaderElector {
  const elector = new Elector(options);
  const done = elector.run();
  return {
    isLeader: () => elector.isLeader,
    leading: elector.leading,
    done,
    stop: async () => {
      elector.requestStop();
      await done;
      await elector.release();
    },
  };
}

class Elector {
  readonly #options: LeaderElectionOptions;
  readonly #candidate: LeaseCandidate;
  readonly #stop = new AbortController();
  #observation: LeaseObservation | undefined;
  #lease: StoredLease | undefined;
  #lastHolder = '';
  /** The last write made this candidate the holder, and nothing since says otherwise. */
  #holdsLease = false;
  #resolveLeading!: () => void;
  readonly leading: Promise<void>;
  isLeader = false;

  constructor(options: LeaderElectionOptions) {
    this.#options = options;
    this.#candidate = {
      identity: options.identity,
      leaseDurationSeconds: leaseSecondsOf(options.timing),
      formatTime: formatMicroTime,
    };
    this.leading = new Promise((resolve) => (this.#resolveLeading = resolve));
  }

  requestStop(): void {
    this.#stop.abort();
  }

  /** A method, not the field: awaits in between change it, and narrowing would not see that. */
  #isStopping(): boolean {
    return this.#stop.signal.aborted;
  }

  async run(): Promise<void> {
    const { clock, timing } = this.#options;
    let lastRenewStarted = await this.#campaign();
    if (lastRenewStarted === undefined) return;
    this.isLeader = true;
    this.#options.logger.info({ identity: this.#options.identity }, 'leadership acquired');
    this.#resolveLeading();
    this.#options.onStartedLeading?.();
    for (;;) {
      const untilDeadline = lastRenewStarted + timing.renewDeadlineMs - clock.now();
      await this.#sleep(Math.min(timing.retryPeriodMs, Math.max(0, untilDeadline)));
      if (this.#isStopping()) return;
      if (isRenewOverdue(lastRenewStarted, clock.now(), timing)) {
        this.#lose('renew-deadline');
        return;
      }
      const started = clock.now();
      const outcome = await this.#attempt(lastRenewStarted + timing.renewDeadlineMs);
      if (this.#isStopping()) return;
      if (outcome === 'taken-over') {
        this.#lose('taken-over');
        return;
      }
      if (outcome === 'renewed') lastRenewStarted = started;
    }
  }

  /** Tries every retryPeriod until the Lease is ours; the start time of the winning try. */
  async #campaign(): Promise<number | undefined> {
    const { clock, timing } = this.#options;
    while (!this.#isStopping()) {
      const started = clock.now();
      if ((await this.#attempt(started + timing.renewDeadlineMs)) === 'renewed') {
        if (this.#isStopping()) return undefined;
        return started;
      }
      await this.#sleep(timing.retryPeriodMs);
    }
    return undefined;
  }

  #lose(end: LeadershipEnd): void {
    this.isLeader = false;
    this.#holdsLease = false;
    this.#options.logger.error(
      { identity: this.#options.identity, reason: end },
      'leadership lost',
    );
    this.#options.onStoppedLeading?.(end);
  }

  /** Clears the holder if this candidate still holds the Lease (after the loop ended). */
  async release(): Promise<void> {
    const wasLeader = this.isLeader;
    this.isLeader = false;
    if (!this.#holdsLease || this.#lease === undefined) return;
    this.#holdsLease = false;
    const { clock, timing, logger } = this.#options;
    const record = releaseLeaseRecord(this.#lease.record, clock.now(), this.#candidate);
    const attempt = new AbortController();
    const timer = clock.setTimeout(() => attempt.abort(), timing.renewDeadlineMs);
    try {
      await this.#options.store.update({ ...this.#lease, record }, attempt.signal);
      logger.info({ identity: this.#options.identity }, 'leadership released');
    } catch (error) {
      // The Lease then expires on its own after leaseDuration; nothing else to do.
      logger.warn({ err: describeError(error) }, 'leader lease release failed');
    } finally {
      clock.clearTimeout(timer);
    }
    if (wasLeader) this.#options.onStoppedLeading?.('released');
  }

  /** One acquire-or-renew, aborted at `deadlineMs` or on stop so a hung request cannot hold on. */
  async #attempt(deadlineMs: number): Promise<RenewOutcome> {
    const { clock } = this.#options;
    const attempt = new AbortController();
    const onStop = (): void => attempt.abort();
    this.#stop.signal.addEventListener('abort', onStop, { once: true });
    const timer = clock.setTimeout(() => attempt.abort(), Math.max(0, deadlineMs - clock.now()));
    try {
      return await this.#tryAcquireOrRenew(attempt.signal);
    } catch (error) {
      // A conflict is a lost race with another candidate: expected, and retried like any other.
      const level = isConflictError(error) || attempt.signal.aborted ? 'debug' : 'warn';
      this.#options.logger[level]({ err: describeError(error) }, 'leader lease update failed');
      return 'failed';
    } finally {
      clock.clearTimeout(timer);
      this.#stop.signal.removeEventListener('abort', onStop);
    }
  }

  async #tryAcquireOrRenew(signal: AbortSignal): Promise<RenewOutcome> {
    const { store, clock } = this.#options;
    const stored = await store.read(signal);
    const now = clock.now();
    this.#observation =
      stored === undefined ? undefined : observeLease(this.#observation, stored.record, now);
    const decision = decideLeaseAction(this.#observation, now, this.#candidate);
    if (decision.action === 'wait') {
      this.#noteHolder(decision.holder);
      return this.isLeader ? 'taken-over' : 'failed';
    }
    this.#lease =
      decision.action === 'create' || stored === undefined
        ? await store.create(decision.record, signal)
        : await store.update(
            { record: decision.record, resourceVersion: stored.resourceVersion },
            signal,
          );
    this.#observation = { record: this.#lease.record, observedAtMs: clock.now() };
    this.#holdsLease = true;
    this.#noteHolder(this.#options.identity);
    return 'renewed';
  }

  /** Logs each change of leader once, so a standby's log says whom it is waiting for. */
  #noteHolder(holder: string): void {
    if (holder === this.#lastHolder) return;
    this.#lastHolder = holder;
    if (holder !== this.#options.identity)
      this.#options.logger.info({ leader: holder }, 'leader observed');
  }

  #sleep(ms: number): Promise<void> {
    const { clock } = this.#options;
    const signal = this.#stop.signal;
    return new Promise((resolve) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const onAbort = (): void => {
        clock.clearTimeout(handle);
        resolve();
      };
      const handle = clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** True once `leading` resolves; false if `signal` aborts first. */
export function isLeadingBeforeAbort(
  leading: Promise<void>,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    void leading.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(!signal.aborted);
    });
  });
}
