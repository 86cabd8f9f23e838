import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diffLines, formatUnifiedDiff } from '../../../src/cli/app/line-diff.js';
import { createSeededRandom } from '../../helpers/seeded-random.js';

const names = { fromName: 'live/ConfigMap/ns/x', toName: 'desired/ConfigMap/ns/x' };

/** Applies a unified diff to `from` the way `patch` would, trusting only the hunk headers. */
function applyUnifiedDiff(from: string, diff: string): string {
  const source = from === '' ? [] : from.replace(/\n$/u, '').split('\n');
  const lines = diff.split('\n').slice(2, -1);
  const out: string[] = [];
  let cursor = 0;
  for (let index = 0; index < lines.length; index++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/u.exec(lines[index] ?? '');
    assert.ok(header, `hunk header expected at ${lines[index] ?? ''}`);
    const count = header[2] === undefined ? 1 : Number(header[2]);
    const start = count === 0 ? Number(header[1]) : Number(header[1]) - 1;
    out.push(...source.slice(cursor, start));
    cursor = start;
    while (index + 1 < lines.length && !(lines[index + 1] ?? '').startsWith('@@')) {
      const line = lines[++index] ?? '';
      const body = line.slice(1);
      if (line.startsWith(' ')) {
        assert.equal(source[cursor], body, 'context line matches');
        out.push(body);
        cursor++;
      } else if (line.startsWith('-')) {
        assert.equal(source[cursor], body, 'removed line matches');
        cursor++;
      } else out.push(body);
    }
  }
  out.push(...source.slice(cursor));
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

function randomText(random: () => number, lines: number): string {
  const words = ['a', 'b', 'c', 'd', 'e'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(words[Math.floor(random() * words.length)] ?? 'a');
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

function mutate(random: () => number, text: string): string {
  const lines = text === '' ? [] : text.replace(/\n$/u, '').split('\n');
  const edits = Math.floor(random() * 5);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (lines.length + 1));
    const choice = random();
    if (choice < 0.4) lines.splice(at, 0, `new${String(i)}`);
    else if (choice < 0.7) lines.splice(at, 1);
    else if (at < lines.length) lines[at] = `changed${String(i)}`;
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

describe('unified line diff', () => {
  it('prints nothing for equal texts', () => {
    assert.equal(formatUnifiedDiff('a\nb\n', 'a\nb\n', names), '');
  });

  it('matches GNU diff -u for a one-line change inside a longer text', () => {
    const from = `${Array.from({ length: 12 }, (_, i) => `line ${String(i)}`).join('\n')}\n`;
    const to = from.replace('line 6', 'line six');
    const dir = mkdtempSync(join(tmpdir(), 'capstan-diff-'));
    writeFileSync(join(dir, 'a'), from);
    writeFileSync(join(dir, 'b'), to);
    const gnu = spawnSync(
      'diff',
      ['-u', '--label', names.fromName, '--label', names.toName, 'a', 'b'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    assert.equal(gnu.status, 1, gnu.stderr);
    assert.equal(formatUnifiedDiff(from, to, names), gnu.stdout);
  });

  it('shows a whole new object as one added hunk starting at -0,0', () => {
    const text = formatUnifiedDiff('', 'kind: ConfigMap\nname: x\n', names);
    assert.equal(
      text,
      '--- live/ConfigMap/ns/x\n+++ desired/ConfigMap/ns/x\n@@ -0,0 +1,2 @@\n+kind: ConfigMap\n+name: x\n',
    );
  });

  it('keeps far-apart changes in separate hunks and merges close ones', () => {
    const from = `${Array.from({ length: 30 }, (_, i) => String(i)).join('\n')}\n`;
    const far = from.replace('\n2\n', '\nX\n').replace('\n25\n', '\nY\n');
    assert.equal((formatUnifiedDiff(from, far, names).match(/^@@/gmu) ?? []).length, 2);
    const near = from.replace('\n2\n', '\nX\n').replace('\n6\n', '\nY\n');
    assert.equal((formatUnifiedDiff(from, near, names).match(/^@@/gmu) ?? []).length, 1);
  });

  it('finds a longest common subsequence (edit count is minimal on a known case)', () => {
    const edits = diffLines(['a', 'b', 'c', 'a', 'b', 'b', 'a'], ['c', 'b', 'a', 'b', 'a', 'c']);
    assert.equal(edits.filter((edit) => edit.op === ' ').length, 4);
  });

  it('produces diffs that turn the old text into the new one (300 seeded cases)', () => {
    const random = createSeededRandom(8);
    for (let round = 0; round < 300; round++) {
      const from = randomText(random, Math.floor(random() * 25));
      const to = mutate(random, from);
      const diff = formatUnifiedDiff(from, to, names);
      if (from === to) assert.equal(diff, '');
      else assert.equal(applyUnifiedDiff(from, diff), to, `round ${String(round)}\n${diff}`);
    }
  });
});
