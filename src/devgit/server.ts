/**
 * The dev Git server: a Node HTTP server on 127.0.0.1 (ephemeral port by default) that serves bare
 * repositories over the real smart-HTTP protocol through `git http-backend`, optionally behind
 * HTTP Basic auth, recording every request. Repositories live in a fresh temp directory that
 * close() removes, or in a caller's `rootDir` that is kept (the demo's warm restart).
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BASIC_AUTH_REALM, checkBasicAuth, type BasicCredentials } from './basic-auth.js';
import { serveWithHttpBackend } from './cgi-bridge.js';
import { buildGitEnv, runGit } from './run-git.js';
import { initBareRepo, openBareRepo, type CreateRepoOptions, type BareRepo } from './bare-repo.js';

export interface GitServerOptions {
  /** Require HTTP Basic auth with exactly these credentials on every request. */
  readonly auth?: BasicCredentials;
  /** Keep repositories here across runs; close() leaves it. Default: a temp dir close() removes. */
  readonly rootDir?: string;
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  readonly port?: number;
  /**
   * Told the repository name (e.g. `guestbook`) after a push was accepted, so a caller can
   * act as a push webhook would (the demo refreshes its app at once instead of polling).
   */
  readonly onPush?: (repoName: string) => void;
}

/** Which smart-HTTP endpoint a request hit. */
export type GitEndpoint = 'info/refs' | 'git-upload-pack' | 'git-receive-pack' | 'other';

/** One HTTP request as the server saw it. */
export interface GitRequestRecord {
  readonly method: string;
  /** URL path without the query, e.g. /guestbook.git/info/refs */
  readonly path: string;
  /** `?service=` for info/refs; for POSTs the endpoint's service; else undefined. */
  readonly service: string | undefined;
  readonly endpoint: GitEndpoint;
  /** The Git-Protocol header, e.g. `version=2`. */
  readonly gitProtocol: string | undefined;
  readonly contentEncoding: string | undefined;
  /** Status sent to the client; undefined while the response has not started. */
  readonly status: number | undefined;
}

/** Fields a request must match to be counted; omitted fields match anything. */
export type GitRequestFilter = Partial<
  Pick<GitRequestRecord, 'method' | 'endpoint' | 'service' | 'status'>
>;

export interface GitServer {
  /** Base URL, e.g. http://127.0.0.1:PORT (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The directory holding everything the server made; removed by close() unless the caller gave it. */
  readonly rootDir: string;
  /** Every request so far, in arrival order (a live view). */
  readonly requests: readonly GitRequestRecord[];
  /** How many requests match `filter` (all requests without one). */
  requestCount(filter?: GitRequestFilter): number;
  /** Forgets recorded requests, e.g. after test setup. */
  clearRequests(): void;
  createRepo(name: string, options?: CreateRepoOptions): Promise<BareRepo>;
  /** A repository made earlier (by this server or a previous one on the same rootDir), if any. */
  openRepo(name: string): Promise<BareRepo | undefined>;
  /** Stops the server, kills CGI children still running and removes the temp directory. */
  close(): Promise<void>;
}

type MutableRecord = { -readonly [K in keyof GitRequestRecord]: GitRequestRecord[K] };

interface ServerState {
  readonly options: GitServerOptions;
  readonly backendPath: string;
  readonly projectRoot: string;
  readonly baseEnv: Readonly<Record<string, string>>;
  readonly children: Set<ChildProcess>;
  readonly requests: MutableRecord[];
}

