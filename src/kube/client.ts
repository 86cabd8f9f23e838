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
