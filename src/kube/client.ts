import { KubeConfig } from '@kubernetes/client-node';
import { KubeError } from '../model/index.js';

/** Opaque handle to one API server; other modules never see client-node types. */
export interface KubeClient {
  readonly config: KubeConfig;
  readonly server: string;
}

export function connectKube(kubeconfigPath?: string): KubeClient {
  const config = new KubeConfig();
  try {
    if (kubeconfigPath) config.loadFromFile(kubeconfigPath);
    else config.loadFromDefault();
  } catch (cause) {
    const where = kubeconfigPath ?? 'the default kubeconfig';
    throw new KubeError(`${where}: cannot load kubeconfig`, { cause });
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new KubeError(`${kubeconfigPath ?? 'kubeconfig'}: no current cluster`);
  return { config, server: cluster.server };
}

/** HTTP status of a client-node failure, or undefined for transport errors. */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    if (typeof code === 'number' && code >= 100 && code < 600) return code;
  }
  return undefined;
}

/** The API server's own message (Status.message) when it sent one. */
export function serverMessageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'body' in error) {
    const body = error.body;
    const parsed = typeof body === 'string' ? tryParseJson(body) : body;
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed) {
      return String(parsed.message);
    }
  }
  return error instanceof Error ? error.message : String(error);
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
