/** `--log-format` on `capstan controller` and the flags of `capstan demo`, as config.ts parses them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine } from '../../../src/config.js';
import { UsageError } from '../../../src/model/index.js';

const env = { CAPSTAN_CACHE_DIR: '/tmp/capstan-cache' };

describe('capstan controller --log-format', () => {
  it('defaults to JSON lines and accepts text', () => {
    const json = parseCommandLine(['controller'], env);
    const text = parseCommandLine(['controller', '--log-format', 'text'], env);
    assert.equal(json.command === 'controller' && json.logFormat, 'json');
    assert.equal(text.command === 'controller' && text.logFormat, 'text');
  });

  it('rejects an unknown format with a usage error naming the choices', () => {
    assert.throws(
      () => parseCommandLine(['controller', '--log-format', 'pretty'], env),
      (error: unknown) =>
        error instanceof UsageError && /--log-format must be one of json, text/.test(error.message),
    );
  });
});

describe('capstan demo flags', () => {
  it('defaults to .capstan/demo under the working directory, port 8080 and a reset repository', () => {
    const command = parseCommandLine(['demo'], env);
    assert.equal(command.command, 'demo');
    assert.equal(command.dataDir, `${process.cwd()}/.capstan/demo`);
    assert.equal(command.port, 8080);
    assert.equal(command.keep, false);
    assert.equal(command.cacheDir, '/tmp/capstan-cache');
  });

  it('takes --port 0 (free ports), --keep and --log-level', () => {
    const command = parseCommandLine(
      ['demo', '--port', '0', '--keep', '--log-level', 'debug', '--data-dir', '/tmp/d'],
      env,
    );
    assert.deepEqual(
      command.command === 'demo' && [command.port, command.keep, command.logLevel, command.dataDir],
      [0, true, 'debug', '/tmp/d'],
    );
  });

  for (const port of ['65535', '-1', 'http', '80.5']) {
    it(`rejects --port ${port}`, () => {
      assert.throws(() => parseCommandLine(['demo', '--port', port], env), UsageError);
    });
  }
});
