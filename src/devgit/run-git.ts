/**
 * Runs the real `git` CLI for the dev Git server, its tests and the demo: no shell, an isolated environment that never reads or
 * writes the user's global or system git config, a fixed identity, and errors that carry the
 * command (with URL credentials redacted) and git's stderr.
 */
import { execFile } from 'node:child_process';
import { devNull, tmpdir } from 'node:os';
import path from 'node:path';

export interface RunGitOptions {
  /** Working directory; defaults to the OS temp dir so git never discovers this project's repo. */
  readonly cwd?: string;
  /** HOME for git; defaults to the OS temp dir. Global config is /dev/null either way. */
  readonly home?: string;
  /** Extra variables layered over the isolated base env; `undefined` removes one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Bytes written to git's stdin (stdin is closed either way so git never waits on it). */
  readonly input?: string | Uint8Array;
  /** Exit codes that resolve instead of rejecting, e.g. `[1]` for `rev-parse --verify --quiet`. */
  readonly okExitCodes?: readonly number[];
  readonly timeoutMs?: number;
}

export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** A git command that failed: the message names the command first, then git's stderr. */
export class GitCommandError extends Error {
  readonly command: string;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;

  constructor(command: string, exitCode: number | null, output: GitOutput, reason: string) {
    const status = exitCode === null ? reason : `exited ${String(exitCode)}`;
    super(`${command}: ${status}: ${output.stderr.trim() || '(no stderr)'}`);
    this.name = 'GitCommandError';
    this.command = command;
    this.exitCode = exitCode;
    this.stdout = output.stdout;
    this.stderr = output.stderr;
  }
}

interface GitOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Fixed identity so commits never depend on (or fail for lack of) the user's git config. */
export const DEFAULT_GIT_IDENTITY = {
  name: 'Capstan Test',
  email: 'capstan-test@example.invalid',
} as const;

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The environment every git child gets. Built from scratch rather than copied from
 * process.env so a developer's GIT_DIR, askpass or credential helper cannot leak in.
 */
export function buildGitEnv(home: string = tmpdir()): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_GLOBAL: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    // Never prompt: a missing or wrong credential must fail the command, not hang the test.
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    LANG: 'C',
    GIT_AUTHOR_NAME: DEFAULT_GIT_IDENTITY.name,
    GIT_AUTHOR_EMAIL: DEFAULT_GIT_IDENTITY.email,
    GIT_COMMITTER_NAME: DEFAULT_GIT_IDENTITY.name,
    GIT_COMMITTER_EMAIL: DEFAULT_GIT_IDENTITY.email,
  };
  const tmp = process.env['TMPDIR'];
  if (tmp !== undefined) env['TMPDIR'] = tmp;
  return env;
}

/** Replaces the password in any `scheme://user:password@` so it never reaches a log. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^/\s@]*@/gi, '$1:***@');
}

/** Runs `git <args>` without a shell and resolves with its output, or rejects with GitCommandError. */
export function runGit(args: readonly string[], options: RunGitOptions = {}): Promise<GitResult> {
  const env = mergeEnv(buildGitEnv(options.home), options.env);
  const command = redactUrlCredentials(`git ${args.join(' ')}`);
  return new Promise<GitResult>((resolve, reject) => {
    const child = execFile(
      'git',
      [...args],
      {
        cwd: options.cwd ?? tmpdir(),
        env,
        encoding: 'utf8',
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        const output = { stdout, stderr: redactUrlCredentials(stderr) };
        if (error === null) {
          resolve({ ...output, exitCode: 0 });
          return;
        }
        const exitCode = typeof error.code === 'number' ? error.code : null;
        if (exitCode !== null && options.okExitCodes?.includes(exitCode) === true) {
          resolve({ ...output, exitCode });
          return;
        }
        // The raw error is not attached as `cause`: its message repeats the unredacted argv.
        const reason = error.killed ? `killed (${String(error.signal)})` : String(error.code);
        reject(new GitCommandError(command, exitCode, output, reason));
      },
    );
    // EPIPE when git exits before reading stdin; its exit status already reports the failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
  });
}

function mergeEnv(
  base: Record<string, string>,
  extra: Readonly<Record<string, string | undefined>> | undefined,
): Record<string, string> {
  const merged = Object.entries({ ...base, ...extra });
  return Object.fromEntries(
    merged.filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
