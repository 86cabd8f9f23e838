/**
 * The `--leader-election-*` flags of `capstan controller`, checked: a part of config.ts
 * (the only reader of argv) kept in its own file for size. Takes already-parsed values.
 */
import { parseDuration } from './api/index.js';
import { UsageError } from './model/index.js';

/** Leader election settings; durations in milliseconds. */
export interface LeaderElectionFlags {
  /** Name of the coordination.k8s.io/v1 Lease. */
  leaseName: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** The flags as node:util parseArgs options, with their defaults. */
export const LEADER_ELECTION_FLAG_SPEC = {
  'leader-elect': { type: 'boolean', default: false },
  'leader-election-id': { type: 'string', default: 'capstan-controller' },
  'leader-election-lease-duration': { type: 'string', default: '15s' },
  'leader-election-renew-deadline': { type: 'string', default: '10s' },
  'leader-election-retry-period': { type: 'string', default: '2s' },
} as const;

export function parseLeaderElection(
  values: Record<string, string | boolean | undefined>,
): LeaderElectionFlags {
  const duration = (flag: string): number => {
    const ms = parseDuration(String(values[flag]));
    if (ms === undefined || ms <= 0)
      throw new UsageError(`controller: --${flag} "${String(values[flag])}" is not a duration`);
    return ms;
  };
  const flags = {
    leaseName: String(values['leader-election-id']),
    leaseDurationMs: duration('leader-election-lease-duration'),
    renewDeadlineMs: duration('leader-election-renew-deadline'),
    retryPeriodMs: duration('leader-election-retry-period'),
  };
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/u.test(flags.leaseName))
    throw new UsageError(
      `controller: --leader-election-id "${flags.leaseName}" is not a valid name`,
    );
  // A leader must give up before a standby may take over, or two could write at once.
  if (!(
    flags.leaseDurationMs > flags.renewDeadlineMs && flags.renewDeadlineMs > flags.retryPeriodMs
  ))
    throw new UsageError(
      'controller: leader election needs lease duration > renew deadline > retry period',
    );
  return flags;
}
