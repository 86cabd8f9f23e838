/**
 * RepoError: every failure of the repo module, typed by reason, with a message that names
 * the repository (credentials stripped) and the revision first. Messages and causes never
 * carry credentials: HTTP-level failures are described by status, never by the raw error.
 */
import { CapstanError } from '../model/index.js';

export type RepoErrorReason =
  'UnknownRevision' | 'AuthFailed' | 'Unreachable' | 'NotARepository' | 'Timeout' | 'Unsupported';

/** Whether waiting and retrying may help, per reason, unless a failure says otherwise. */
const TRANSIENT_BY_REASON: Record<RepoErrorReason, boolean> = {
  UnknownRevision: false,
  AuthFailed: false,
  Unreachable: true,
  NotARepository: false,
  Timeout: true,
  Unsupported: false,
};

export interface RepoErrorInit {
  reason: RepoErrorReason;
  /** The repository URL without credentials (the normalised URL). */
  repoURL: string;
  revision?: string | undefined;
  /** What went wrong, lowercase, without the subject: "unknown revision". */
  problem: string;
  transient?: boolean;
  cause?: unknown;
}

/** `repo <url>: revision <rev>: <problem>`; `transient` says whether a retry may succeed. */
export class RepoError extends CapstanError {
  readonly reason: RepoErrorReason;
  readonly transient: boolean;
  readonly repoURL: string;
  readonly revision: string | undefined;
  /** The message without its subject. */
  readonly problem: string;

  constructor(init: RepoErrorInit) {
    const transient = init.transient ?? TRANSIENT_BY_REASON[init.reason];
    const subject =
      init.revision === undefined
        ? `repo ${init.repoURL}`
        : `repo ${init.repoURL}: revision ${init.revision}`;
    super('Repo', `${subject}: ${init.problem}`, {
      retryable: transient,
      ...(init.cause === undefined ? {} : { cause: init.cause }),
    });
    this.reason = init.reason;
    this.transient = transient;
    this.repoURL = init.repoURL;
    this.revision = init.revision;
    this.problem = init.problem;
  }
}

/**
 * The same failure told to another caller of a shared request: its subject becomes that
 * caller's revision (the request may have been started for another one).
 */
export function restateForRevision(error: unknown, revision: string): unknown {
  if (
    !(error instanceof RepoError) ||
    error.revision === undefined ||
    error.revision === revision
  ) {
    return error;
  }
  return new RepoError({
    reason: error.reason,
    repoURL: error.repoURL,
    revision,
    problem: error.problem,
    transient: error.transient,
  });
}

export function isRepoError(value: unknown): value is RepoError {
  return value instanceof RepoError;
}

/** Node system error codes that mean the host could not be reached or dropped us. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  data?: { statusCode?: unknown };
}

/**
 * Turns anything a Git operation threw into a RepoError for `repoURL`/`revision`.
 * `timedOut` tells an abort by the fetch timeout from any other failure.
 */
export function wrapRepoFailure(
  error: unknown,
  context: { repoURL: string; revision?: string | undefined; timedOut?: boolean },
): RepoError {
  if (error instanceof RepoError) return error;
  const base = { repoURL: context.repoURL, revision: context.revision };
  if (context.timedOut === true || isTimeout(error)) {
    return new RepoError({
      ...base,
      reason: 'Timeout',
      problem: 'timed out talking to the Git server',
    });
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const status = typeof e.data?.statusCode === 'number' ? e.data.statusCode : undefined;
  if (status !== undefined) return fromHttpStatus(status, base);
  if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) {
    return new RepoError({
      ...base,
      reason: 'Unreachable',
      problem: `cannot reach the Git server (${e.code})`,
    });
  }
  if (
    e.code === 'SmartHttpError' ||
    e.code === 'ParseError' ||
    e.code === 'EmptyServerResponseError'
  ) {
    return new RepoError({
      ...base,
      reason: 'NotARepository',
      problem: 'the server did not answer as a Git repository',
    });
  }
  if (e.code === 'RemoteCapabilityError') {
    return new RepoError({
      ...base,
      reason: 'Unsupported',
      problem: 'the Git server does not support shallow fetches over smart HTTP',
    });
  }
  if (e.code === 'NotFoundError') {
    return new RepoError({
      ...base,
      reason: 'UnknownRevision',
      problem: 'unknown revision: the server no longer advertises it',
    });
  }
  const detail = typeof e.message === 'string' ? takeFirstLine(e.message) : String(error);
  return new RepoError({
    ...base,
    reason: 'Unreachable',
    problem: `git operation failed: ${stripUrlCredentials(detail)}`,
  });
}

function fromHttpStatus(
  status: number,
  base: { repoURL: string; revision?: string | undefined },
): RepoError {
  if (status === 401 || status === 403) {
    return new RepoError({
      ...base,
      reason: 'AuthFailed',
      problem: `authentication failed (HTTP ${String(status)}): check the repository credentials Secret`,
    });
  }
  if (status === 404) {
    return new RepoError({
      ...base,
      reason: 'NotARepository',
      problem: 'repository not found (HTTP 404)',
    });
  }
  if (status === 408 || status === 429 || status >= 500) {
    return new RepoError({
      ...base,
      reason: 'Unreachable',
      problem: `Git server error (HTTP ${String(status)})`,
    });
  }
  return new RepoError({
    ...base,
    reason: 'NotARepository',
    problem: `unexpected HTTP ${String(status)} from the Git server`,
  });
}

function isTimeout(error: unknown): boolean {
  const name = (error as ErrorLike | null)?.name;
  return name === 'TimeoutError';
}

function takeFirstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Removes `user:password@` from every URL in `text`. */
export function stripUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1');
}
