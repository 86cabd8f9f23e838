import { createServer } from 'node:net';
import { DevClusterError } from '../model/index.js';

/** A loopback port that was free a moment ago (the OS picks it). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
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
