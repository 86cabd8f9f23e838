/**
 * Repository credentials from Kubernetes Secrets, with Argo CD's semantics: a Secret
 * labelled `capstan.dev/secret-type: repository` applies to the one repository whose URL
 * equals its `url` (after normalisation); one labelled `repo-creds` applies to every
 * repository whose URL starts with its `url`, the longest prefix winning; a `repository`
 * match beats any `repo-creds` match. Pure: the caller lists the Secrets (kube/ does that).
 * Credentials are returned, never logged, and never put into an error message.
 */
import { parseRepoURL } from './url.js';

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

export interface BearerCredentials {
  readonly bearerToken: string;
}

/** HTTP Basic (username and password or token) or a bearer token. */
export type Credentials = BasicCredentials | BearerCredentials;

/** The fields of a Kubernetes Secret this module reads; a plain object as the API returns it. */
export interface SecretLike {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  /** Base64-encoded values, as read from the API server. */
  readonly data?: Readonly<Record<string, string>>;
  /** Plain values; they win over `data` for the same key, as on a write to the API. */
  readonly stringData?: Readonly<Record<string, string>>;
}

export const REPO_SECRET_TYPE_LABEL = 'capstan.dev/secret-type';

/** Username sent with a token given alone (GitHub's convention; GitLab accepts any name). */
export const TOKEN_USERNAME = 'x-access-token';

interface Candidate {
  readonly kind: 'repository' | 'repo-creds';
  /** Normalised URL (exact) or prefix. */
  readonly url: string;
  readonly order: string;
  readonly credentials: Credentials;
}

/**
 * Builds a lookup from repository URL to credentials out of Secrets. Secrets without the
 * label, with another `type` than `git`, scoped to a project, or with an unusable URL are
 * ignored; so are Secrets that carry neither a password nor a bearer token.
 */
export function credentialsFromSecrets(
  secrets: readonly SecretLike[],
): (repoURL: string) => Credentials | undefined {
  const candidates = secrets
    .map(readCandidate)
    .filter((c): c is Candidate => c !== undefined)
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  return (repoURL) => {
    let key: string;
    try {
      key = parseRepoURL(repoURL).key;
    } catch {
      return undefined;
    }
    const exact = candidates.find((c) => c.kind === 'repository' && c.url === key);
    if (exact) return exact.credentials;
    let best: Candidate | undefined;
    for (const c of candidates) {
      if (c.kind !== 'repo-creds' || !key.startsWith(c.url)) continue;
      if (best === undefined || c.url.length > best.url.length) best = c;
    }
    return best?.credentials;
  };
}

function readCandidate(secret: SecretLike): Candidate | undefined {
  const kind = secret.metadata?.labels?.[REPO_SECRET_TYPE_LABEL];
  if (kind !== 'repository' && kind !== 'repo-creds') return undefined;
  const field = (name: string): string | undefined => readSecretField(secret, name);
  const type = field('type');
  // Project-scoped credentials must not leak to other projects' Applications.
  if ((type !== undefined && type !== 'git') || (field('project') ?? '') !== '') return undefined;
  const rawURL = field('url');
  if (rawURL === undefined) return undefined;
  let url: string;
  try {
    url = parseRepoURL(rawURL).key;
  } catch {
    return undefined;
  }
  const credentials = readCredentials(field);
  if (credentials === undefined) return undefined;
  const order = `${secret.metadata?.namespace ?? ''}/${secret.metadata?.name ?? ''}`;
  return { kind, url, order, credentials };
}

function readCredentials(field: (name: string) => string | undefined): Credentials | undefined {
  const bearerToken = field('bearerToken');
  if (bearerToken !== undefined && bearerToken !== '') return { bearerToken };
  const password = field('password');
  if (password === undefined || password === '') return undefined;
  const username = field('username');
  return {
    username: username === undefined || username === '' ? TOKEN_USERNAME : username,
    password,
  };
}

function readSecretField(secret: SecretLike, name: string): string | undefined {
  const plain = secret.stringData?.[name];
  if (plain !== undefined) return plain;
  const encoded = secret.data?.[name];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

/** The Authorization header value for credentials. */
export function formatAuthorization(credentials: Credentials): string {
  if ('bearerToken' in credentials) return `Bearer ${credentials.bearerToken}`;
  const pair = `${credentials.username}:${credentials.password}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}
