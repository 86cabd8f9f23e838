/**
 * Crash safety and failed fetches: a process SIGKILLed mid-fetch leaves a store without its
 * marker, which the next process detects, removes (with a warning) and fetches again; a
 * fetch that times out or is cancelled in-process is rolled back and the cache stays usable.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { access, readdir, truncate } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { normalizeRepoURL, RepoError } from '../../../src/repo/index.js';
import { hashRepoKey } from '../../../src/repo/url.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer } from '../../helpers/git-server/index.js';
import { makeTempDir, openCache, text } from './support.js';
import { startThrottleProxy, type ThrottleProxy } from './throttle-proxy.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fetch-child.js');
const BIG = 2 * 1024 * 1024;
let server: GitServer;
let proxy: ThrottleProxy;

before(async () => {
  server = await startGitServer();
  proxy = await startThrottleProxy(server.url, { chunkBytes: 8192, intervalMs: 20 });
});
after(async () => {
  await proxy.close();
  await server.close();
});

function spawnChild(cacheDir: string, url: string, revision: string): ChildProcess {
  return spawn(process.execPath, [CHILD, cacheDir, url, revision], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function runChild(cacheDir: string, url: string, revision: string): Promise<string> {
  const child = spawnChild(cacheDir, url, revision);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, 'child resolve failed');
  return out.trim();
}

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

/** A repository served through the proxy with one small commit; returns its proxy URL. */
async function slowRepo(name: string): Promise<{ url: string; commitBig: () => Promise<string> }> {
  const repo = await server.createRepo(name);
  await repo.commit({ 'small.txt': 'v1\n' });
  return {
    url: repo.url.replace(server.url, proxy.url),
    commitBig: () => repo.commit({ 'big.bin': randomBytes(BIG), 'small.txt': 'v2\n' }),
  };
}

describe('crash safety', () => {
  it('recovers after the fetching process is SIGKILLed mid-fetch: removes the broken store and refetches', async (t) => {
    proxy.throttled = false;
    const { url, commitBig } = await slowRepo('crash');
    const cacheDir = await makeTempDir(t);
    const marker = path.join(cacheDir, hashRepoKey(normalizeRepoURL(url)), 'capstan-cache.json');
    await runChild(cacheDir, url, 'main');
    assert.equal(await exists(marker), true, 'a healthy store has its marker');

    const big = await commitBig();
    proxy.throttled = true;
    const sentBefore = proxy.packBytesSent;
    const child = spawnChild(cacheDir, url, 'main');
    await eventually(() => assert.ok(proxy.packBytesSent > sentBefore + 64 * 1024), {
      timeoutMs: 30_000,
      intervalMs: 10,
    });
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(child.signalCode, 'SIGKILL');
    assert.ok(proxy.packBytesSent < sentBefore + BIG, 'killed before the pack was complete');
    assert.equal(await exists(marker), false, 'the interrupted fetch left no marker');

    proxy.throttled = false;
    const { cache, logs } = await openCache(t, { cacheDir });
    const resolved = await cache.resolveRevision(url, 'main');
    assert.equal(resolved.sha, big);
    const source = cache.openSource(url, big);
    assert.equal(text(await source.readFile('small.txt')), 'v2\n');
    assert.equal((await source.readFile('big.bin')).length, BIG);
    const warnings = logs
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.level === 40);
    assert.deepEqual(
      warnings.map((w) => w.msg),
      ['repo cache is broken; removing it and fetching again'],
    );
    assert.equal(await exists(marker), true);
  });

  it('detects a damaged pack when the store opens, removes the store and fetches again', async (t) => {
    proxy.throttled = false;
    const { url } = await slowRepo('damaged');
    const cacheDir = await makeTempDir(t);
    const first = await openCache(t, { cacheDir });
    const { sha } = await first.cache.resolveRevision(url, 'main');
    await first.cache.close();
    const packDir = path.join(cacheDir, hashRepoKey(normalizeRepoURL(url)), 'objects', 'pack');
    const packs = (await readdir(packDir)).filter((name) => name.endsWith('.pack'));
    assert.equal(packs.length, 1);
    await truncate(path.join(packDir, packs[0] ?? ''), 40);
    const { cache, logs } = await openCache(t, { cacheDir });
    assert.equal((await cache.resolveRevision(url, 'main')).sha, sha);
    assert.equal(text(await cache.openSource(url, sha).readFile('small.txt')), 'v1\n');
    assert.ok(logs.some((l) => l.includes('repo cache is broken') && l.includes('unreadable')));
  });

  it('times out a slow fetch with a transient Timeout error, then resolves without discarding the cache', async (t) => {
    proxy.throttled = false;
    const { url, commitBig } = await slowRepo('timeout');
    const { cache, logs } = await openCache(t, { fetchTimeoutMs: 400 });
    await cache.resolveRevision(url, 'main');
    const big = await commitBig();
    proxy.throttled = true;
    await assert.rejects(
      cache.resolveRevision(url, 'main'),
      (e: unknown) =>
        e instanceof RepoError &&
        e.reason === 'Timeout' &&
        e.transient &&
        e.message.includes('revision main: timed out'),
    );
    proxy.throttled = false;
    assert.equal((await cache.resolveRevision(url, 'main')).sha, big);
    assert.ok(!logs.some((l) => l.includes('repo cache is broken')));
  });

  it('cancels a fetch when its only caller aborts, and the next resolve succeeds', async (t) => {
    proxy.throttled = false;
    const { url, commitBig } = await slowRepo('cancel');
    const cacheDir = await makeTempDir(t);
    const { cache } = await openCache(t, { cacheDir });
    await cache.resolveRevision(url, 'main');
    const big = await commitBig();
    proxy.throttled = true;
    const controller = new AbortController();
    const sentBefore = proxy.packBytesSent;
    const pending = cache.resolveRevision(url, 'main', { signal: controller.signal });
    await eventually(() => assert.ok(proxy.packBytesSent > sentBefore), {
      timeoutMs: 30_000,
      intervalMs: 5,
    });
    controller.abort(new Error('application deleted'));
    await assert.rejects(pending, /application deleted/);
    await eventually(() => assert.equal(proxy.packsInFlight, 0), {
      timeoutMs: 5_000,
      intervalMs: 5,
    });
    proxy.throttled = false;
    assert.equal((await cache.resolveRevision(url, 'main')).sha, big);
  });
});
