import { Agent, request, type RequestOptions } from 'node:https';
import { KubeError } from '../model/index.js';
import type { KubeClient } from './client.js';
import { reportKubeRequest, type KubeVerb } from './instrument.js';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  /** Accept header; `application/json` when absent. */
  accept?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** For the request counter; derived from the method when absent. */
  verb?: KubeVerb;
  /** For the request counter: the kind the request is about, if any. */
  kind?: string;
}

export interface KubeResponse {
  status: number;
  body: unknown;
}

const agents = new WeakMap<KubeClient, Agent>();

/**
 * One request to the API server, sending `body` exactly as given (JSON). client-node's
 * typed object API is deliberately not used for writes: its serializer drops fields it
 * has no model attribute for (e.g. `x-kubernetes-*` in CRD schemas), and a GitOps
 * controller must apply manifests as written.
 */
export async function sendKubeRequest(client: KubeClient, req: KubeRequest): Promise<KubeResponse> {
  const url = new URL(req.path, client.server);
  for (const [key, value] of Object.entries(req.query ?? {})) url.searchParams.set(key, value);
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const headers: Record<string, string> = { accept: req.accept ?? 'application/json' };
  if (payload !== undefined) {
    headers['content-type'] = req.contentType ?? 'application/json';
    // Node frames a DELETE body neither by length nor by chunks unless told its length: the
    // server would ignore it (DeleteOptions lost) and read it as the next request.
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  const options: RequestOptions = {
    hostname: url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    method: req.method,
    headers,
    timeout: req.timeoutMs ?? 30_000,
    agent: agentFor(client),
  };
  if (req.signal) options.signal = req.signal;
  await client.config.applyToHTTPSOptions(options);
  keepPooledAgent(client, options, agentFor(client));
  const verb = req.verb ?? verbOfMethod(req.method);
  return new Promise((resolve, reject) => {
    const outgoing = request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        reportKubeRequest(client, verb, req.kind, res.statusCode ?? 0);
        resolve({
          status: res.statusCode ?? 0,
          body: parseBody(Buffer.concat(chunks).toString('utf8')),
        });
      });
      res.on('error', (cause) => {
        reject(
          new KubeError(`${req.method} ${url.pathname}: ${cause.message}`, {
            cause,
            retryable: true,
          }),
        );
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('request timed out')));
    outgoing.on('error', (cause) => {
      reportKubeRequest(client, verb, req.kind, 0);
      reject(
        new KubeError(`${req.method} ${url.pathname}: ${cause.message}`, {
          cause,
          retryable: true,
        }),
      );
    });
    outgoing.end(payload);
  });
}

function verbOfMethod(method: KubeRequest['method']): KubeVerb {
  switch (method) {
    case 'GET':
      return 'Get';
    case 'POST':
      return 'Create';
    case 'PUT':
      return 'Update';
    case 'PATCH':
      return 'Patch';
    case 'DELETE':
      return 'Delete';
  }
}

function agentFor(client: KubeClient): Agent {
  let agent = agents.get(client);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 16 });
    agents.set(client, agent);
  }
  return agent;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The API server's Status.message, or a short description of the body. */
export function statusMessageOf(response: KubeResponse): string {
  const body = response.body;
  if (typeof body === 'object' && body !== null && 'message' in body) {
    return String(body.message);
  }
  return `HTTP ${String(response.status)}`;
}

/**
 * client-node's applyToHTTPSOptions puts a brand-new Agent on the options, which would make
 * every request a new TLS handshake (measured: a third of the controller's CPU). The TLS
 * material it set on the options still applies per connection, so the pooled agent goes
 * back — unless the cluster is reached through a proxy, which needs client-node's agent.
 */
export function keepPooledAgent(client: KubeClient, options: RequestOptions, agent: Agent): void {
  if (client.config.getCurrentCluster()?.proxyUrl === undefined) options.agent = agent;
}
