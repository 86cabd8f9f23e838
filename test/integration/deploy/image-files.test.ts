/**
 * The Dockerfile's final stage, simulated without Docker: its file set (package*.json, bin/,
 * crds/, dist/src/) in an empty directory, `npm ci --omit=dev` there, and the CLI must run —
 * so nothing it imports lives in devDependencies, test/ or a file the image leaves out.
 * Needs the npm registry (or a warm npm cache); about 10 s.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runCommand } from '../../helpers/kubectl.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const IMAGE_FILES = ['package.json', 'package-lock.json', 'bin', 'crds', 'dist/src'];

describe('the image file set', { timeout: 180_000 }, () => {
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-image-'));
    for (const path of IMAGE_FILES) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
    const install = await runCommand(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: dir },
    );
    assert.equal(install.code, 0, `npm ci --omit=dev: ${install.stderr}`);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs capstan help with production dependencies only', async () => {
    const result = await runCommand(process.execPath, ['bin/capstan.js', 'help'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^usage: capstan <command>/u);
  });

  it('renders with the shipped engine and parses controller flags', async () => {
    const result = await runCommand(process.execPath, ['bin/capstan.js', 'build', 'crds'], {
      cwd: dir,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /name: applications\.capstan\.dev/u);
    const usage = await runCommand(
      process.execPath,
      ['bin/capstan.js', 'controller', '--workers', '0'],
      { cwd: dir },
    );
    assert.match(usage.stderr, /--workers must be an integer/u);
  });
});
