/**
 * `capstan health` over the health fixtures: each file's second line says what the rules
 * must answer (`# expect: <Status> <message substring>`), so the CLI is checked against the
 * same expectations as the health module, in text and JSON.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CommandIO } from '../../../src/cli/index.js';
import { collectObjects, runHealth } from '../../../src/cli/health.js';

const fixturesDir = fileURLToPath(new URL('../../../../test/fixtures/health/', import.meta.url));

function captureIO(): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stopRequested: new Promise(() => undefined),
  };
}

const files = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => join(fixturesDir, name));

function expectationOf(file: string): { status: string; substring: string } {
  const match = /^# expect: (\S+) ?(.*)$/mu.exec(readFileSync(file, 'utf8'));
  assert.ok(match, file);
  return { status: match[1] ?? '', substring: match[2] ?? '' };
}

describe('capstan health', () => {
  it('prints one line per object with the expected health, in input order', async () => {
    assert.ok(files.length > 10, 'health fixtures present');
    const io = captureIO();
    assert.equal(await runHealth({ command: 'health', files, output: 'text' }, io), 0);
    const lines = io.out.join('').trimEnd().split('\n');
    assert.equal(lines.length, files.length);
    files.forEach((file, index) => {
      const { status, substring } = expectationOf(file);
      const line = lines[index] ?? '';
      assert.match(line, /^[A-Za-z]+\/[^/]*\/\S+ {2}\S+/u, line);
      assert.ok(line.includes(`  ${status}`), `${file}: ${line}`);
      assert.ok(line.includes(substring), `${file}: ${line}`);
    });
  });

  it('prints a JSON array of {kind, namespace, name, status, message}', async () => {
    const io = captureIO();
    await runHealth({ command: 'health', files, output: 'json' }, io);
    const rows = JSON.parse(io.out.join('')) as Record<string, string>[];
    assert.equal(rows.length, files.length);
    files.forEach((file, index) => {
      const row = rows[index];
      assert.deepEqual(Object.keys(row ?? {}), ['kind', 'namespace', 'name', 'status', 'message']);
      assert.equal(row?.['status'], expectationOf(file).status, file);
    });
  });

  it('opens kind: List documents as kubectl get -o yaml prints them', () => {
    const objects = collectObjects([
      { apiVersion: 'v1', kind: 'List', items: [{ kind: 'Pod' }, { kind: 'Service' }] },
      { kind: 'ConfigMap' },
    ]);
    assert.deepEqual(
      objects.map((object) => object['kind']),
      ['Pod', 'Service', 'ConfigMap'],
    );
  });
});
