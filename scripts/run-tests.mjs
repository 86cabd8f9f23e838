#!/usr/bin/env node
// Runs the test suite from dist/ in one `node --test` invocation so that the run ends
// with a single summary. Before that, builds (or finds cached) the control-plane binaries
// with progress on the terminal, so no test sits silently behind a first-time Go build.
//
// usage: node scripts/run-tests.mjs [unit|conformance|differential|integration|e2e ...]
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ALL_SUITES = ['unit', 'conformance', 'differential', 'integration', 'e2e'];
const suites = process.argv.length > 2 ? process.argv.slice(2) : ALL_SUITES;

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = suites.flatMap((suite) => findTests(join(root, 'dist', 'test', suite))).sort();
if (files.length === 0) {
  console.error(
    `run-tests: no compiled tests under dist/test/{${suites.join(',')}}; run npm run build`,
  );
  process.exit(1);
}

if (suites.some((s) => s === 'integration' || s === 'e2e')) {
  const { prepareControlPlane } = await import(
    join(root, 'dist', 'test', 'helpers', 'control-plane.js')
  );
  await prepareControlPlane((line) => console.error(`run-tests: ${line}`));
}

console.error(`run-tests: ${files.length} test files (${suites.join(', ')})`);
const args = [
  '--test',
  '--test-reporter=spec',
  `--test-concurrency=${process.env.CAPSTAN_TEST_CONCURRENCY ?? '2'}`,
];
const child = spawn(process.execPath, [...args, ...files.map((f) => relative(root, f))], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
