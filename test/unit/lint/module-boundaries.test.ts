import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
// @ts-expect-error -- the rule is plain JavaScript without type declarations
import plugin from '../../../../eslint/module-boundaries.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function lint(file: string, code: string): string[] {
  const linter = new Linter({ cwd: repoRoot });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { sourceType: 'module', ecmaVersion: 2022 },
        plugins: { capstan: plugin as never },
        rules: { 'capstan/module-boundaries': 'error' },
      },
    ],
    join(repoRoot, file),
  );
  return messages.map((m) => m.message);
}

describe('module boundaries lint rule', () => {
  it('allows a pure module to import model through its index', () => {
    assert.deepEqual(lint('src/diff/compare.ts', "import { x } from '../model/index.js';"), []);
  });

  it('refuses an upward import from a pure module into an adapter', () => {
    assert.deepEqual(lint('src/diff/compare.ts', "import { x } from '../kube/index.js';"), [
      'src/diff/ may not import src/kube/ (DESIGN.md §4)',
    ]);
  });

  it('refuses a deep import past another module index', () => {
    assert.deepEqual(lint('src/kube/apply.ts', "import { x } from '../model/errors.js';"), [
      'import src/model/ through its index.js, not model/errors.js',
    ]);
  });

  it('treats sync/plan as its own pure module below sync/execute', () => {
    assert.deepEqual(lint('src/sync/execute.ts', "import { x } from './plan/index.js';"), []);
    assert.deepEqual(lint('src/sync/plan/order.ts', "import { x } from '../../kube/index.js';"), [
      'src/sync/plan/ may not import src/kube/ (DESIGN.md §4)',
    ]);
  });

  it('keeps client-node inside kube and Node built-ins out of pure modules', () => {
    assert.deepEqual(
      lint('src/repo/fetch.ts', "import { KubeConfig } from '@kubernetes/client-node';"),
      ['only src/kube/ may import "@kubernetes/client-node"'],
    );
    assert.deepEqual(lint('src/render/load.ts', "import { readFileSync } from 'node:fs';"), [
      'src/render/ is pure: no Node built-ins ("node:fs")',
    ]);
  });

  it('lets the CLI import any module, still through its index', () => {
    assert.deepEqual(lint('src/cli/build.ts', "import { x } from '../kube/index.js';"), []);
    assert.deepEqual(lint('src/cli/build.ts', "import { x } from '../kube/apply.js';"), [
      'import src/kube/ through its index.js, not kube/apply.js',
    ]);
  });

  it('checks re-exports as well as imports', () => {
    assert.deepEqual(lint('src/health/index.ts', "export { x } from '../status/index.js';"), [
      'src/health/ may not import src/status/ (DESIGN.md §4)',
    ]);
  });
});
