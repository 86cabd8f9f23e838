import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/index.js';
import type { Registry } from '../metrics/index.js';

export interface HttpServerOptions {
  /** `host:port`, `:port` (all interfaces) or `0` for an ephemeral port in tests. */
  readonly address: string;
  readonly registry: Registry;
  /** Ready means caches are synced; leadership does not matter (a standby is ready too). */
  readonly isReady: () => boolean;
  readonly logger: Logger;
  /** Serves `/api/webhook` (Git push webhooks) when given; absent, the path is 404. */
  readonly webhook?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}

export interface RunningHttpServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Splits `host:port` / `:port` / `port`; an empty host listens on every interface. */
export function parseListenAddress(address: string): { host: string | undefined; port: number } {
  const colon = address.lastIndexOf(':');
  const host = colon <= 0 ? undefined : address.slice(0, colon).replace(/^\[|\]$/gu, '');
  const port = Number(colon === -1 ? address : address.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`listen address "${address}": not host:port`);
  return { host, port };
}

/** One port for /metrics, /healthz, /readyz and /api/webhook (DESIGN.md §8). */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const server = createServer((request, response) => {
    void handle(request, response, options).catch((error: unknown) => {
      options.logger.warn({ err: String(error), path: request.url }, 'http handler failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const { host, port } = parseListenAddress(options.address);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: HttpServerOptions,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/api/webhook' && options.webhook) {
    await options.webhook(request, response);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  switch (path) {
    case '/metrics': {
      const body = await options.registry.metrics();
      response.writeHead(200, { 'content-type': options.registry.contentType }).end(body);
      return;
    }
    case '/healthz':
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    case '/readyz': {
      const ready = options.isReady();
      response
        .writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' })
        .end(ready ? 'ok\n' : 'caches not synced\n');
      return;
    }
    default:
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }
}
