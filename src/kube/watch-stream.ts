import type { IncomingMessage } from 'node:http';
import { request, type Agent, type RequestOptions } from 'node:https';
import { KubeError } from '../model/index.js';
import type { KubeClient } from './client.js';
import { failureOf } from './failure.js';
import { keepPooledAgent } from './http.js';
import { reportKubeRequest } from './instrument.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent {
  type: WatchEventType;
  object: Record<string, unknown>;
}

/**
 * How a watch ended without an error: `closed` when the server ended it (its
 * timeoutSeconds ran out), `expired` when the resourceVersion is too old to resume from
 * (410 Gone, as an HTTP status or as an ERROR event) and the caller must list again.
 */
export type WatchEnd = 'closed' | 'expired';

export interface WatchRequest {
  /** Collection path, e.g. /apis/apps/v1/namespaces/web/deployments. */
  path: string;
  kind: string;
  resourceVersion: string;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  timeoutSeconds: number;
  /** The watcher's own agent: long-lived streams must not hold the request pool's sockets. */
  agent: Agent;
  signal: AbortSignal;
  onConnected(): void;
  onEvent(event: WatchEvent): void;
}

/**
 * A half-open connection delivers nothing and never ends; the socket is given up when it
 * stays silent this long past the server's own timeout.
 */
const IDLE_GRACE_SECONDS = 30;

/**
 * One watch request: streams newline-delimited JSON events to `onEvent` until the server
 * ends the stream. Network failures and error Statuses reject with a KubeError; nothing
 * here can throw outside the returned promise.
 */
export async function streamWatch(client: KubeClient, watch: WatchRequest): Promise<WatchEnd> {
  const options = await buildWatchOptions(client, watch);
  return new Promise<WatchEnd>((resolve, reject) => {
    const subject = `${watch.kind} watch`;
    const fail = (message: string, cause?: unknown): void => {
      reject(new KubeError(`${subject}: ${message}`, { cause, retryable: true }));
    };
    let answered = false;
    const outgoing = request(options, (res) => {
      answered = true;
      const status = res.statusCode ?? 0;
      reportKubeRequest(client, 'Watch', watch.kind, status);
      if (status !== 200) {
        readErrorBody(res, (body) => {
          if (status === 410) resolve('expired');
          else reject(failureOf(subject, 'watch', { status, body }));
        });
        return;
      }
      watch.onConnected();
      const lines = splitLines((line) => {
        const outcome = handleLine(line, watch, subject);
        if (outcome === 'continue') return true;
        if (outcome === 'expired') resolve('expired');
        else reject(outcome);
        outgoing.destroy();
        return false;
      });
      res.setEncoding('utf8');
      res.on('data', lines.push);
      res.on('end', () => {
        lines.flush();
        resolve('closed');
      });
      res.on('error', (cause) => fail(cause.message, cause));
      // Settles a stream cut without an 'end' (promises ignore later settlements).
      res.on('close', () => fail('connection closed'));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('no data within the idle timeout')));
    outgoing.on('error', (cause) => {
      if (!answered) reportKubeRequest(client, 'Watch', watch.kind, 0);
      fail(cause.message, cause);
    });
    outgoing.end();
  });
}

async function buildWatchOptions(client: KubeClient, watch: WatchRequest): Promise<RequestOptions> {
  const url = new URL(watch.path, client.server);
  const query = url.searchParams;
  query.set('watch', '1');
  query.set('allowWatchBookmarks', 'true');
  query.set('resourceVersion', watch.resourceVersion);
  query.set('timeoutSeconds', String(watch.timeoutSeconds));
  if (watch.labelSelector) query.set('labelSelector', watch.labelSelector);
  if (watch.fieldSelector) query.set('fieldSelector', watch.fieldSelector);
  const options: RequestOptions = {
    hostname: url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers: { accept: 'application/json' },
    agent: watch.agent,
    signal: watch.signal,
    timeout: (watch.timeoutSeconds + IDLE_GRACE_SECONDS) * 1000,
  };
  await client.config.applyToHTTPSOptions(options);
  keepPooledAgent(client, options, watch.agent);
  return options;
}

/** Delivers one event; returns what the stream should do next. */
function handleLine(
  line: string,
  watch: WatchRequest,
  subject: string,
): 'continue' | 'expired' | KubeError {
  if (watch.signal.aborted) return new KubeError(`${subject}: stopped`);
  let event: { type?: string; object?: Record<string, unknown> };
  try {
    event = JSON.parse(line) as typeof event;
  } catch (cause) {
    return new KubeError(`${subject}: unreadable event`, { cause, retryable: true });
  }
  const object = event.object ?? {};
  const type = event.type;
  if (type === 'ERROR') {
    if (object['code'] === 410) return 'expired';
    return failureOf(subject, 'watch', { status: Number(object['code'] ?? 0), body: object });
  }
  if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED' && type !== 'BOOKMARK') {
    return new KubeError(`${subject}: unknown event type ${String(type)}`, { retryable: true });
  }
  try {
    watch.onEvent({ type, object });
  } catch (cause) {
    return new KubeError(`${subject}: event handling failed`, { cause, retryable: true });
  }
  return 'continue';
}

/** Line splitter for a chunked text stream; `onLine` returns false to stop. */
function splitLines(onLine: (line: string) => boolean): {
  push: (chunk: string) => void;
  flush: () => void;
} {
  let rest = '';
  let stopped = false;
  const push = (chunk: string): void => {
    if (stopped) return;
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      if (line.trim() === '') continue;
      if (!onLine(line)) {
        stopped = true;
        return;
      }
    }
  };
  const flush = (): void => {
    if (!stopped && rest.trim() !== '') onLine(rest);
    rest = '';
  };
  return { push, flush };
}

function readErrorBody(res: IncomingMessage, done: (body: unknown) => void): void {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => {
    try {
      done(JSON.parse(text) as unknown);
    } catch {
      done(text);
    }
  });
  res.on('error', () => done(text));
}
