/**
 * How a verified push reaches the reconcile loop. The leader (or the only replica) queues
 * the apps in-process, at once. A standby under leader election does not reconcile, and a
 * Service may send the webhook to any replica: it writes the `capstan.dev/refresh: normal`
 * annotation instead, which the leader's Application watch picks up as a refresh.
 */
import { patchObject, type KubeClient } from '../../kube/index.js';
import type { Logger } from '../../log/index.js';
import { ANNOTATION, API_GROUP, API_VERSION, KINDS, type KubeObject } from '../../model/index.js';

export interface WebhookRefresherOptions {
  /** The running controller's entry point (RunningController.refreshApps). */
  readonly refreshApps: (select: (app: KubeObject) => boolean) => string[];
  /** Whether this process runs the reconcile loop now. */
  readonly isLeading: () => boolean;
  readonly client: KubeClient;
  readonly logger: Logger;
}

export function createWebhookRefresher(
  options: WebhookRefresherOptions,
): (select: (app: KubeObject) => boolean) => Promise<readonly string[]> {
  return async (select) => {
    const keys = options.refreshApps(select);
    if (options.isLeading()) return keys;
    const results = await Promise.allSettled(keys.map((key) => annotateRefresh(options, key)));
    return keys.filter((key, index) => {
      const result = results[index];
      if (result?.status !== 'rejected') return true;
      options.logger.warn({ app: key, err: String(result.reason) }, 'webhook refresh not written');
      return false;
    });
  };
}

async function annotateRefresh(options: WebhookRefresherOptions, key: string): Promise<void> {
  const [namespace = '', name = ''] = key.split('/');
  await patchObject(
    options.client,
    { apiVersion: `${API_GROUP}/${API_VERSION}`, kind: KINDS.application.kind, namespace, name },
    { metadata: { annotations: { [ANNOTATION.refresh]: 'normal' } } },
    'merge',
  );
}
