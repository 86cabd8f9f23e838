/**
 * A push webhook must make the next resolve ask Git afresh: RepoCache.expireRefs drops refs
 * kept within the TTL, and keeps a new caller out of an ls-remote begun before the push.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createSilentLogger } from '../../../src/log/index.js';
import { createMetrics } from '../../../src/metrics/index.js';
import { createRepoCache, type RepoCache } from '../../../src/repo/index.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';

describe('RepoCache.expireRefs', () => {
  let server: GitServer;
  let repo: TestRepo;
  let cacheDir: string;
  let cache: RepoCache;

  before(async () => {
    server = await startGitServer();
    repo = await server.createRepo('expire');
    cacheDir = mkdtempSync(join(tmpdir(), 'capstan-expire-'));
    cache = createRepoCache({
      cacheDir,
      logger: createSilentLogger(),
      metrics: createMetrics(),
      credentials: () => undefined,
      refsTtlMs: 600_000,
    });
  });
  after(async () => {
    await cache.close();
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('resolves the new commit after expireRefs although the refs TTL has not passed', async () => {
    const first = await repo.commit({ 'a.txt': '1' });
    assert.equal((await cache.resolveRevision(repo.url, 'main')).sha, first);
    const second = await repo.commit({ 'a.txt': '2' });
    // Within the TTL the cache answers from the refs it has: still the first commit.
    assert.equal((await cache.resolveRevision(repo.url, 'main')).sha, first);
    cache.expireRefs(`${repo.url.replace(/\.git$/u, '')}/`);
    assert.equal((await cache.resolveRevision(repo.url, 'main')).sha, second);
  });

  it('does not let a resolve after expireRefs join an ls-remote begun before the push', async () => {
    const gate = await startRefsGate(server.url);
    try {
      const url = `${gate.url}/expire.git`;
      const before = await repo.commit({ 'a.txt': '3' });
      gate.holding = true;
      // This ls-remote is answered with the refs before the push, but held on its way back.
      const early = cache.resolveRevision(url, 'main');
      await gate.held;
      const pushed = await repo.commit({ 'a.txt': '4' });
      cache.expireRefs(url);
      const late = cache.resolveRevision(url, 'main');
      gate.release();
      assert.equal((await early).sha, before);
      assert.equal((await late).sha, pushed, 'the resolve after expireRefs saw the old refs');
    } finally {
      await gate.close();
    }
  });

  it('ignores a URL it cannot parse', () => {
    assert.doesNotThrow(() => cache.expireRefs('git@example.com:a/b.git'));
  });
});

interface RefsGate {
  readonly url: string;
  /** While true, the next ref advertisement is fetched from upstream but held back. */
  holding: boolean;
  /** Resolves once an advertisement is being held. */
  readonly held: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

/** A proxy to the Git server that can hold one `info/refs` answer after reading it. */
async function startRefsGate(target: string): Promise<RefsGate> {
  const upstream = new URL(target);
  let markHeld: () => void = () => undefined;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (markHeld = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const gate = { holding: false };
  const server = createServer((req, res) => {
    const hold = gate.holding && (req.url ?? '').includes('/info/refs');
    if (hold) gate.holding = false;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer: IncomingMessage) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const send = (): void => {
            res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(chunks));
          };
          if (!hold) {
            send();
            return;
          }
          markHeld();
          void released.then(send);
        });
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    get holding() {
      return gate.holding;
    },
    set holding(value: boolean) {
      gate.holding = value;
    },
    held,
    release,
    close: () =>
      new Promise((resolve) => {
        release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