/** Starts a Git smart-HTTP server on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function startGitServer(options: GitServerOptions = {}): Promise<GitServer> {
  const isOwnRoot = options.rootDir === undefined;
  const rootDir = options.rootDir ?? (await mkdtemp(path.join(tmpdir(), 'capstan-git-')));
  try {
    const projectRoot = path.join(rootDir, 'repos');
    const home = path.join(rootDir, 'home');
    await Promise.all([mkdir(projectRoot, { recursive: true }), mkdir(home, { recursive: true })]);
    const sandbox = { cwd: rootDir, home };
    const state: ServerState = {
      options,
      backendPath: await locateHttpBackend(sandbox),
      projectRoot,
      baseEnv: buildGitEnv(home),
      children: new Set(),
      requests: [],
    };
    const server = createServer((req, res) => {
      handleRequest(state, req, res);
    });
    await listenOnLoopback(server, options.port ?? 0);
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${String(port)}`;
    return {
      url,
      port,
      rootDir,
      requests: state.requests,
      requestCount: (filter = {}) => state.requests.filter((r) => matchRequest(r, filter)).length,
      clearRequests: () => {
        state.requests.length = 0;
      },
      createRepo: (name, repoOptions) =>
        initBareRepo({ name, projectRoot, baseUrl: url, sandbox }, repoOptions),
      openRepo: (name) => openBareRepo({ name, projectRoot, baseUrl: url, sandbox }),
      close: memoize(() => stopServer(server, state, isOwnRoot ? rootDir : undefined)),
    };
  } catch (error) {
    if (isOwnRoot) await rm(rootDir, { recursive: true, force: true });
    throw error;
  }
}

/** Listens on 127.0.0.1; a taken port is one clear error instead of an unhandled 'error' event. */
async function listenOnLoopback(server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(`git server: port ${String(port)} on 127.0.0.1 is already in use`);
    throw error;
  });
}

function handleRequest(state: ServerState, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const record = recordRequest(req, url);
  state.requests.push(record);
  const onPush = state.options.onPush;
  if (onPush !== undefined && record.endpoint === 'git-receive-pack') {
    res.on('finish', () => {
      if (record.status === 200) onPush(url.pathname.replace(/^\/|\.git\/git-receive-pack$/g, ''));
    });
  }
  let remoteUser: string | undefined;
  if (state.options.auth !== undefined) {
    remoteUser = checkBasicAuth(req.headers.authorization, state.options.auth);
    if (remoteUser === undefined) {
      // Missing and wrong credentials both get a challenge, so git reports an auth failure.
      record.status = 401;
      res.writeHead(401, {
        'WWW-Authenticate': `Basic realm="${BASIC_AUTH_REALM}"`,
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end('authentication required\n');
      return;
    }
  }
  serveWithHttpBackend({
    backendPath: state.backendPath,
    projectRoot: state.projectRoot,
    baseEnv: state.baseEnv,
    remoteUser,
    url,
    req,
    res,
    children: state.children,
    onStatus: (status) => {
      record.status = status;
    },
  });
}

function recordRequest(req: IncomingMessage, url: URL): MutableRecord {
  const endpoint = classifyEndpoint(url.pathname);
  const isServicePost = endpoint === 'git-upload-pack' || endpoint === 'git-receive-pack';
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    service: url.searchParams.get('service') ?? (isServicePost ? endpoint : undefined),
    endpoint,
    gitProtocol: header('git-protocol'),
    contentEncoding: header('content-encoding'),
    status: undefined,
  };
}

function classifyEndpoint(pathname: string): GitEndpoint {
  if (pathname.endsWith('/info/refs')) return 'info/refs';
  if (pathname.endsWith('/git-upload-pack')) return 'git-upload-pack';
  if (pathname.endsWith('/git-receive-pack')) return 'git-receive-pack';
  return 'other';
}

function matchRequest(record: GitRequestRecord, filter: GitRequestFilter): boolean {
  return (
    (filter.method === undefined || record.method === filter.method) &&
    (filter.endpoint === undefined || record.endpoint === filter.endpoint) &&
    (filter.service === undefined || record.service === filter.service) &&
    (filter.status === undefined || record.status === filter.status)
  );
}

let backendPath: Promise<string> | undefined;

/** `$(git --exec-path)/git-http-backend`, looked up once per process. */
function locateHttpBackend(sandbox: { cwd: string; home: string }): Promise<string> {
  backendPath ??= runGit(['--exec-path'], sandbox).then(
    (result) => path.join(result.stdout.trim(), 'git-http-backend'),
    (error: unknown) => {
      backendPath = undefined;
      throw error;
    },
  );
  return backendPath;
}

async function stopServer(
  server: Server,
  state: ServerState,
  ownRootDir: string | undefined,
): Promise<void> {
  const exits = [...state.children].map(async (child) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'close');
      child.kill('SIGKILL');
      await exited;
    }
  });
  const closed = new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  server.closeAllConnections();
  await Promise.all([...exits, closed]);
  if (ownRootDir !== undefined)
    await rm(ownRootDir, { recursive: true, force: true, maxRetries: 3 });
}

function memoize(run: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= run());
}
