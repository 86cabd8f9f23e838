/**
 * A deliberately slow Git server: an HTTP proxy in front of the test Git server that, while
 * throttled, streams upload-pack responses (packs) a few KB at a time. It counts the bytes
 * of pack data it has passed on and how many pack responses are in flight, so tests can
 * act mid-fetch (kill a process, time out) and observe fetch concurrency.
 */
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ThrottleProxy {
  /** Base URL of the proxy, e.g. http://127.0.0.1:PORT; paths are passed through. */
  readonly url: string;
  /** While true, upload-pack responses are slowed down. */
  throttled: boolean;
  /** Bytes of upload-pack responses sent so far. */
  readonly packBytesSent: number;
  /** upload-pack responses started and not yet finished. */
  readonly packsInFlight: number;
  /** Most upload-pack responses ever in flight at once. */
  readonly peakPacksInFlight: number;
  close(): Promise<void>;
}

export interface ThrottleOptions {
  readonly chunkBytes?: number;
  readonly intervalMs?: number;
}

export async function startThrottleProxy(
  target: string,
  options: ThrottleOptions = {},
): Promise<ThrottleProxy> {
  const chunkBytes = options.chunkBytes ?? 4096;
  const intervalMs = options.intervalMs ?? 25;
  const upstream = new URL(target);
  const state = { throttled: false, packBytesSent: 0, packsInFlight: 0, peakPacksInFlight: 0 };
  const server = createServer((req, res) => {
    const isPack = (req.url ?? '').endsWith('/git-upload-pack');
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (!isPack) {
          answer.pipe(res);
          return;
        }
        state.packsInFlight += 1;
        state.peakPacksInFlight = Math.max(state.peakPacksInFlight, state.packsInFlight);
        void relayPack(answer, res, state, { chunkBytes, intervalMs }).finally(() => {
          state.packsInFlight -= 1;
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    get throttled() {
      return state.throttled;
    },
    set throttled(value: boolean) {
      state.throttled = value;
    },
    get packBytesSent() {
      return state.packBytesSent;
    },
    get packsInFlight() {
      return state.packsInFlight;
    },
    get peakPacksInFlight() {
      return state.peakPacksInFlight;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function relayPack(
  answer: IncomingMessage,
  res: ServerResponse,
  state: { throttled: boolean; packBytesSent: number },
  pace: { chunkBytes: number; intervalMs: number },
): Promise<void> {
  try {
    for await (const chunk of answer) {
      const bytes = chunk as Buffer;
      for (let at = 0; at < bytes.length; at += pace.chunkBytes) {
        if (res.destroyed) {
          answer.destroy();
          return;
        }
        const piece = bytes.subarray(at, at + pace.chunkBytes);
        res.write(piece);
        state.packBytesSent += piece.length;
        if (state.throttled) await new Promise((r) => setTimeout(r, pace.intervalMs));
      }
    }
    res.end();
  } catch {
    res.destroy();
  }
}
