/**
 * devgit — a local Git smart-HTTP server for development: `capstan demo` serves its example
 * repository with it, and the tests serve theirs. Input: a root directory (or none, for a
 * temp one) and an optional port; output: an http://127.0.0.1 URL backed by the real
 * `git http-backend` (clone, fetch, protocol v2, push), plus handles that commit to bare
 * repositories with the real `git` CLI and no working tree. Dev-only: it binds 127.0.0.1
 * only, never reads the user's git config, and must never be used by the controller.
 */
export { startGitServer } from './server.js';
export type {
  GitEndpoint,
  GitRequestFilter,
  GitRequestRecord,
  GitServer,
  GitServerOptions,
} from './server.js';
export { BareRepo, hashGitBlob } from './bare-repo.js';
export type { CommitOptions, CreateRepoOptions, TagOptions } from './bare-repo.js';
export type { FileChange, FileChanges, Signature } from './fast-import.js';
export { addUrlCredentials, BASIC_AUTH_REALM } from './basic-auth.js';
export type { BasicCredentials } from './basic-auth.js';
export {
  buildGitEnv,
  DEFAULT_GIT_IDENTITY,
  GitCommandError,
  redactUrlCredentials,
  runGit,
} from './run-git.js';
export type { GitResult, RunGitOptions } from './run-git.js';
