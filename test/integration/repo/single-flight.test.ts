/**
 * Many Applications on one repository at once: concurrent resolves share one ls-remote and
 * one fetch, reads through the FileSource see the fetched tree, and fetches across
 * repositories stay within maxConcurrentFetches.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { startGitServer, type GitServer } from '../../helpers/git-server/index.js';
import { countRequests, openCache, text } from './support.js';
import { startThrottleProxy } from './throttle-proxy.js';

let server: GitServer;

before(async () => {
  server = await startGitServer();
});
after(() => server.close());

describe('single-flight', () => {
  it('makes 50 concurrent resolves and reads of one repo and revision cost exactly one fetch', async (t) => {
    const repo = await server.createRepo('fifty');
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`apps/app-${String(i)}/config.yaml`] = `app: ${String(i)}\n`;
    const sha = await repo.commit(files);
    const { cache } = await openCache(t);
    server.clearRequests();
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const resolved = await cache.resolveRevision(repo.url, 'main');
        const source = cache.openSource(repo.url, resolved.sha);
        const name = `apps/app-${String(i % 40)}/config.yaml`;
        return { sha: resolved.sha, content: text(await source.readFile(name)), i };
      }),
    );
    assert.ok(results.every((r) => r.sha === sha));
    assert.ok(results.every((r) => r.content === `app: ${String(r.i % 40)}\n`));
    assert.deepEqual(countRequests(server), { infoRefs: 1, uploadPack: 1 });
  });

  it('lets a caller abort its wait while the shared fetch completes for the others', async (t) => {
    const repo = await server.createRepo('abort-one');
    const sha = await repo.commit({ 'a.txt': 'a\n' });
    const { cache } = await openCache(t);
    const controller = new AbortController();
    const leaving = cache.resolveRevision(repo.url, 'main', { signal: controller.signal });
    const staying = cache.resolveRevision(repo.url, 'main');
    controller.abort(new Error('no longer needed'));
    await assert.rejects(leaving, /no longer needed/);
    assert.equal((await staying).sha, sha);
  });

  for (const limit of [1, 3]) {
    it(`runs at most maxConcurrentFetches=${String(limit)} fetches at once across repositories`, async (t) => {
      const proxy = await startThrottleProxy(server.url, { chunkBytes: 2048, intervalMs: 10 });
      t.after(() => proxy.close());
      const repos = await Promise.all(
        Array.from({ length: 4 }, async (_, i) => {
          const repo = await server.createRepo(`bounded-${String(limit)}-${String(i)}`);
          await repo.commit({ 'blob.bin': randomBytes(16 * 1024) });
          return repo;
        }),
      );
      const { cache } = await openCache(t, { maxConcurrentFetches: limit });
      proxy.throttled = true;
      const urls = repos.map((repo) => repo.url.replace(server.url, proxy.url));
      await Promise.all(urls.map((url) => cache.resolveRevision(url, 'main')));
      // With a limit of 3 the four slow fetches overlap: the measurement can see overlap.
      assert.equal(proxy.peakPacksInFlight, limit);
    });
  }
});
