import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_SYNC_OPTION_VALUES,
  parseSyncOptions,
  readSyncOption,
  syncOptionsKnown,
} from '../../../src/api/index.js';

describe('parseSyncOptions', () => {
  it('gives Argo CD defaults, with server-side apply on, when there are no options', () => {
    assert.deepEqual(parseSyncOptions(undefined), {
      createNamespace: false,
      pruneLast: false,
      applyOutOfSyncOnly: false,
      serverSideApply: true,
      validate: true,
      prunePropagationPolicy: 'foreground',
      replace: false,
      failOnSharedResource: false,
      respectIgnoreDifferences: false,
      skipDryRunOnMissingResource: false,
    });
    assert.deepEqual(parseSyncOptions([]), DEFAULT_SYNC_OPTION_VALUES);
  });

  it('sets the field named after each key, for every known key and value', () => {
    for (const [key, values] of Object.entries(syncOptionsKnown)) {
      const field = `${key.charAt(0).toLowerCase()}${key.slice(1)}`;
      for (const value of values) {
        const parsed = parseSyncOptions([`${key}=${value}`]) as unknown as Record<string, unknown>;
        const expected = value === 'true' ? true : value === 'false' ? false : value;
        assert.equal(parsed[field], expected, `${key}=${value}`);
      }
    }
  });

  it('reads the design example list', () => {
    const parsed = parseSyncOptions([
      'CreateNamespace=true',
      'PruneLast=true',
      'ApplyOutOfSyncOnly=true',
      'ServerSideApply=true',
      'Validate=false',
      'PrunePropagationPolicy=background',
      'Replace=false',
      'FailOnSharedResource=true',
    ]);
    assert.equal(parsed.createNamespace, true);
    assert.equal(parsed.validate, false);
    assert.equal(parsed.prunePropagationPolicy, 'background');
    assert.equal(parsed.failOnSharedResource, true);
    assert.equal(parsed.respectIgnoreDifferences, false);
  });

  it("layers an operation's options over the application's", () => {
    const app = parseSyncOptions(['CreateNamespace=true', 'PruneLast=true']);
    const operation = parseSyncOptions(['PruneLast=false'], app);
    assert.equal(operation.createNamespace, true);
    assert.equal(operation.pruneLast, false);
  });

  it('skips entries it cannot read instead of guessing', () => {
    const parsed = parseSyncOptions(['CreateNamespace=yes', 'Bogus=true', 'PruneLast']);
    assert.deepEqual(parsed, DEFAULT_SYNC_OPTION_VALUES);
  });
});

describe('readSyncOption', () => {
  it('splits Key=Value at the first equals sign', () => {
    assert.deepEqual(readSyncOption('PrunePropagationPolicy=orphan'), {
      ok: true,
      key: 'PrunePropagationPolicy',
      value: 'orphan',
    });
  });

  it('explains what is wrong with an entry', () => {
    const cases: [string, string][] = [
      ['CreateNamespace', 'not of the form Key=Value'],
      ['=true', 'not of the form Key=Value'],
      ['Prune=false', 'unknown sync option "Prune"'],
      ['CreateNamespace=True', 'CreateNamespace must be true or false, not "True"'],
      ['PrunePropagationPolicy=cascade', 'must be one of foreground, background, orphan'],
      ['toString=true', 'unknown sync option "toString"'],
    ];
    for (const [entry, problem] of cases) {
      const reading = readSyncOption(entry);
      assert.equal(reading.ok, false, entry);
      assert.ok(reading.problem.includes(problem), `${entry}: ${reading.problem}`);
    }
  });
});
