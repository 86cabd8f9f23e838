/**
 * The webhook secrets, read from one Secret in the controller's namespace and kept for a few
 * seconds: a burst of webhooks costs one GET, and a rotated secret applies within the TTL.
 * Values never leave this reader except to the signature check; nothing here logs them.
 */
import { getObject, type KubeClient } from '../../kube/index.js';
import { WEBHOOK_SECRET_KEYS, type WebhookSecrets } from './verify.js';

export interface WebhookSecretReaderOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  /** The Secret's name (`--webhook-secret`, default `capstan-webhook`). */
  readonly name: string;
  /** How long one read is reused. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export const DEFAULT_WEBHOOK_SECRET_NAME = 'capstan-webhook';
export const DEFAULT_WEBHOOK_SECRET_TTL_MS = 5_000;

/** A function that returns the current secrets; a missing Secret is `{}` (every provider refused). */
export function createWebhookSecretReader(
  options: WebhookSecretReaderOptions,
): () => Promise<WebhookSecrets> {
  const ttlMs = options.ttlMs ?? DEFAULT_WEBHOOK_SECRET_TTL_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; secrets: WebhookSecrets } | undefined;
  let reading: Promise<WebhookSecrets> | undefined;
  const read = async (): Promise<WebhookSecrets> => {
    const secret = await getObject(options.client, {
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: options.namespace,
      name: options.name,
    });
    const secrets = decodeWebhookSecrets(secret?.['data']);
    cached = { at: now(), secrets };
    return secrets;
  };
  return () => {
    if (cached !== undefined && now() - cached.at < ttlMs) return Promise.resolve(cached.secrets);
    // Concurrent webhooks share one read; a failed read is not cached.
    reading ??= read().finally(() => (reading = undefined));
    return reading;
  };
}

/** The known keys of a Secret's base64 `data`; other keys and undecodable values are skipped. */
export function decodeWebhookSecrets(data: unknown): WebhookSecrets {
  if (typeof data !== 'object' || data === null) return {};
  const secrets: Partial<Record<(typeof WEBHOOK_SECRET_KEYS)[number], string>> = {};
  for (const key of WEBHOOK_SECRET_KEYS) {
    const value = (data as Record<string, unknown>)[key];
    if (typeof value === 'string') secrets[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return secrets;
}
