import { request, type RequestOptions } from 'node:https';
import type { KubeClient } from './client.js';

export interface ReadinessOptions {
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
}

export const DEFAULT_READINESS_OPTIONS: ReadinessOptions = { timeoutMs: 60_000, intervalMs: 100 };

/**
 * Resolves once GET /readyz answers 200. Returns the last failure text on timeout so the
 * caller can say why the server never became ready.
 */
export async function waitForApiServerReady(
  client: KubeClient,
  options: ReadinessOptions = DEFAULT_READINESS_OPTIONS,
): Promise<{ ready: boolean; lastError: string }> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline && !options.signal?.aborted) {
    const outcome = await probeReadyz(client);
    if (outcome === 'ok') return { ready: true, lastError: '' };
    lastError = outcome;
    await delay(options.intervalMs, options.signal);
  }
  return { ready: false, lastError };
}

async function probeReadyz(client: KubeClient): Promise<string> {
  const url = new URL('/readyz', client.server);
  const opts: RequestOptions = {
    hostname: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'GET',
    timeout: 2_000,
  };
  await client.config.applyToHTTPSOptions(opts);
  return new Promise((resolve) => {
    const req = request(opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve(res.statusCode === 200 ? 'ok' : `HTTP ${String(res.statusCode)}: ${body.trim()}`);
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => resolve(err.message));
    req.end();
  });
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
