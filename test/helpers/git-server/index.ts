/**
 * Test Git server — lets integration tests exercise Git over the real smart-HTTP protocol.
 * The server itself lives in src/devgit/ (the demo serves its example repository with it);
 * this door re-exports it under the names the tests use and adds the client-side helpers
 * (clone, ls-remote, temp dirs). Test-only: it binds 127.0.0.1 only and never reads the
 * user's git config.
 */
export {
  addUrlCredentials,
  BASIC_AUTH_REALM,
  BareRepo as TestRepo,
  buildGitEnv,
  DEFAULT_GIT_IDENTITY,
  GitCommandError,
  redactUrlCredentials,
  runGit,
  startGitServer,
} from '../../../src/devgit/index.js';
export type {
  BasicCredentials,
  CommitOptions,
  CreateRepoOptions,
  FileChange,
  FileChanges,
  GitEndpoint,
  GitRequestFilter,
  GitRequestRecord,
  GitResult,
  GitServer,
  GitServerOptions,
  RunGitOptions,
  Signature,
  TagOptions,
} from '../../../src/devgit/index.js';
export { cloneTestRepo, listRemoteRefs, listWorkTreeFiles, makeGitTempDir } from './git-client.js';
