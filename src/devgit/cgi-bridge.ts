/**
 * Bridges one Node HTTP request to the real `git http-backend` CGI: builds the CGI
 * environment, streams the request body to its stdin, parses the CGI response headers
 * (Status:, Content-Type, …) and streams the body back. Used by the dev Git server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CgiExchange {
  /** Absolute path of the `git-http-backend` executable. */
  readonly backendPath: string;
  /** GIT_PROJECT_ROOT: the folder holding the bare repositories. */
  readonly projectRoot: string;
  /** Isolated git env (HOME, GIT_CONFIG_GLOBAL, …) the CGI variables are added to. */
  readonly baseEnv: Readonly<Record<string, string>>;
  readonly remoteUser: string | undefined;
  readonly url: URL;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Live CGI children, so closing the server can kill the ones still running. */
  readonly children: Set<ChildProcess>;
  /** Told the status code sent to the client. */
  readonly onStatus: (status: number) => void;
}

interface CgiHead {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
}

const MAX_HEADER_BYTES = 64 * 1024;

/** Runs `git http-backend` for this request and pipes its response to `res`. */
export function serveWithHttpBackend(exchange: CgiExchange): void {
  const { req, res, children } = exchange;
  const env = buildCgiEnv(exchange);
  if (env === undefined) {
    sendPlain(exchange, 400, 'malformed request path\n');
    return;
  }
  const child = spawn(exchange.backendPath, [], {
    cwd: exchange.projectRoot,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.on('close', () => children.delete(child));
  child.on('error', (error) => {
    children.delete(child);
    if (!res.headersSent)
      sendPlain(exchange, 500, `cannot run git http-backend: ${error.message}\n`);
    else res.destroy();
  });
  // A client that goes away must not leave a CGI child behind.
  res.on('close', () => {
    if (!res.writableFinished && child.exitCode === null) child.kill('SIGKILL');
  });
  // EPIPE when the CGI answers (e.g. 403) without reading the body; its response says why.
  child.stdin.on('error', () => undefined);
  req.pipe(child.stdin);
  pipeCgiResponse(exchange, child, () => Buffer.concat(stderr).toString('utf8'));
}

/** The CGI/1.1 variables git http-backend reads, or undefined when the path cannot be decoded. */
export function buildCgiEnv(exchange: CgiExchange): Record<string, string> | undefined {
  const { req, url } = exchange;
  let pathInfo: string;
  try {
    pathInfo = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  const env: Record<string, string> = {
    ...exchange.baseEnv,
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    GIT_PROJECT_ROOT: exchange.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: pathInfo,
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REQUEST_METHOD: req.method ?? 'GET',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
  };
  const headerVariables: readonly (readonly [string, string])[] = [
    ['content-type', 'CONTENT_TYPE'],
    ['content-length', 'CONTENT_LENGTH'],
    // Protocol v2 is negotiated through this header; without it git falls back to v0.
    ['git-protocol', 'HTTP_GIT_PROTOCOL'],
    // http-backend inflates gzip request bodies itself when told the encoding.
    ['content-encoding', 'HTTP_CONTENT_ENCODING'],
  ];
  for (const [header, variable] of headerVariables) {
    const value = req.headers[header];
    if (typeof value === 'string') env[variable] = value;
  }
  if (exchange.remoteUser !== undefined) env['REMOTE_USER'] = exchange.remoteUser;
  return env;
}

function pipeCgiResponse(exchange: CgiExchange, child: ChildProcess, readStderr: () => string) {
  const { res } = exchange;
  const stdout = child.stdout;
  if (stdout === null) return;
  let pending = Buffer.alloc(0);
  let failure = 'git http-backend ended without response headers';
  const onData = (chunk: Buffer): void => {
    pending = Buffer.concat([pending, chunk]);
    const split = findHeaderEnd(pending);
    if (split === undefined) {
      if (pending.length > MAX_HEADER_BYTES) {
        failure = 'git http-backend sent oversized headers';
        stdout.off('data', onData);
        child.kill('SIGKILL');
      }
      return;
    }
    stdout.off('data', onData);
    const head = parseCgiHead(pending.subarray(0, split.headerEnd).toString('latin1'));
    exchange.onStatus(head.status);
    for (const [name, value] of head.headers) res.appendHeader(name, value);
    res.writeHead(head.status);
    res.write(pending.subarray(split.bodyStart));
    stdout.pipe(res);
  };
  stdout.on('data', onData);
  // 'close' comes after stdout ended and stderr was read, so the 502 can explain itself.
  child.on('close', () => {
    if (!res.headersSent) sendPlain(exchange, 502, `${failure}\n${readStderr()}`);
  });
}

/** Where the CGI header block ends (blank line, CRLF or LF) and where the body starts. */
function findHeaderEnd(buffer: Buffer): { headerEnd: number; bodyStart: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headerEnd: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { headerEnd: lf, bodyStart: lf + 2 };
  return undefined;
}

/** Parses `Name: value` lines; `Status: 404 Not Found` sets the status (200 when absent). */
export function parseCgiHead(text: string): CgiHead {
  let status = 200;
  const headers: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      const code = Number.parseInt(value, 10);
      if (code >= 100 && code <= 599) status = code;
    } else {
      headers.push([name, value]);
    }
  }
  return { status, headers };
}

function sendPlain(exchange: CgiExchange, status: number, body: string): void {
  const { res } = exchange;
  if (res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  exchange.onStatus(status);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
}
