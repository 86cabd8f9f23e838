/**
 * `POST /api/webhook`: Git push webhooks from GitHub, GitLab, Bitbucket Cloud and Gitea. The
 * body is capped before it is read, the signature checked against the webhook Secret before
 * it is parsed, and a push refreshes the Applications it concerns at once. Logs say who sent
 * what and what became of it — never the body, a signature or a secret.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log/index.js';
import type { KubeObject } from '../../model/index.js';
import { selectAppsForPush } from './match.js';
import {
  detectWebhookSender,
  parsePushPayload,
  readHeader,
  type WebhookHeaders,
  type WebhookSender,
} from './parse-push.js';
import { verifyWebhookSignature, type VerifyFailure, type WebhookSecrets } from './verify.js';

export interface WebhookHandlerOptions {
  /** The current webhook secrets (cached by the caller); a throw answers 503. */
  readonly readSecrets: () => Promise<WebhookSecrets>;
  /** Re-resolves Git now for the selected apps; resolves to their keys. */
  readonly refreshApps: (select: (app: KubeObject) => boolean) => Promise<readonly string[]>;
  readonly logger: Logger;
  /** Larger bodies are refused with 413 without being read to the end. */
  readonly maxBodyBytes?: number;
}

export type WebhookRequestHandler = (
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<void>;

/** Argo CD's default cap on webhook payloads is larger; a push payload is rarely 100 KiB. */
export const DEFAULT_WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

export function createWebhookHandler(options: WebhookHandlerOptions): WebhookRequestHandler {
  const maxBytes = options.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES;
  return async (request, response) => {
    const delivery = deliveryOf(request.headers);
    const logger = delivery === undefined ? options.logger : options.logger.child({ delivery });
    if (request.method !== 'POST') {
      reply(response, 405, { error: 'only POST is accepted' }, { allow: 'POST' });
      return;
    }
    const sender = detectWebhookSender(request.headers);
    if (sender === undefined) {
      logger.info({ status: 400 }, 'webhook refused: unknown sender');
      reply(response, 400, { error: 'not a GitHub, GitLab, Bitbucket Cloud or Gitea event' });
      return;
    }
    const fields = { provider: sender.provider, event: sender.event };
    const body = await readCappedBody(request, maxBytes);
    if (body === 'too-large') {
      logger.warn({ ...fields, status: 413, maxBytes }, 'webhook refused: body too large');
      const error = `the body is larger than ${String(maxBytes)} bytes`;
      reply(response, 413, { error }, { connection: 'close' });
      refuseRestOfBody(request, response);
      return;
    }
    let secrets: WebhookSecrets;
    try {
      secrets = await options.readSecrets();
    } catch (error) {
      logger.warn({ ...fields, status: 503, err: String(error) }, 'webhook secret unreadable');
      reply(response, 503, { error: 'the webhook secret cannot be read now' });
      return;
    }
    const verdict = verifyWebhookSignature(sender.provider, request.headers, body, secrets);
    if (!verdict.ok) {
      logger.warn({ ...fields, status: verdict.status, reason: verdict.reason }, 'webhook refused');
      reply(response, verdict.status, { error: describeRefusal(verdict.reason, sender) });
      return;
    }
    await handleVerified(sender, request, body, { ...options, logger }, response);
  };
}

async function handleVerified(
  sender: WebhookSender,
  request: IncomingMessage,
  body: Buffer,
  options: WebhookHandlerOptions,
  response: ServerResponse,
): Promise<void> {
  const fields = { provider: sender.provider, event: sender.event };
  const payload = decodePayload(body, readHeader(request.headers, 'content-type'));
  const parsed =
    payload === undefined
      ? { kind: 'invalid' as const, problem: 'the body is not JSON' }
      : parsePushPayload(sender, payload);
  switch (parsed.kind) {
    case 'invalid':
      options.logger.warn({ ...fields, status: 400, problem: parsed.problem }, 'webhook refused');
      reply(response, 400, { error: parsed.problem });
      return;
    case 'ignored':
      options.logger.info({ ...fields, status: 200 }, 'webhook event ignored');
      reply(response, 200, { event: sender.event, refreshed: 0 });
      return;
    case 'push': {
      const apps = await options.refreshApps(selectAppsForPush(parsed.push));
      options.logger.info(
        {
          ...fields,
          status: 200,
          repo: parsed.push.repoURLs[0],
          refs: parsed.push.refs,
          changedFiles: parsed.push.changedFiles?.length,
          apps,
        },
        'webhook push',
      );
      reply(response, 200, { event: sender.event, refreshed: apps.length });
      return;
    }
  }
}

/**
 * The body, or 'too-large' as soon as it passes `maxBytes` — a declared Content-Length
 * over the cap is refused before a byte is read, so a replayed huge body costs nothing.
 */
function readCappedBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = (): void => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      request.pause();
      resolve('too-large');
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    const onClose = (): void => onError(new Error('the client closed the request'));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** Closes the connection once the 413 is sent, so the rest of the upload is never read. */
function refuseRestOfBody(request: IncomingMessage, response: ServerResponse): void {
  response.once('finish', () => request.socket.destroy());
}

/** JSON, or GitHub's form encoding (`payload=<json>`); undefined when neither parses. */
function decodePayload(body: Buffer, contentType: string | undefined): unknown {
  let text = body.toString('utf8');
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const payload = new URLSearchParams(text).get('payload');
    if (payload === null) return undefined;
    text = payload;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeRefusal(reason: VerifyFailure, sender: WebhookSender): string {
  switch (reason) {
    case 'NotConfigured':
      return `no ${sender.provider} webhook secret is configured; the event is refused`;
    case 'MissingSignature':
      return `the ${sender.provider} signature or token is missing`;
    case 'BadSignature':
      return `the ${sender.provider} signature or token does not match`;
  }
}

/** The provider's delivery id, so a log line can be found in the provider's delivery list. */
function deliveryOf(headers: WebhookHeaders): string | undefined {
  return (
    readHeader(headers, 'x-github-delivery') ??
    readHeader(headers, 'x-gitea-delivery') ??
    readHeader(headers, 'x-gitlab-event-uuid') ??
    readHeader(headers, 'x-request-uuid')
  );
}

function reply(
  response: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  const text = `${JSON.stringify(body)}\n`;
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
}
