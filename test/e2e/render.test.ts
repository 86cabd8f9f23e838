import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startGitServer, type GitServer, type TestRepo } from '../helpers/git-server/index.js';
import { runCommand } from '../helpers/kubectl.js';

const capstanBin = fileURLToPath(new URL('../../../bin/capstan.js', import.meta.url));

const TREE: Record<string, string> = {
  'base/kustomization.yaml':
    'resources: [deploy.yaml]\nconfigMapGenerator: [{name: web-config, literals: [MODE=base]}]\n',
  'base/deploy.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n        envFrom: [{configMapRef: {name: web-config}}]\n',
  'overlays/prod/kustomization.yaml':
    'resources: [../../base]\nnamespace: prod\nnamePrefix: prod-\nimages: [{name: nginx, newTag: "1.27"}]\nconfigMapGenerator: [{name: web-config, behavior: merge, literals: [MODE=prod]}]\n',
};

function kubectlKustomize(files: Record<string, string>, path: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-render-ref-'));
  try {
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), content);
    }
    return execFileSync('kubectl', ['kustomize', join(dir, path)], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('capstan render', () => {
  let server: GitServer;
  let repo: TestRepo;
  let firstCommit: string;
  const cacheDir = mkdtempSync(join(tmpdir(), 'capstan-render-cache-'));
  const render = (...args: string[]) =>
    runCommand(process.execPath, [
      capstanBin,
      'render',
      '--repo',
      repo.url,
      '--repo-cache-dir',
      cacheDir,
      ...args,
    ]);

  before(async () => {
    server = await startGitServer();
    repo = await server.createRepo('deploy');
    firstCommit = await repo.commit(TREE, { message: 'first' });
    await repo.tag('v1', firstCommit, { annotated: true, message: 'v1' });
  });
  after(async () => {
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('prints exactly what kubectl kustomize prints for the same tree, and names the commit', async () => {
    const result = await render('--revision', 'main', '--path', 'overlays/prod');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, kubectlKustomize(TREE, 'overlays/prod'));
    assert.ok(result.stderr.includes(firstCommit), result.stderr);
  });

  it('renders an older revision by annotated tag after a new commit', async () => {
    const prod = TREE['overlays/prod/kustomization.yaml'] ?? '';
    const changed = { ...TREE, 'overlays/prod/kustomization.yaml': prod.replace('1.27', '1.28') };
    await repo.commit(changed, { message: 'bump' });
    const latest = await render('--revision', 'main', '--path', 'overlays/prod');
    assert.equal(latest.stdout, kubectlKustomize(changed, 'overlays/prod'));
    const tagged = await render('--revision', 'v1', '--path', 'overlays/prod');
    assert.equal(tagged.stdout, kubectlKustomize(TREE, 'overlays/prod'));
  });

  it('fails with one line naming the repository and the revision when the revision does not exist', async () => {
    const result = await render('--revision', 'no-such-branch', '--path', 'overlays/prod');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(result.stderr, /no-such-branch/);
    assert.match(result.stderr, /deploy/);
  });

  it('fails with one line naming the path when the path does not exist at that revision', async () => {
    const result = await render('--revision', 'main', '--path', 'overlays/staging');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /overlays\/staging/);
  });
});
