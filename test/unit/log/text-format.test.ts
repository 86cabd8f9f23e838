/**
 * The human log format (`--log-format text`): one pino JSON record → `HH:MM:SS LEVEL msg
 * key=value`, fed both by hand-written lines and by a real pino logger writing through it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createLogger,
  createTextDestination,
  formatLogLine,
  type TextFormatOptions,
} from '../../../src/log/index.js';

const UTC: TextFormatOptions = { timeZone: 'utc' };
// 2026-12-03T04:05:06.789Z
const TIME = Date.UTC(2026, 11, 3, 4, 5, 6, 789);

function line(record: Record<string, unknown>): string {
  return JSON.stringify({ level: 30, time: TIME, ...record });
}

describe('formatLogLine', () => {
  it('prints the clock, the level name and the message, then the fields in order', () => {
    const text = formatLogLine(
      line({ msg: 'sync finished', app: 'capstan-system/guestbook', reconcileId: 7 }),
      UTC,
    );
    assert.equal(text, '04:05:06 INFO  sync finished app=capstan-system/guestbook reconcileId=7\n');
  });

  it('names every pino level and pads short names so messages line up', () => {
    const names = [10, 20, 30, 40, 50, 60].map((level) =>
      formatLogLine(line({ level, msg: 'm' }), UTC).slice(9, 15),
    );
    assert.deepEqual(names, ['TRACE ', 'DEBUG ', 'INFO  ', 'WARN  ', 'ERROR ', 'FATAL ']);
  });

  it('quotes strings a reader could split wrongly and prints objects as JSON', () => {
    const text = formatLogLine(
      line({ msg: 'm', message: 'two words', empty: '', sha: 'abc123', tasks: { applied: 3 } }),
      UTC,
    );
    assert.equal(
      text,
      '04:05:06 INFO  m message="two words" empty="" sha=abc123 tasks={"applied":3}\n',
    );
  });

  it('shows only the message of a serialised error, not its stack', () => {
    const err = { type: 'Error', message: 'connection refused', stack: 'Error: …\n    at x' };
    const text = formatLogLine(line({ msg: 'reconcile failed', err }), UTC);
    assert.equal(text, '04:05:06 INFO  reconcile failed err="connection refused"\n');
  });

  it('drops pid, hostname and v, which say nothing to a person at a terminal', () => {
    const text = formatLogLine(line({ msg: 'm', pid: 1, hostname: 'h', v: 1, app: 'a' }), UTC);
    assert.equal(text, '04:05:06 INFO  m app=a\n');
  });

  it('passes a line that is not a JSON object through unchanged', () => {
    assert.equal(formatLogLine('plain words', UTC), 'plain words\n');
    assert.equal(formatLogLine('[1,2]\n', UTC), '[1,2]\n');
  });

  it('uses the local clock unless told otherwise', () => {
    const local = new Date(TIME);
    const clock = [local.getHours(), local.getMinutes(), local.getSeconds()]
      .map((n) => String(n).padStart(2, '0'))
      .join(':');
    assert.ok(formatLogLine(line({ msg: 'm' })).startsWith(`${clock} INFO`));
  });
});

describe('createLogger with format text', () => {
  it('writes text lines through a destination, with child bindings and redaction kept', () => {
    const written: string[] = [];
    const logger = createLogger({
      level: 'debug',
      format: 'text',
      destination: { write: (text: string) => written.push(text) },
    });
    logger
      .child({ app: 'ns/guestbook', reconcileId: 3 })
      .debug({ revision: 'abc', token: 'hunter2' }, 'reconciled');
    assert.equal(written.length, 1);
    assert.match(
      written[0] ?? '',
      /^\d\d:\d\d:\d\d DEBUG reconciled app=ns\/guestbook reconcileId=3 revision=abc token="\[redacted\]"\n$/,
    );
  });

  it('keeps JSON lines by default', () => {
    const written: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (text: string) => written.push(text) },
    });
    logger.info({ app: 'a' }, 'hello');
    const record = JSON.parse(written[0] ?? '') as Record<string, unknown>;
    assert.equal(record['msg'], 'hello');
    assert.equal(record['app'], 'a');
  });

  it('splits a chunk holding several records into one text line each', () => {
    const written: string[] = [];
    const destination = createTextDestination((text) => written.push(text), UTC);
    destination.write(`${line({ msg: 'a' })}\n${line({ msg: 'b' })}\n`);
    assert.deepEqual(written, ['04:05:06 INFO  a\n', '04:05:06 INFO  b\n']);
  });
});
