/**
 * A TLS-terminating proxy in front of the test apiserver, so informer tests can do to a real
 * connection what a network does: cut it, refuse new ones for a while, or make the next watch
 * start from a resourceVersion the apiserver has forgotten (it answers that with its own
 * ERROR 410 event). It serves the apiserver's own certificate and forwards as the admin user,
 * so the client under test needs no special settings — only a kubeconfig with another port.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { TestControlPlane } from '../../helpers/control-plane.js';

export interface ProxiedRequest {
  method: string;
  /** Path and query as forwarded (after any rewrite). */
  url: string;
  isWatch: boolean;
  /** Passed to the apiserver, dropped while refusing, or answered here with 410. */
  outcome: 'forwarded' | 'refused' | 'gone';
}

export interface ApiProxy {
  /** A kubeconfig whose server is this proxy. */
  readonly kubeconfig: string;
  readonly requests: readonly ProxiedRequest[];
  /** While true every request is answered by closing its connection. */
  refusing: boolean;
  /** The next watch forwarded asks for resourceVersion=1, long compacted away. */
  expireNextWatch(): void;
  /** The next watch is answered here with HTTP 410 Gone, as some servers do. */
  answerNextWatchWithGone(): void;
  /** Destroys every open client connection, as a network failure would. */
  cutConnections(): void;
  /** TCP connections accepted so far (each one a TLS handshake). */
  readonly connectionsAccepted: number;
  close(): Promise<void>;
}

export async function startApiProxy(cp: TestControlPlane): Promise<ApiProxy> {
  const pki = (name: string): Buffer => readFileSync(join(cp.dataDir, 'pki', name));
  const upstream = new URL(cp.server);
  const upstreamTls = { ca: pki('ca.crt'), cert: pki('admin.crt'), key: pki('admin.key') };
  const sockets = new Set<Socket>();
  const requests: ProxiedRequest[] = [];
  const pending = { expire: false, gone: false };
  const state = { refusing: false };

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    let url = req.url ?? '/';
    const isWatch = /[?&]watch=(1|true)/.test(url);
    const entry: ProxiedRequest = { method: req.method ?? 'GET', url, isWatch, outcome: 'refused' };
    requests.push(entry);
    if (state.refusing) {
      req.socket.destroy();
      return;
    }
    if (isWatch && pending.gone) {
      pending.gone = false;
      entry.outcome = 'gone';
      const status = {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Gone',
        code: 410,
      };
      res.writeHead(410, { 'content-type': 'application/json' }).end(JSON.stringify(status));
      return;
    }
    if (isWatch && pending.expire) {
      pending.expire = false;
      url = url.replace(/resourceVersion=[^&]*/, 'resourceVersion=1');
      entry.url = url;
    }
    entry.outcome = 'forwarded';
    const headers = { ...req.headers, host: upstream.host };
    delete headers.connection;
    const outgoing = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: url,
        headers,
        ...upstreamTls,
        agent: false,
      },
      (answer) => {
        const answerHeaders = { ...answer.headers };
        delete answerHeaders.connection;
        delete answerHeaders['keep-alive'];
        res.writeHead(answer.statusCode ?? 502, answerHeaders);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    outgoing.on('error', () => res.destroy());
    // A cut client connection ends the upstream request too, so the apiserver sees it go.
    res.on('close', () => outgoing.destroy());
    req.pipe(outgoing);
  };

  const server = createServer({ cert: pki('apiserver.crt'), key: pki('apiserver.key') }, forward);
  let connectionsAccepted = 0;
  server.on('connection', (socket: Socket) => {
    connectionsAccepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const kubeconfig = join(cp.dataDir, `proxy-${String(port)}.kubeconfig`);
  writeFileSync(
    kubeconfig,
    readFileSync(cp.kubeconfig, 'utf8').replace(cp.server, `https://127.0.0.1:${String(port)}`),
  );

  return {
    kubeconfig,
    requests,
    get connectionsAccepted() {
      return connectionsAccepted;
    },
    get refusing() {
      return state.refusing;
    },
    set refusing(value: boolean) {
      state.refusing = value;
    },
    expireNextWatch: () => (pending.expire = true),
    answerNextWatchWithGone: () => (pending.gone = true),
    cutConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
