import type { KubeClient } from './client.js';

/** The Kubernetes verb of a request, as `capstan_app_k8s_request_total` labels it. */
export type KubeVerb = 'Get' | 'List' | 'Watch' | 'Create' | 'Update' | 'Patch' | 'Delete';

/**
 * Called once per request the API server answered (statusCode) or that failed on the
 * network (statusCode 0). A callback rather than a metric here, so the label choices stay
 * with the controller.
 */
export type KubeRequestListener = (
  verb: KubeVerb,
  kind: string | undefined,
  statusCode: number,
) => void;

const listeners = new WeakMap<KubeClient, Set<KubeRequestListener>>();

/** Subscribes to every request made through `client`; returns the unsubscribe function. */
export function instrumentKube(client: KubeClient, onRequest: KubeRequestListener): () => void {
  let set = listeners.get(client);
  if (!set) {
    set = new Set();
    listeners.set(client, set);
  }
  set.add(onRequest);
  return () => {
    set.delete(onRequest);
  };
}

export function reportKubeRequest(
  client: KubeClient,
  verb: KubeVerb,
  kind: string | undefined,
  statusCode: number,
): void {
  const set = listeners.get(client);
  if (!set) return;
  for (const listener of set) {
    // A broken counter must not fail the request it counts.
    try {
      listener(verb, kind, statusCode);
    } catch {
      // ignored on purpose
    }
  }
}
