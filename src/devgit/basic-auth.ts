/**
 * HTTP Basic authentication for the dev Git server: parses the Authorization header and
 * compares it with the expected credentials in constant time. Never logs a password.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

export const BASIC_AUTH_REALM = 'capstan-test';

/**
 * Returns the authenticated user name, or undefined when the header is missing, malformed or
 * wrong. Both fields are always compared, through fixed-length digests, so timing reveals
 * neither which field was wrong nor how long the secret is.
 */
export function checkBasicAuth(
  header: string | undefined,
  expected: BasicCredentials,
): string | undefined {
  const given = parseBasicAuth(header);
  if (given === undefined) return undefined;
  const isUserOk = compareSecret(given.username, expected.username);
  const isPasswordOk = compareSecret(given.password, expected.password);
  return isUserOk && isPasswordOk ? given.username : undefined;
}

/** Decodes `Basic base64(user:password)`; the password may itself contain colons. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  const encoded = match?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Puts credentials into an http URL (percent-encoded), e.g. for `git clone`. */
export function addUrlCredentials(url: string, credentials: BasicCredentials): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(credentials.username);
  parsed.password = encodeURIComponent(credentials.password);
  return parsed.toString();
}

function compareSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
