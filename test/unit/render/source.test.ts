import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { renderCacheKey, renderSource } from '../../../src/render/index.js';
import { compileGlob } from '../../../src/render/glob.js';
import { parseImageOverride } from '../../../src/render/kustomize/index.js';
import { MemoryFileSource } from '../../helpers/memory-file-source.js';

const CM = (name: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {k: v}\n`;
const names = (objects: Record<string, unknown>[]): string[] =>
  objects.map((o) => (o['metadata'] as { name: string }).name);

describe('renderSource on a plain directory', () => {
  const source = new MemoryFileSource({
    'app/b.yaml': CM('b'),
    'app/a.yml': `${CM('a1')}---\n${CM('a2')}`,
    'app/c.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
    'app/README.md': '# not a manifest',
    'app/list.yaml': `apiVersion: v1\nkind: List\nitems:\n- ${CM('l1').replaceAll('\n', '\n  ').trimEnd()}\n`,
    'app/sub/d.yaml': CM('d'),
    'app/sub/deeper/e.yaml': CM('e'),
  });

  it('reads top-level manifests in path order and flattens Lists, ignoring other files', async () => {
    const result = await renderSource(source, 'app');
    assert.equal(result.sourceType, 'Directory');
    assert.deepEqual(names(result.objects), ['a1', 'a2', 'b', 'c', 'l1']);
  });

  it('descends into subdirectories only with recurse', async () => {
    const result = await renderSource(source, 'app', { directory: { recurse: true } });
    assert.deepEqual(names(result.objects), ['a1', 'a2', 'b', 'c', 'l1', 'd', 'e']);
  });

  it('applies include and exclude globs to the path relative to the app path', async () => {
    const included = await renderSource(source, 'app', {
      directory: { recurse: true, include: '{b.yaml,sub/*}' },
    });
    assert.deepEqual(names(included.objects), ['b', 'd', 'e']);
    const excluded = await renderSource(source, 'app', {
      directory: { recurse: true, exclude: 'sub/deeper/*' },
    });
    assert.deepEqual(names(excluded.objects), ['a1', 'a2', 'b', 'c', 'l1', 'd']);
  });

  it('reports a missing path and a Helm chart as render errors naming the path', async () => {
    await assert.rejects(renderSource(source, 'nope'), /nope: no such directory/);
    const chart = new MemoryFileSource({
      'chart/Chart.yaml': 'name: x\n',
      'chart/templates/a.yaml': CM('a'),
    });
    await assert.rejects(
      renderSource(chart, 'chart'),
      /chart\/Chart\.yaml: Helm charts are not supported/,
    );
  });

  it('refuses kustomize overrides on a directory without a kustomization', async () => {
    await assert.rejects(
      renderSource(source, 'app', { kustomize: { namePrefix: 'x-' } }),
      /holds no kustomization file/,
    );
  });
});

describe('glob patterns', () => {
  it('match like Argo CD directory include patterns', () => {
    assert.ok(compileGlob('*.yaml').test('a.yaml'));
    assert.ok(compileGlob('*.yaml').test('sub/a.yaml'));
    assert.ok(!compileGlob('*.yaml').test('a.json'));
    assert.ok(compileGlob('{config.json,env-usw2/*}').test('env-usw2/x.yaml'));
    assert.ok(!compileGlob('{config.json,env-usw2/*}').test('env-use1/x.yaml'));
    assert.ok(compileGlob('file?.yaml').test('file1.yaml'));
    assert.ok(compileGlob('[ab].yaml').test('b.yaml'));
    assert.ok(!compileGlob('a.yaml').test('aXyaml'), 'a dot is literal');
  });
});

describe('kustomize overrides from an Application', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'capstan-overrides-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('parse image overrides in kustomize edit set image syntax', () => {
    assert.deepEqual(parseImageOverride('nginx=nginx:1.27'), { name: 'nginx', newTag: '1.27' });
    assert.deepEqual(parseImageOverride('nginx:1.27'), { name: 'nginx', newTag: '1.27' });
    assert.deepEqual(parseImageOverride('nginx=registry:5000/nginx:1.27'), {
      name: 'nginx',
      newName: 'registry:5000/nginx',
      newTag: '1.27',
    });
    assert.deepEqual(parseImageOverride('nginx@sha256:abc'), {
      name: 'nginx',
      digest: 'sha256:abc',
    });
  });

  it('render what kubectl kustomize renders for the equivalently edited kustomization', async () => {
    const deploy =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: web}}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: "nginx:1.25"}]}\n';
    const original =
      'resources: [deploy.yaml]\nnamePrefix: base-\nimages: [{name: nginx, newTag: "1.26"}]\n';
    const edited =
      'resources: [deploy.yaml]\nnamePrefix: prod-\nnameSuffix: -v2\nnamespace: prod\nimages: [{name: nginx, newTag: "1.27"}, {name: redis, newName: valkey}]\ncommonLabels: {team: a}\ncommonAnnotations: {owner: me}\nreplicas: [{name: web, count: 3}]\n';
    for (const [dir, kustomization] of [['edited', edited]] as const) {
      mkdirSync(join(scratch, dir), { recursive: true });
      writeFileSync(join(scratch, dir, 'kustomization.yaml'), kustomization);
      writeFileSync(join(scratch, dir, 'deploy.yaml'), deploy);
    }
    const reference = execFileSync('kubectl', ['kustomize', join(scratch, 'edited')], {
      encoding: 'utf8',
    });
    const source = new MemoryFileSource({
      'app/kustomization.yaml': original,
      'app/deploy.yaml': deploy,
    });
    const result = await renderSource(source, 'app', {
      kustomize: {
        namePrefix: 'prod-',
        nameSuffix: '-v2',
        namespace: 'prod',
        images: ['nginx:1.27', 'redis=valkey'],
        commonLabels: { team: 'a' },
        commonAnnotations: { owner: 'me' },
        replicas: [{ name: 'web', count: '3' }],
      },
    });
    const expected = parseAllDocuments(reference).map((d) => d.toJS() as unknown);
    assert.deepEqual(result.objects, expected);
  });
});

describe('render cache key', () => {
  it('is equal for equal inputs whatever the option key order, and differs when any input differs', () => {
    const base = {
      repoURL: 'https://git/x.git',
      commit: 'a'.repeat(40),
      path: 'apps/web',
      options: { directory: { recurse: true, include: '*.yaml' } },
    };
    const reordered = { ...base, options: { directory: { include: '*.yaml', recurse: true } } };
    assert.equal(renderCacheKey(base), renderCacheKey(reordered));
    assert.equal(renderCacheKey(base), renderCacheKey({ ...base, path: './apps/web/' }));
    for (const changed of [
      { ...base, commit: 'b'.repeat(40) },
      { ...base, path: 'apps/api' },
      { ...base, repoURL: 'https://git/y.git' },
      { ...base, options: {} },
    ]) {
      assert.notEqual(renderCacheKey(base), renderCacheKey(changed));
    }
  });
});
