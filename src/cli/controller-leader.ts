/**
 * `--leader-elect` for `capstan controller`: campaigns for the Lease, tells the controller
 * when it may start reconciling, keeps `capstan_leader` current, and ends the process when
 * leadership is lost.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  REAL_TIMER_CLOCK,
  createKubeLeaseStore,
  startLeaderElection,
} from '../controller/index.js';
import type { KubeClient } from '../kube/index.js';
import type { Logger } from '../log/index.js';
import type { Metrics } from '../metrics/index.js';
import type { LeaderElectionFlags } from '../config.js';

export interface LeaderWiringOptions {
  readonly client: KubeClient;
  /** The Lease lives in the controller's own namespace. */
  readonly namespace: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Absent: no election, this process is the only writer. */
  readonly flags: LeaderElectionFlags | undefined;
}

export interface LeaderWiring {
  /** For ControllerOptions.whenLeading; undefined without election. */
  readonly whenLeading: Promise<void> | undefined;
  /** Stops campaigning and releases the Lease; call after the controller stopped writing. */
  stop(): Promise<void>;
}

export function startLeaderWiring(options: LeaderWiringOptions): LeaderWiring {
  const { flags, metrics, logger } = options;
  if (flags === undefined) {
    metrics.leader.set(1);
    return { whenLeading: undefined, stop: () => Promise.resolve() };
  }
  metrics.leader.set(0);
  // Unique per process, so a restarted pod never mistakes its predecessor's Lease for its own.
  const identity = `${hostname()}_${randomUUID()}`;
  logger.info({ identity, lease: flags.leaseName }, 'leader election started');
  const elector = startLeaderElection({
    store: createKubeLeaseStore(options.client, {
      namespace: options.namespace,
      name: flags.leaseName,
    }),
    identity,
    timing: flags,
    clock: REAL_TIMER_CLOCK,
    logger,
    onStartedLeading: () => metrics.leader.set(1),
    onStoppedLeading: (end) => {
      metrics.leader.set(0);
      if (end === 'released') return;
      // Reconciles in flight may still be writing: only ending the process guarantees that
      // nothing is written after the Lease is lost (client-go controllers exit the same way).
      logger.fatal({ identity, reason: end }, 'leadership lost, exiting');
      process.exit(1);
    },
  });
  return { whenLeading: elector.leading, stop: () => elector.stop() };
}
