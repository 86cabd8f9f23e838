import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAppArgs, parseResourceSelector } from '../../../src/cli/app/app-args.js';
import { parseCommandLine } from '../../../src/config.js';
import { UsageError } from '../../../src/model/index.js';

const defaults = { user: 'alice', repoCacheDir: '/cache/repos' };
const parse = (...argv: string[]) => parseAppArgs(argv, defaults);

describe('capstan app arguments', () => {
  it('defaults to the capstan-system namespace, a table and a 5 minute timeout', () => {
    const command = parse('list');
    assert.equal(command.namespace, 'capstan-system');
    assert.equal(command.output, 'table');
    assert.equal(command.timeoutMs, 300_000);
    assert.equal(command.kubeconfig, undefined);
  });

  it('reads the common flags, short and long', () => {
    const command = parse('get', 'web', '-n', 'apps', '-o', 'json', '--kubeconfig', '/k');
    assert.deepEqual(
      [command.name, command.namespace, command.output, command.kubeconfig],
      ['web', 'apps', 'json', '/k'],
    );
    assert.equal(parse('get', 'web', '--output=yaml').output, 'yaml');
  });

  it('reads sync options, repeated --resource included', () => {
    const command = parse(
      'sync',
      'web',
      '--prune',
      '--dry-run',
      '--revision',
      'v2',
      '--resource',
      'apps:Deployment:web',
      '--resource',
      ':ConfigMap:prod/settings',
      '--async',
      '--timeout',
      '90s',
    );
    assert.deepEqual(command.sync, {
      prune: true,
      dryRun: true,
      revision: 'v2',
      async: true,
      resources: [
        { group: 'apps', kind: 'Deployment', name: 'web' },
        { group: '', kind: 'ConfigMap', namespace: 'prod', name: 'settings' },
      ],
    });
    assert.equal(command.timeoutMs, 90_000);
  });

  it('takes an optional history id for rollback only', () => {
    assert.equal(parse('rollback', 'web').historyId, undefined);
    assert.equal(parse('rollback', 'web', '3').historyId, 3);
    assert.throws(() => parse('rollback', 'web', 'three'), UsageError);
    assert.throws(() => parse('get', 'web', '3'), /too many arguments/u);
  });

  it('reads --cascade and --wait as true/false, default true', () => {
    const plain = parse('delete', 'web');
    assert.deepEqual([plain.cascade, plain.waitForDeletion], [true, true]);
    const off = parse('delete', 'web', '--cascade=false', '--wait=false');
    assert.deepEqual([off.cascade, off.waitForDeletion], [false, false]);
    assert.throws(() => parse('delete', 'web', '--cascade=maybe'), /true or false/u);
  });

  it('reads the wait conditions', () => {
    assert.deepEqual(parse('wait', 'web', '--health', '--sync').wait, {
      health: true,
      sync: true,
      operation: false,
    });
  });

  it('rejects usage mistakes with a UsageError naming the problem', () => {
    const cases: [string[], RegExp][] = [
      [[], /expected one of list\|get/u],
      [['show', 'web'], /not "show"/u],
      [['get'], /NAME is required/u],
      [['list', 'web'], /takes no arguments/u],
      [['get', 'web', '-o', 'wide'], /-o must be table, json or yaml/u],
      [['sync', 'web', '--timeout', 'soon'], /not a duration/u],
      [['list', '--prune'], /unknown flag --prune/u],
      [['get', 'web', '--hard'], /unknown flag --hard/u],
      [['sync', 'web', '--bogus'], /Unknown option/u],
      [['sync', 'web', '--resource', 'Deployment:web'], /GROUP:KIND:NAME/u],
    ];
    for (const [argv, message] of cases)
      assert.throws(
        () => parse(...argv),
        (error: unknown) => {
          assert.ok(error instanceof UsageError, `${argv.join(' ')}: ${String(error)}`);
          assert.match(error.message, message);
          return true;
        },
      );
  });

  it('parses resource selectors with and without a namespace', () => {
    assert.deepEqual(parseResourceSelector('apps:Deployment:web'), {
      group: 'apps',
      kind: 'Deployment',
      name: 'web',
    });
    assert.throws(() => parseResourceSelector('apps:Deployment:/web'), UsageError);
    assert.throws(() => parseResourceSelector('apps:Deployment:a/b/c'), UsageError);
  });

  it('is reached through parseCommandLine with $USER as the initiator', () => {
    const command = parseCommandLine(['app', 'sync', 'web'], { USER: 'bob', HOME: '/home/bob' });
    assert.ok(command.command === 'app');
    assert.equal(command.user, 'bob');
    const anonymous = parseCommandLine(['app', 'sync', 'web'], { HOME: '/home/x' });
    assert.ok(anonymous.command === 'app');
    assert.equal(anonymous.user, 'capstan-cli');
  });

  it('parses capstan health FILE... [-o json]', () => {
    assert.deepEqual(parseCommandLine(['health', '-o', 'json', 'a.yaml', 'b.yaml'], {}), {
      command: 'health',
      files: ['a.yaml', 'b.yaml'],
      output: 'json',
    });
    assert.throws(() => parseCommandLine(['health'], {}), /at least one FILE/u);
    assert.throws(() => parseCommandLine(['health', '-o', 'yaml', 'a'], {}), /-o must be json/u);
  });
});
