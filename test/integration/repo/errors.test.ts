/**
 * Typed failures against real servers: an unreachable host, a URL that is no repository, an
 * empty repository, an SSH URL, and use after close.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CapstanError } from '../../../src/model/index.js';
import { RepoError, type RepoErrorReason } from '../../../src/repo/index.js';
import { startGitServer, type GitServer } from '../../helpers/git-server/index.js';
import { openCache, sampleValue } from './support.js';

let server: GitServer;

before(async () => {
  server = await startGitServer();
});
after(() => server.close());

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

const failsWith =
  (reason: RepoErrorReason, transient: boolean, pattern: RegExp) => (error: unknown) => {
    assert.ok(error instanceof RepoError, String(error));
    assert.equal(error.reason, reason);
    assert.equal(error.transient, transient);
    assert.match(error.message, pattern);
    return true;
  };

describe('resolve failures', () => {
  it('reports a host that refuses connections as a transient Unreachable error', async (t) => {
    const { cache, metrics } = await openCache(t);
    const url = `http://127.0.0.1:${String(await freePort())}/org/app.git`;
    await assert.rejects(
      cache.resolveRevision(url, 'main'),
      failsWith(
        'Unreachable',
        true,
        /^repo http:\/\/127\.0\.0\.1:\d+\/org\/app: revision main: cannot reach the Git server \(ECONNREFUSED\)$/,
      ),
    );
    const repo = url.replace(/\.git$/, '');
    assert.equal(
      await sampleValue(metrics, 'capstan_git_request_total', { repo, request_type: 'ls-remote' }),
      1,
    );
  });

  it('shares one failed ls-remote among callers, each told about its own revision', async (t) => {
    const { cache, metrics } = await openCache(t);
    const url = `http://127.0.0.1:${String(await freePort())}/org/shared.git`;
    const [main, tag] = await Promise.allSettled([
      cache.resolveRevision(url, 'main'),
      cache.resolveRevision(url, 'v2'),
    ]);
    assert.equal(main.status, 'rejected');
    assert.equal(tag.status, 'rejected');
    assert.match(String(main.reason), /shared: revision main: cannot reach/);
    assert.match(String(tag.reason), /shared: revision v2: cannot reach/);
    const repo = url.replace(/\.git$/, '');
    const labels = { repo, request_type: 'ls-remote' };
    assert.equal(await sampleValue(metrics, 'capstan_git_request_total', labels), 1);
  });

  it('reports a URL that is not a repository as a permanent NotARepository error', async (t) => {
    const { cache } = await openCache(t);
    await assert.rejects(
      cache.resolveRevision(`${server.url}/no-such-repo.git`, 'main'),
      failsWith(
        'NotARepository',
        false,
        /no-such-repo: revision main: repository not found \(HTTP 404\)$/,
      ),
    );
  });

  it('reports every revision of an empty repository as unknown', async (t) => {
    const repo = await server.createRepo('empty');
    const { cache } = await openCache(t);
    await assert.rejects(
      cache.resolveRevision(repo.url, 'HEAD'),
      failsWith('UnknownRevision', false, /revision HEAD: unknown revision/),
    );
    await assert.rejects(
      cache.resolveRevision(repo.url, 'abcdef1'),
      failsWith('UnknownRevision', false, /the repository is empty/),
    );
  });

  it('refuses an SSH URL before any network traffic, saying to use HTTPS', async (t) => {
    const { cache } = await openCache(t);
    server.clearRequests();
    await assert.rejects(
      cache.resolveRevision('git@github.com:org/app.git', 'main'),
      failsWith(
        'Unsupported',
        false,
        /^repo github\.com:org\/app\.git: SSH URLs are not supported .*https:\/\//,
      ),
    );
    assert.equal(server.requests.length, 0);
  });

  it('refuses to be used after close()', async (t) => {
    const { cache } = await openCache(t);
    await cache.close();
    await assert.rejects(cache.resolveRevision(`${server.url}/x.git`, 'main'), CapstanError);
  });
});
