import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSilentLogger } from '../../../src/log/index.js';
import { createMetrics } from '../../../src/metrics/index.js';
import { parseListenAddress, startHttpServer } from '../../../src/server/index.js';

describe('parseListenAddress', () => {
  it('reads host:port, :port, a bare port and IPv6 brackets', () => {
    assert.deepEqual(parseListenAddress('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
    assert.deepEqual(parseListenAddress(':9090'), { host: undefined, port: 9090 });
    assert.deepEqual(parseListenAddress('0'), { host: undefined, port: 0 });
    assert.deepEqual(parseListenAddress('[::1]:80'), { host: '::1', port: 80 });
  });
  it('refuses what is not an address', () => {
    assert.throws(() => parseListenAddress('localhost:http'), /not host:port/u);
    assert.throws(() => parseListenAddress(':70000'), /not host:port/u);
  });
});

describe('startHttpServer', () => {
  it('serves metrics, health and readiness that follows the probe', async () => {
    let ready = false;
    const metrics = createMetrics();
    metrics.gitRequestTotal.inc({ repo: 'https://example.com/r', request_type: 'fetch' });
    const server = await startHttpServer({
      address: '127.0.0.1:0',
      registry: metrics.registry,
      isReady: () => ready,
      logger: createSilentLogger(),
    });
    try {
      const base = `http://127.0.0.1:${String(server.port)}`;
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      assert.equal((await fetch(`${base}/readyz`)).status, 503);
      ready = true;
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
      const scrape = await fetch(`${base}/metrics`);
      assert.equal(scrape.status, 200);
      assert.match(
        await scrape.text(),
        /capstan_git_request_total\{repo="https:\/\/example.com\/r",request_type="fetch"\} 1/u,
      );
      assert.equal((await fetch(`${base}/nope`)).status, 404);
      assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 405);
    } finally {
      await server.close();
    }
  });
});
