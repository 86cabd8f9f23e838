/**
 * The HTTP client isomorphic-git talks through: node:http(s) with keep-alive, cancellation by
 * AbortSignal, the Authorization header added here (so isomorphic-git never holds a
 * credential and no error of its can carry one), redirects followed for GETs (credentials
 * dropped when the origin changes), the upload-pack request rewritten (thin pack, extra
 * haves), and the ref advertisement of an ls-remote captured so the fetch that follows can
 * replay it instead of asking the server a second time.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import { rewriteUploadPackRequest, type UploadPackRewrite } from './upload-pack-request.js';

/** A buffered `info/refs?service=git-upload-pack` answer. */
export interface Advertisement {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface Agents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
}

export interface TransportOptions {
  readonly signal: AbortSignal;
  readonly agents: Agents;
  /** Authorization header value; sent only to the origin of the first request. */
  readonly authorization: string | undefined;
  /** Answer the info/refs GET with this advertisement instead of asking the server. */
  readonly replay?: Advertisement | undefined;
  /** Told every advertisement the server sends (buffered). */
  readonly onAdvertisement?: ((advertisement: Advertisement) => void) | undefined;
  readonly uploadPack?: UploadPackRewrite | undefined;
}

const MAX_REDIRECTS = 5;
const USER_AGENT = 'git/capstan';

export function createAgents(): Agents {
  return {
    http: new HttpAgent({ keepAlive: true, maxSockets: 16 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 16 }),
  };
}

export function destroyAgents(agents: Agents): void {
  agents.http.destroy();
  agents.https.destroy();
}

/** An isomorphic-git HttpClient bound to one operation's signal, credentials and rewrites. */
export function createHttpClient(options: TransportOptions): HttpClient {
  return { request: (req) => sendGitRequest(options, req) };
}

async function sendGitRequest(
  options: TransportOptions,
  req: GitHttpRequest,
): Promise<GitHttpResponse> {
  const method = req.method ?? 'GET';
  const isAdvertisement =
    method === 'GET' && req.url.endsWith('/info/refs?service=git-upload-pack');
  if (isAdvertisement && options.replay !== undefined) {
    return respondWith(req.url, method, 200, 'OK', options.replay.headers, options.replay.body);
  }
  let body = req.body === undefined ? undefined : await collect(req.body);
  if (
    body !== undefined &&
    options.uploadPack !== undefined &&
    req.url.endsWith('/git-upload-pack')
  ) {
    body = rewriteUploadPackRequest(body, options.uploadPack);
  }
  const origin = new URL(req.url).origin;
  const res = await exchange(
    options,
    { url: req.url, method, headers: req.headers ?? {}, body, origin },
    0,
  );
  if (isAdvertisement && res.statusCode === 200 && options.onAdvertisement !== undefined) {
    const buffered = await collect(readBody(res));
    const headers = flattenHeaders(res);
    options.onAdvertisement({ headers, body: buffered });
    return respondWith(req.url, method, 200, res.statusMessage ?? 'OK', headers, buffered);
  }
  return {
    url: req.url,
    method,
    statusCode: res.statusCode ?? 0,
    statusMessage: res.statusMessage ?? '',
    headers: flattenHeaders(res),
    body: readBody(res),
  };
}

interface Outgoing {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | undefined;
  /** Origin of the first request: credentials go there only. */
  readonly origin: string;
}

async function exchange(
  options: TransportOptions,
  out: Outgoing,
  redirects: number,
): Promise<IncomingMessage> {
  const res = await sendOnce(options, out, true);
  const location = res.headers.location;
  const isRedirect =
    res.statusCode !== undefined && [301, 302, 303, 307, 308].includes(res.statusCode);
  if (!isRedirect || location === undefined || out.method !== 'GET' || redirects >= MAX_REDIRECTS)
    return res;
  res.resume();
  const next = new URL(location, out.url).toString();
  return exchange(options, { ...out, url: next }, redirects + 1);
}

function sendOnce(
  options: TransportOptions,
  out: Outgoing,
  mayRetry: boolean,
): Promise<IncomingMessage> {
  const target = new URL(out.url);
  const isHttps = target.protocol === 'https:';
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const [name, value] of Object.entries(out.headers)) {
    if (name.toLowerCase() !== 'authorization') headers[name.toLowerCase()] = value;
  }
  if (options.authorization !== undefined && target.origin === out.origin) {
    headers['authorization'] = options.authorization;
  }
  if (out.body !== undefined) headers['content-length'] = String(out.body.length);
  const send = isHttps ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = send(target, {
      method: out.method,
      headers,
      agent: isHttps ? options.agents.https : options.agents.http,
      signal: options.signal,
    });
    request.once('response', (res) => {
      // An abort destroys the response with the abort reason; whoever reads the body sees
      // it, but until someone reads, an 'error' without a listener would crash the process.
      res.on('error', () => undefined);
      resolve(res);
    });
    request.once('error', (error: NodeJS.ErrnoException) => {
      // A keep-alive socket the server closed while idle: the request never reached it.
      if (
        mayRetry &&
        request.reusedSocket &&
        error.code === 'ECONNRESET' &&
        !options.signal.aborted
      ) {
        sendOnce(options, out, false).then(resolve, reject);
      } else {
        reject(error);
      }
    });
    request.end(out.body);
  });
}

function respondWith(
  url: string,
  method: string,
  statusCode: number,
  statusMessage: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
): GitHttpResponse {
  return {
    url,
    method,
    statusCode,
    statusMessage,
    headers: { ...headers },
    body: iterateOnce(body),
  };
}

async function* iterateOnce(body: Uint8Array): AsyncIterableIterator<Uint8Array> {
  await Promise.resolve();
  yield body;
}

async function* readBody(res: IncomingMessage): AsyncIterableIterator<Uint8Array> {
  for await (const chunk of res) yield chunk as Buffer;
}

async function collect(
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
}

function flattenHeaders(res: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
