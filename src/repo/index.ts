/**
 * repo — the only module that talks to Git. Input: a repository URL and a target revision
 * (branch, tag, annotated tag, HEAD, full or abbreviated SHA); output: the commit SHA it
 * names now, and a FileSource over that commit's tree read straight from a bare repository
 * cached on disk (no checkout). An unchanged repository costs one ls-remote request; a
 * change costs one shallow fetch of what is new, shared by every caller (single-flight).
 * It must never log, return or put in an error or metric label a credential; never talk to
 * Kubernetes (the caller lists the credentials Secrets and passes them in); never let a
 * crash leave a cache that looks healthy; never read outside a repository through a symlink.
 * SSH URLs are refused: Git is spoken over HTTP(S) with isomorphic-git (ADR 0003).
 */
export { createRepoCache, DEFAULT_REPO_CACHE_OPTIONS } from './repo-cache.js';
export type { RepoCache, RepoCacheOptions, ResolveOptions } from './repo-cache.js';
export type { ResolvedRevision } from './resolver.js';
export type { CredentialsLookup } from './repo-entry.js';
export { credentialsFromSecrets, REPO_SECRET_TYPE_LABEL } from './credentials.js';
export type {
  BasicCredentials,
  BearerCredentials,
  Credentials,
  SecretLike,
} from './credentials.js';
export { RepoError, isRepoError } from './errors.js';
export type { RepoErrorReason } from './errors.js';
export { normalizeRepoURL } from './url.js';
