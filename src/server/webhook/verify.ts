/**
 * Is a webhook request really from the Git provider? GitHub, Gitea and Bitbucket Cloud sign
 * the raw body with HMAC-SHA256 of a shared secret; GitLab sends the shared token itself;
 * Bitbucket Cloud also names its webhook by UUID. Every comparison takes constant time, so
 * response timing says nothing about how much of a guess was right.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readHeader, type WebhookHeaders, type WebhookProvider } from './parse-push.js';

/** Keys of the webhook Secret (`--webhook-secret`), values as decoded from its data. */
export const WEBHOOK_SECRET_KEYS = [
  'github.secret',
  'gitlab.secret',
  'bitbucket.uuid',
  'bitbucket.secret',
  'gitea.secret',
] as const;

export type WebhookSecretKey = (typeof WEBHOOK_SECRET_KEYS)[number];
export type WebhookSecrets = Readonly<Partial<Record<WebhookSecretKey, string>>>;

export type VerifyFailure = 'NotConfigured' | 'MissingSignature' | 'BadSignature';

export type VerifyVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: VerifyFailure };

const ACCEPTED: VerifyVerdict = { ok: true };
const NOT_CONFIGURED: VerifyVerdict = { ok: false, status: 403, reason: 'NotConfigured' };
const MISSING: VerifyVerdict = { ok: false, status: 401, reason: 'MissingSignature' };
const BAD: VerifyVerdict = { ok: false, status: 403, reason: 'BadSignature' };

/**
 * Checks a request against the provider's secret. A provider without a configured secret is
 * refused: an open endpoint would let anyone make the controller poll Git for every app.
 */
export function verifyWebhookSignature(
  provider: WebhookProvider,
  headers: WebhookHeaders,
  body: Uint8Array,
  secrets: WebhookSecrets,
): VerifyVerdict {
  switch (provider) {
    case 'github':
      return checkHmac(secretOf(secrets, 'github.secret'), signatureOf(headers, GITHUB), body);
    case 'gitea':
      return checkHmac(secretOf(secrets, 'gitea.secret'), signatureOf(headers, GITEA), body);
    case 'gitlab':
      return checkToken(secretOf(secrets, 'gitlab.secret'), readHeader(headers, 'x-gitlab-token'));
    case 'bitbucket':
      return verifyBitbucket(headers, body, secrets);
  }
}

/** Bitbucket Cloud: the hook UUID and/or the HMAC signature, whichever are configured. */
function verifyBitbucket(
  headers: WebhookHeaders,
  body: Uint8Array,
  secrets: WebhookSecrets,
): VerifyVerdict {
  const uuid = secretOf(secrets, 'bitbucket.uuid');
  const secret = secretOf(secrets, 'bitbucket.secret');
  if (uuid === undefined && secret === undefined) return NOT_CONFIGURED;
  if (secret !== undefined) {
    const verdict = checkHmac(secret, signatureOf(headers, BITBUCKET), body);
    if (!verdict.ok) return verdict;
  }
  if (uuid === undefined) return ACCEPTED;
  const sent = readHeader(headers, 'x-hook-uuid');
  return checkToken(normalizeUuid(uuid), sent === undefined ? undefined : normalizeUuid(sent));
}

interface SignatureHeader {
  readonly name: string;
  /** Text before the hex digest, e.g. `sha256=`. */
  readonly prefix: string;
}

const GITHUB: readonly SignatureHeader[] = [{ name: 'x-hub-signature-256', prefix: 'sha256=' }];
const BITBUCKET: readonly SignatureHeader[] = [{ name: 'x-hub-signature', prefix: 'sha256=' }];
/** Gitea sends the same digest under its own, Gogs' and GitHub's header names. */
const GITEA: readonly SignatureHeader[] = [
  { name: 'x-gitea-signature', prefix: '' },
  { name: 'x-gogs-signature', prefix: '' },
  { name: 'x-hub-signature-256', prefix: 'sha256=' },
];

/** The hex digest of the first signature header present; '' when it lacks its prefix. */
function signatureOf(
  headers: WebhookHeaders,
  candidates: readonly SignatureHeader[],
): string | undefined {
  for (const { name, prefix } of candidates) {
    const value = readHeader(headers, name);
    if (value === undefined) continue;
    return value.toLowerCase().startsWith(prefix) ? value.slice(prefix.length).toLowerCase() : '';
  }
  return undefined;
}

function checkHmac(
  secret: string | undefined,
  signature: string | undefined,
  body: Uint8Array,
): VerifyVerdict {
  if (secret === undefined) return NOT_CONFIGURED;
  if (signature === undefined) return MISSING;
  const expected = createHmac('sha256', secret).update(body).digest('hex');
  return isSameText(expected, signature) ? ACCEPTED : BAD;
}

function checkToken(secret: string | undefined, sent: string | undefined): VerifyVerdict {
  if (secret === undefined) return NOT_CONFIGURED;
  if (sent === undefined) return MISSING;
  return isSameText(secret, sent) ? ACCEPTED : BAD;
}

/**
 * Constant-time equality. Both sides are hashed first so that texts of different lengths
 * take the same path and the comparison leaks neither content nor length.
 */
export function isSameText(expected: string, actual: string): boolean {
  const digest = (text: string): Buffer => createHmac('sha256', 'capstan').update(text).digest();
  return timingSafeEqual(digest(expected), digest(actual)) && expected === actual;
}

function secretOf(secrets: WebhookSecrets, key: WebhookSecretKey): string | undefined {
  const value = secrets[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Bitbucket shows UUIDs in braces (`{…}`); compare without them and without case. */
function normalizeUuid(uuid: string): string {
  return uuid
    .trim()
    .replace(/^\{|\}$/gu, '')
    .toLowerCase();
}
