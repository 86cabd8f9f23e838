/**
 * server — Capstan's one HTTP port: Prometheus `/metrics`, `/healthz` (the process serves),
 * `/readyz` (caches synced) and `/api/webhook` (Git push webhooks that refresh the apps they
 * concern). Input: a metrics registry, a readiness probe and, for webhooks, a secret reader
 * and a refresh entry point; output: a listening server. It never exposes object data,
 * Secrets or credentials, and never logs a webhook body, signature or secret.
 */
export { startHttpServer, parseListenAddress } from './http-server.js';
export type { HttpServerOptions, RunningHttpServer } from './http-server.js';
export {
  createWebhookHandler,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  type WebhookHandlerOptions,
  type WebhookRequestHandler,
} from './webhook/handler.js';
export {
  createWebhookSecretReader,
  decodeWebhookSecrets,
  DEFAULT_WEBHOOK_SECRET_NAME,
  DEFAULT_WEBHOOK_SECRET_TTL_MS,
  type WebhookSecretReaderOptions,
} from './webhook/secret-source.js';
export {
  verifyWebhookSignature,
  WEBHOOK_SECRET_KEYS,
  type VerifyVerdict,
  type WebhookSecretKey,
  type WebhookSecrets,
} from './webhook/verify.js';
export {
  detectWebhookSender,
  parsePushPayload,
  type ParsedWebhook,
  type PushEvent,
  type WebhookProvider,
  type WebhookSender,
} from './webhook/parse-push.js';
export {
  haveAppFilesChanged,
  isRevisionPushed,
  manifestPathsOf,
  repoIdentityOf,
  selectAppsForPush,
} from './webhook/match.js';
export { createWebhookRefresher, type WebhookRefresherOptions } from './webhook/refresh.js';
