import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { findFreePort, isPortRaceFailure } from '../../../src/devcluster/ports.js';

function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);
  } catch {
    return 32768;
  }
}

describe('dev cluster ports', () => {
  it('picks loopback ports below the ephemeral range that can be bound', async () => {
    const picked = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const port = await findFreePort();
      assert.ok(port >= 10000 && port < ephemeralStart(), `port ${String(port)}`);
      picked.add(port);
    }
    // Random, so parallel clusters do not walk the same sequence.
    assert.ok(picked.size > 10, `only ${String(picked.size)} distinct ports`);
    const port = await findFreePort();
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.on('error', reject);
      server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
    });
  });

  it('recognises the start-up failure of a port taken after it was checked', () => {
    assert.equal(
      isPortRaceFailure(
        'kube-apiserver exited during start-up (exit code 1): embedded etcd: listen tcp 127.0.0.1:44191: bind: address already in use',
      ),
      true,
    );
    assert.equal(
      isPortRaceFailure('kube-apiserver not ready after 60s: connect ECONNREFUSED'),
      false,
    );
  });
});
