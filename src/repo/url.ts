/**
 * Repository URLs: the normalised form is the cache key, the `repo` metrics label and the
 * URL shown in messages (scheme and host lowercased, credentials, trailing `/` and `.git`
 * stripped). Only http(s) is supported: isomorphic-git speaks no SSH (ADR 0003).
 */
import { createHash } from 'node:crypto';
import { RepoError } from './errors.js';

export interface ParsedRepoURL {
  /** Normalised URL: cache key, metrics label, shown in messages. */
  readonly key: string;
  /** The URL to talk to: as given, minus credentials and fragment. */
  readonly fetchURL: string;
  /** `user:password@` found in the URL itself, used when no Secret matches. */
  readonly embedded: { username: string; password: string } | undefined;
}

/** scp-like `user@host:path` (no scheme), which git treats as SSH. */
const SCP_LIKE = /^[^/\s:@]+@[^/\s:]+:/;

/** The normalised form of a repository URL; throws RepoError for SSH and other schemes. */
export function normalizeRepoURL(url: string): string {
  return parseRepoURL(url).key;
}

/** Parses and checks a repository URL; throws RepoError (Unsupported) when unusable. */
export function parseRepoURL(url: string): ParsedRepoURL {
  const trimmed = url.trim();
  const shown = describeUnparsed(trimmed);
  if (SCP_LIKE.test(trimmed) || /^ssh:\/\//i.test(trimmed) || /^git\+ssh:\/\//i.test(trimmed)) {
    throw unsupported(
      shown,
      'SSH URLs are not supported (Capstan speaks Git over HTTPS only); use the https:// URL of the repository',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw unsupported(shown, 'not a valid URL; use the https:// URL of the repository');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw unsupported(
      shown,
      `the ${parsed.protocol.replace(/:$/, '')} scheme is not supported; use the https:// URL of the repository`,
    );
  }
  const embedded =
    parsed.username === '' && parsed.password === ''
      ? undefined
      : { username: safeDecode(parsed.username), password: safeDecode(parsed.password) };
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  const fetchURL = parsed.toString().replace(/\/+$/, '');
  return { key: trimRepoPath(fetchURL), fetchURL, embedded };
}

/** Strips trailing slashes and `.git` (in any order, as often as they appear). */
function trimRepoPath(url: string): string {
  let out = url;
  for (;;) {
    const next = out.replace(/\/+$/, '').replace(/\.git$/i, '');
    if (next === out) return out;
    out = next;
  }
}

/** A stable directory name for a normalised URL: 32 hex characters of its SHA-256. */
export function hashRepoKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A URL we could not parse, shown without anything that looks like credentials. */
function describeUnparsed(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1').replace(/^[^/\s:@]+@/, '');
}

function unsupported(url: string, problem: string): RepoError {
  return new RepoError({ reason: 'Unsupported', repoURL: url, problem });
}
