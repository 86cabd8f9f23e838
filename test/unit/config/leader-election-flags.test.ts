/**
 * `capstan controller --leader-elect` and its duration flags: off by default, client-go's
 * defaults when on, and durations that would let two leaders overlap are refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine, type ControllerCommand } from '../../../src/config.js';
import { UsageError } from '../../../src/model/index.js';

function parseController(...flags: string[]): ControllerCommand {
  const command = parseCommandLine(['controller', ...flags], {});
  assert.equal(command.command, 'controller');
  return command;
}

describe('controller leader-election flags', () => {
  it('runs without leader election unless --leader-elect is given', () => {
    assert.equal(parseController().leaderElection, undefined);
    assert.equal(parseController('--leader-election-id', 'other').leaderElection, undefined);
  });

  it('uses the capstan-controller Lease and 15s / 10s / 2s by default', () => {
    assert.deepEqual(parseController('--leader-elect').leaderElection, {
      leaseName: 'capstan-controller',
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
  });

  it('takes the Lease name and durations from the flags', () => {
    const flags = parseController(
      '--leader-elect',
      '--leader-election-id',
      'capstan-b',
      '--leader-election-lease-duration',
      '3s',
      '--leader-election-renew-deadline',
      '2s',
      '--leader-election-retry-period',
      '500ms',
    ).leaderElection;
    assert.deepEqual(flags, {
      leaseName: 'capstan-b',
      leaseDurationMs: 3_000,
      renewDeadlineMs: 2_000,
      retryPeriodMs: 500,
    });
  });

  it('refuses a renew deadline that is not shorter than the lease duration', () => {
    assert.throws(
      () =>
        parseController(
          '--leader-elect',
          '--leader-election-lease-duration',
          '10s',
          '--leader-election-renew-deadline',
          '10s',
        ),
      (error: unknown) => error instanceof UsageError && /renew deadline/u.test(error.message),
    );
  });

  it('refuses a retry period not shorter than the renew deadline, a bad name, a non-duration', () => {
    for (const flags of [
      ['--leader-election-retry-period', '10s'],
      ['--leader-election-id', 'Not_A_Name'],
      ['--leader-election-lease-duration', 'soon'],
    ])
      assert.throws(() => parseController('--leader-elect', ...flags), UsageError, flags.join(' '));
  });
});
