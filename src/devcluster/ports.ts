import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { DevClusterError } from '../model/index.js';

/**
 * Ports handed to child processes are picked below the kernel's ephemeral range: a port the OS
 * picks with `listen(0)` comes from that range, and any outgoing connection on the machine (a
 * test's HTTP client, another cluster's etcd) may take it in the moment between our check and
 * the child's bind.
 */
const FALLBACK_EPHEMERAL_START = 32768;
const LOWEST_PICKED_PORT = 10000;

function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low !== undefined && Number.isInteger(low) && low > LOWEST_PICKED_PORT + 1000) return low;
  } catch {
    // Not Linux: the usual default start.
  }
  return FALLBACK_EPHEMERAL_START;
}

/** A loopback port outside the ephemeral range that was free a moment ago. */
export async function findFreePort(): Promise<number> {
  const top = ephemeralRangeStart();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOWEST_PICKED_PORT + Math.floor(Math.random() * (top - LOWEST_PICKED_PORT));
    if (await isPortFree(port)) return port;
  }
  throw new DevClusterError(
    `no free port on 127.0.0.1 between ${String(LOWEST_PICKED_PORT)} and ${String(top)}`,
  );
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.on('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Fails fast, with the port in the message, when something already listens there. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', (err: NodeJS.ErrnoException) => {
      const reason =
        err.code === 'EADDRINUSE'
          ? 'is already in use'
          : `cannot be used (${err.code ?? err.message})`;
      reject(new DevClusterError(`port ${String(port)} on 127.0.0.1 ${reason}`));
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** True when a start-up failure says a port was taken after we checked it. */
export function isPortRaceFailure(message: string): boolean {
  return /address already in use/i.test(message);
}
