import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../helpers/kubectl.js';

const capstanBin = fileURLToPath(new URL('../../../bin/capstan.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'capstan-build-errors-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function writeTree(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {containers: [{name: web, image: nginx}]}}}\n';

/** Each bad input, the directory to build, and what the one error line must say. */
const CASES: { name: string; files: Record<string, string>; entry?: string; mentions: RegExp[] }[] =
  [
    {
      name: 'a missing resource file',
      files: { 'kustomization.yaml': 'resources: [missing.yaml]\n' },
      mentions: [/kustomization\.yaml/, /missing\.yaml/, /no such file/],
    },
    {
      name: 'a YAML syntax error',
      files: {
        'kustomization.yaml': 'resources: [bad.yaml]\n',
        'bad.yaml': 'kind: ConfigMap\nmetadata:\n  name: [unclosed\n',
      },
      mentions: [/bad\.yaml/, /line \d+/],
    },
    {
      name: 'a patch whose target does not exist',
      files: {
        'kustomization.yaml': 'resources: [d.yaml]\npatchesStrategicMerge: [p.yaml]\n',
        'd.yaml': DEPLOYMENT,
        'p.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nope}\nspec: {replicas: 2}\n',
      },
      mentions: [/p\.yaml|nope/, /nope|not found|no matches|failed to find/i],
    },
    {
      name: 'two resources with one id',
      files: {
        'kustomization.yaml': 'resources: [a.yaml, b.yaml]\n',
        'a.yaml': DEPLOYMENT,
        'b.yaml': DEPLOYMENT,
      },
      mentions: [/b\.yaml/, /already registered id/, /Deployment/],
    },
    {
      name: 'a file outside the kustomization root',
      files: {
        'app/kustomization.yaml': 'resources: [../outside.yaml]\n',
        'outside.yaml': DEPLOYMENT,
      },
      entry: 'app',
      mentions: [/outside\.yaml/, /not in or below/],
    },
    {
      name: 'an unknown kustomization field',
      files: { 'kustomization.yaml': 'resources: []\nnamePrefx: x-\n' },
      mentions: [/kustomization\.yaml/, /unknown field "namePrefx"/],
    },
    {
      name: 'a cycle between kustomizations',
      files: {
        'a/kustomization.yaml': 'resources: [../b]\n',
        'b/kustomization.yaml': 'resources: [../a]\n',
      },
      entry: 'a',
      mentions: [/cycle detected/],
    },
    {
      name: 'a directory without a kustomization',
      files: { 'empty/.keep': '' },
      entry: 'empty',
      mentions: [/unable to find one of 'kustomization\.yaml'/],
    },
  ];

describe('capstan build on bad input', () => {
  for (const bad of CASES) {
    it(`fails on ${bad.name} with one line naming the file and the problem`, async () => {
      const root = writeTree(bad.name.replaceAll(' ', '-'), bad.files);
      const result = await runCommand(process.execPath, [
        capstanBin,
        'build',
        join(root, bad.entry ?? ''),
      ]);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, '', 'nothing on stdout');
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
      assert.doesNotMatch(result.stderr, /\n\s+at |Error: /, 'no stack trace');
      for (const pattern of bad.mentions) assert.match(result.stderr, pattern);
    });
  }

  it('refuses a symlink that leads out of the kustomization root', async () => {
    const root = writeTree('symlink-escape', {
      'app/kustomization.yaml': 'resources: [link.yaml]\n',
      'secret.yaml': DEPLOYMENT,
    });
    symlinkSync(join(root, 'secret.yaml'), join(root, 'app', 'link.yaml'));
    const result = await runCommand(process.execPath, [capstanBin, 'build', join(root, 'app')]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /link\.yaml/);
    assert.match(result.stderr, /not in or below/);
  });

  it('builds the same symlinked file when the load restriction is lifted', async () => {
    const root = writeTree('symlink-allowed', {
      'app/kustomization.yaml': 'resources: [link.yaml]\n',
      'shared.yaml': DEPLOYMENT,
    });
    symlinkSync(join(root, 'shared.yaml'), join(root, 'app', 'link.yaml'));
    const result = await runCommand(process.execPath, [
      capstanBin,
      'build',
      join(root, 'app'),
      '--load-restrictor',
      'LoadRestrictionsNone',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /name: web/);
  });
});
