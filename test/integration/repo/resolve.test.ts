/**
 * resolveRevision against real repositories served over smart HTTP by git http-backend:
 * every revision form, moves of the branch under us, and what each resolve costs in requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RepoError } from '../../../src/repo/index.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import { countRequests, openCache, sampleValue, text } from './support.js';

let server: GitServer;

before(async () => {
  server = await startGitServer();
});
after(() => server.close());

async function seedRepo(name: string): Promise<{ repo: TestRepo; first: string; second: string }> {
  const repo = await server.createRepo(name);
  const first = await repo.commit(
    { 'app/config.yaml': 'version: 1\n', 'README.md': 'hello\n' },
    { message: 'first' },
  );
  const second = await repo.commit({ 'app/config.yaml': 'version: 2\n' }, { message: 'second' });
  return { repo, first, second };
}

const isUnknownRevision = (revision: string, url: string) => (error: unknown) =>
  error instanceof RepoError &&
  error.reason === 'UnknownRevision' &&
  !error.transient &&
  error.message.startsWith(`repo ${url}: revision ${revision}: `);

describe('resolveRevision', () => {
  it('resolves a branch, HEAD, a lightweight tag and an annotated tag to their commits', async (t) => {
    const { repo, first, second } = await seedRepo('forms');
    await repo.commit({ 'feature.txt': 'f\n' }, { branch: 'feature', from: 'main' });
    const feature = await repo.resolve('feature');
    await repo.tag('light', first);
    const tagObject = await repo.tag('v1.0.0', first, { annotated: true });
    assert.notEqual(tagObject, first);
    const { cache } = await openCache(t);
    assert.deepEqual(
      [
        (await cache.resolveRevision(repo.url, 'main')).sha,
        (await cache.resolveRevision(repo.url, 'HEAD')).sha,
        (await cache.resolveRevision(repo.url, '')).sha,
        (await cache.resolveRevision(repo.url, 'feature')).sha,
        (await cache.resolveRevision(repo.url, 'light')).sha,
        (await cache.resolveRevision(repo.url, 'v1.0.0')).sha,
        (await cache.resolveRevision(repo.url, 'refs/tags/v1.0.0')).sha,
      ],
      [second, second, second, feature, first, first, first],
    );
    const tagged = await cache.resolveRevision(repo.url, 'v1.0.0');
    assert.equal(tagged.ref, 'refs/tags/v1.0.0');
    assert.equal(
      text(await cache.openSource(repo.url, tagged.sha).readFile('app/config.yaml')),
      'version: 1\n',
    );
  });

  it('resolves full and abbreviated SHAs of the tip and of older commits', async (t) => {
    const { repo, first, second } = await seedRepo('shas');
    const { cache } = await openCache(t);
    assert.equal((await cache.resolveRevision(repo.url, second)).sha, second);
    assert.equal((await cache.resolveRevision(repo.url, second.slice(0, 7))).sha, second);
    // `first` is behind the tip: fetched by SHA (the server allows reachable SHAs in want).
    const byFull = await cache.resolveRevision(repo.url, first.toUpperCase());
    assert.deepEqual([byFull.sha, byFull.fetched], [first, true]);
    assert.equal(
      text(await cache.openSource(repo.url, first).readFile('app/config.yaml')),
      'version: 1\n',
    );
  });

  it('finds an abbreviated SHA of an old commit by deepening the default branch', async (t) => {
    const { repo, first } = await seedRepo('abbrev');
    for (let i = 0; i < 3; i++) await repo.commit({ [`n${String(i)}.txt`]: `${String(i)}\n` });
    const { cache } = await openCache(t);
    await cache.resolveRevision(repo.url, 'main');
    const resolved = await cache.resolveRevision(repo.url, first.slice(0, 10));
    assert.deepEqual([resolved.sha, resolved.fetched], [first, true]);
    assert.equal(
      text(await cache.openSource(repo.url, first).readFile('app/config.yaml')),
      'version: 1\n',
    );
  });

  it('searches every ref before calling a SHA that no ref reaches any more unknown', async (t) => {
    const { repo, first } = await seedRepo('unreachable');
    const orphan = await repo.commit({ 'o.txt': 'o\n' }, { branch: 'other', replaceTree: true });
    await repo.forcePush('main', orphan);
    await repo.deleteBranch('other');
    const { cache, logs } = await openCache(t);
    await assert.rejects(
      cache.resolveRevision(repo.url, first),
      isUnknownRevision(first, repo.url.replace(/\.git$/, '')),
    );
    const fetches = logs
      .map((line) => JSON.parse(line) as { msg: string; depth?: number })
      .filter((l) => l.msg === 'fetched');
    assert.deepEqual(
      fetches.map((l) => l.depth),
      [1, 50, 0x7fffffff, 0x7fffffff],
    );
  });

  it('follows a force-push to an unrelated commit and fetches the new commit', async (t) => {
    const { repo, second } = await seedRepo('forced');
    const orphan = await repo.commit(
      { 'other.txt': 'rewritten\n' },
      { branch: 'rewrite', replaceTree: true },
    );
    const { cache } = await openCache(t);
    assert.equal((await cache.resolveRevision(repo.url, 'main')).sha, second);
    await repo.forcePush('main', orphan);
    const after = await cache.resolveRevision(repo.url, 'main');
    assert.deepEqual([after.sha, after.fetched], [orphan, true]);
    const source = cache.openSource(repo.url, after.sha);
    assert.deepEqual(await source.readDir(''), [{ name: 'other.txt', kind: 'file' }]);
  });

  it('reports a deleted branch as a permanent UnknownRevision naming the repo and revision', async (t) => {
    const { repo } = await seedRepo('deleted');
    await repo.commit({ 'x.txt': 'x\n' }, { branch: 'gone', from: 'main' });
    const { cache } = await openCache(t);
    await cache.resolveRevision(repo.url, 'gone');
    await repo.deleteBranch('gone');
    const url = repo.url.replace(/\.git$/, '');
    await assert.rejects(cache.resolveRevision(repo.url, 'gone'), isUnknownRevision('gone', url));
    await assert.rejects(
      cache.resolveRevision(repo.url, 'no-such-tag'),
      isUnknownRevision('no-such-tag', url),
    );
    await assert.rejects(
      cache.resolveRevision(repo.url, 'f'.repeat(40)),
      isUnknownRevision('f'.repeat(40), url),
    );
  });

  it('costs one info/refs request and no fetch when the repository has not changed', async (t) => {
    const { repo, second } = await seedRepo('unchanged');
    const { cache, metrics } = await openCache(t);
    await cache.resolveRevision(repo.url, 'main');
    server.clearRequests();
    const again = await cache.resolveRevision(repo.url, 'main');
    assert.deepEqual([again.sha, again.fetched], [second, false]);
    assert.deepEqual(countRequests(server), { infoRefs: 1, uploadPack: 0 });
    assert.equal(server.requests.length, 1);
    const key = repo.url.replace(/\.git$/, '');
    assert.equal(
      await sampleValue(metrics, 'capstan_git_request_total', {
        repo: key,
        request_type: 'ls-remote',
      }),
      2,
    );
    assert.equal(
      await sampleValue(metrics, 'capstan_git_request_total', { repo: key, request_type: 'fetch' }),
      1,
    );
    const disk = await sampleValue(metrics, 'capstan_repo_cache_bytes', { store: 'disk' });
    assert.ok(disk > 1000, `disk bytes ${String(disk)}`);
    assert.equal(await sampleValue(metrics, 'capstan_repo_cache_bytes', { store: 'memory' }), 0);
    await cache.openSource(repo.url, second).readFile('app/config.yaml');
    const memory = await sampleValue(metrics, 'capstan_repo_cache_bytes', { store: 'memory' });
    assert.ok(memory > 0, `memory bytes ${String(memory)}`);
  });

  it('fetches a one-commit update with one upload-pack request, reusing the ls-remote advertisement', async (t) => {
    const { repo } = await seedRepo('update');
    const { cache } = await openCache(t);
    await cache.resolveRevision(repo.url, 'main');
    const third = await repo.commit({ 'app/config.yaml': 'version: 3\n' });
    server.clearRequests();
    const resolved = await cache.resolveRevision(repo.url, 'main');
    assert.deepEqual([resolved.sha, resolved.fetched], [third, true]);
    assert.deepEqual(countRequests(server), { infoRefs: 1, uploadPack: 1 });
    assert.equal(
      text(await cache.openSource(repo.url, third).readFile('app/config.yaml')),
      'version: 3\n',
    );
  });

  it('does not ask the server at all for a full SHA already in the cache', async (t) => {
    const { repo, second } = await seedRepo('immutable');
    const { cache } = await openCache(t);
    await cache.resolveRevision(repo.url, 'main');
    server.clearRequests();
    assert.equal((await cache.resolveRevision(repo.url, second)).sha, second);
    assert.equal(server.requests.length, 0);
  });

  it('reuses the advertisement within refsTtlMs', async (t) => {
    const { repo } = await seedRepo('ttl');
    const { cache } = await openCache(t, { refsTtlMs: 60_000 });
    await cache.resolveRevision(repo.url, 'main');
    server.clearRequests();
    await cache.resolveRevision(repo.url, 'HEAD');
    assert.equal(server.requests.length, 0);
  });

  it('asks again when the server refuses a commit no branch reaches any more', async (t) => {
    const { repo, second } = await seedRepo('moved');
    await repo.commit({ 'dev.txt': 'dev\n' }, { branch: 'dev', replaceTree: true });
    const { cache } = await openCache(t, { refsTtlMs: 60_000 });
    await cache.resolveRevision(repo.url, 'dev');
    // The cached advertisement still says main is `second`; after this force-push no ref
    // reaches `second`, so the server refuses to send it and the resolve must ask again.
    const rewritten = await repo.commit(
      { 'new.txt': 'new\n' },
      { branch: 'other', replaceTree: true },
    );
    await repo.forcePush('main', rewritten);
    await repo.deleteBranch('other');
    server.clearRequests();
    const resolved = await cache.resolveRevision(repo.url, 'main');
    assert.notEqual(resolved.sha, second);
    assert.equal(resolved.sha, rewritten);
    assert.deepEqual(countRequests(server), { infoRefs: 1, uploadPack: 2 });
  });

  it('treats two spellings of one URL as one repository', async (t) => {
    const { repo } = await seedRepo('spelling');
    const { cache } = await openCache(t);
    await cache.resolveRevision(repo.url, 'main');
    server.clearRequests();
    const upper = repo.url.replace('http://', 'HTTP://').concat('/');
    const resolved = await cache.resolveRevision(upper, 'main');
    assert.equal(resolved.repoURL, repo.url.replace(/\.git$/, ''));
    assert.deepEqual(countRequests(server), { infoRefs: 1, uploadPack: 0 });
  });
});
