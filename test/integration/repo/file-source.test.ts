/**
 * The FileSource over a commit's tree, read from the object store of a repository fetched
 * over HTTP: files, directories, symlinks inside the repository, symlinks that try to leave
 * it, and a Kustomize render through it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { FileSourceError, type FileSource } from '../../../src/model/index.js';
import { renderSource } from '../../../src/render/index.js';
import { RepoError } from '../../../src/repo/index.js';
import { startGitServer, type GitServer } from '../../helpers/git-server/index.js';
import { openCache, text } from './support.js';

let server: GitServer;

before(async () => {
  server = await startGitServer();
});
after(() => server.close());

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.25
`;

const TREE = {
  'README.md': 'top\n',
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'base/deployment.yaml': DEPLOYMENT,
  'overlays/prod/kustomization.yaml':
    'resources:\n  - ../../base\nnamePrefix: prod-\nimages:\n  - name: nginx\n    newTag: "1.27"\n',
  'overlays/prod/readme-link': { symlink: '../../README.md' },
  'overlays/prod/base-link': { symlink: '../../base' },
  'overlays/prod/chain': { symlink: 'base-link/deployment.yaml' },
  'escape/parent': { symlink: '../../outside.yaml' },
  'escape/absolute': { symlink: '/etc/passwd' },
  'escape/dir': { symlink: '../..' },
  'loop/a': { symlink: 'b' },
  'loop/b': { symlink: 'a' },
  'scripts/run.sh': { mode: 'executable' as const, content: '#!/bin/sh\n' },
  'binary.bin': new Uint8Array([0, 255, 1, 254]),
};

async function openTree(t: TestContext, name: string): Promise<FileSource> {
  const repo = await server.createRepo(name);
  await repo.commit(TREE);
  const { cache } = await openCache(t);
  const { sha } = await cache.resolveRevision(repo.url, 'main');
  return cache.openSource(repo.url, sha);
}

const refusedAs = (code: FileSourceError['code']) => (error: unknown) =>
  error instanceof FileSourceError && error.code === code;

describe('the FileSource over a commit', () => {
  it('reads files byte for byte and lists directories with their kinds, sorted', async (t) => {
    const source = await openTree(t, 'reads');
    assert.equal(text(await source.readFile('README.md')), 'top\n');
    assert.deepEqual(await source.readFile('binary.bin'), new Uint8Array([0, 255, 1, 254]));
    assert.equal(text(await source.readFile('./base/../scripts/run.sh')), '#!/bin/sh\n');
    assert.deepEqual(await source.readDir(''), [
      { name: 'README.md', kind: 'file' },
      { name: 'base', kind: 'directory' },
      { name: 'binary.bin', kind: 'file' },
      { name: 'escape', kind: 'directory' },
      { name: 'loop', kind: 'directory' },
      { name: 'overlays', kind: 'directory' },
      { name: 'scripts', kind: 'directory' },
    ]);
    assert.deepEqual(await source.readDir('overlays/prod'), [
      { name: 'base-link', kind: 'directory' },
      { name: 'chain', kind: 'file' },
      { name: 'kustomization.yaml', kind: 'file' },
      { name: 'readme-link', kind: 'file' },
    ]);
    assert.deepEqual(await source.stat('base'), { kind: 'directory' });
    assert.deepEqual(await source.stat('base/deployment.yaml'), { kind: 'file' });
    assert.equal(await source.stat('base/missing.yaml'), undefined);
    assert.equal(await source.stat('README.md/inside'), undefined);
  });

  it('refuses wrong kinds and missing paths with FileSourceError codes', async (t) => {
    const source = await openTree(t, 'kinds');
    await assert.rejects(source.readFile('base'), refusedAs('IsADirectory'));
    await assert.rejects(source.readDir('README.md'), refusedAs('NotADirectory'));
    await assert.rejects(source.readFile('README.md/x'), refusedAs('NotADirectory'));
    await assert.rejects(source.readFile('nope.yaml'), refusedAs('NotFound'));
    await assert.rejects(source.readFile('../outside.yaml'), refusedAs('OutsideRoot'));
  });

  it('follows symlinks that stay inside the repository and reports their real paths', async (t) => {
    const source = await openTree(t, 'links');
    assert.equal(text(await source.readFile('overlays/prod/readme-link')), 'top\n');
    assert.equal(text(await source.readFile('overlays/prod/chain')), DEPLOYMENT);
    assert.equal(await source.realPath('overlays/prod/chain'), 'base/deployment.yaml');
    assert.equal(
      await source.realPath('overlays/prod/base-link/kustomization.yaml'),
      'base/kustomization.yaml',
    );
    assert.equal(await source.realPath(''), '');
    await assert.rejects(source.realPath('overlays/none'), refusedAs('NotFound'));
  });

  it('refuses symlinks that leave the repository, by .. or by an absolute target', async (t) => {
    const source = await openTree(t, 'escapes');
    for (const link of ['escape/parent', 'escape/absolute', 'escape/dir/etc/passwd']) {
      await assert.rejects(source.readFile(link), refusedAs('OutsideRoot'), link);
      await assert.rejects(source.realPath(link), refusedAs('OutsideRoot'), link);
      assert.equal(await source.stat(link), undefined, link);
    }
    await assert.rejects(source.readDir('escape/dir'), refusedAs('OutsideRoot'));
    await assert.rejects(source.readFile('loop/a'), refusedAs('NotFound'));
  });

  it('renders a kustomization from the repository with renderSource', async (t) => {
    const source = await openTree(t, 'render');
    const result = await renderSource(source, 'overlays/prod');
    assert.equal(result.sourceType, 'Kustomize');
    assert.equal(result.objects.length, 1);
    const [deployment] = result.objects as [
      {
        metadata: { name: string };
        spec: { template: { spec: { containers: { image: string }[] } } };
      },
    ];
    assert.equal(deployment.metadata.name, 'prod-web');
    assert.equal(deployment.spec.template.spec.containers[0]?.image, 'nginx:1.27');
  });

  it('fails reads of a commit that was never resolved with a RepoError', async (t) => {
    const repo = await server.createRepo('unresolved');
    await repo.commit({ 'a.txt': 'a\n' });
    const { cache } = await openCache(t);
    const source = cache.openSource(repo.url, '0123456789abcdef0123456789abcdef01234567');
    await assert.rejects(
      source.readFile('a.txt'),
      (e: unknown) => e instanceof RepoError && e.reason === 'UnknownRevision',
    );
    assert.throws(() => cache.openSource(repo.url, 'main'), RepoError);
  });
});
