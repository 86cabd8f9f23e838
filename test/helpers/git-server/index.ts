/**
 * Test Git server — lets integration tests exercise Git over the real smart-HTTP protocol.
 * `startGitServer()` serves bare repositories from a temp directory through `git http-backend`
 * (protocol v2, push, optional Basic auth) and records every request; `TestRepo` commits,
 * tags and moves branches with the real `git` CLI, without a working tree. Test-only: it
 * shells out to `git`, binds 127.0.0.1 only, and never reads the user's git config.
 */
export { startGitServer } from './server.js';
export type {
  GitEndpoint,
  GitRequestFilter,
  GitRequestRecord,
  GitServer,
  GitServerOptions,
} from './server.js';
export { TestRepo } from './test-repo.js';
export type { CommitOptions, CreateRepoOptions, TagOptions } from './test-repo.js';
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
export { cloneTestRepo, listRemoteRefs, listWorkTreeFiles, makeGitTempDir } from './git-client.js';
