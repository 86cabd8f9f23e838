/**
 * The benchmark's eyes on the cluster: informers (list + watch, the same kind of watch the
 * controller keeps) on the managed ConfigMaps and Deployments. A trial asks for the moment an
 * object first satisfies a predicate; the answer is the performance.now() at which the watch
 * event carrying it was handled, so no polling interval is added to any number.
 */
import {
  createInformer,
  type Informer,
  type KubeClient,
  type ManifestObject,
} from '../../src/kube/index.js';
import { createLogger } from '../../src/log/index.js';
import { MANAGED_BY_SELECTOR } from '../../src/model/index.js';

export type WatchedKind = 'ConfigMap' | 'Deployment';

export interface WatchTarget {
  readonly kind: WatchedKind;
  readonly namespace: string;
  readonly name: string;
}

export interface WaitOptions {
  readonly timeoutMs: number;
  /** Told every 5 s while nothing matched, so a long wait is never silent. */
  readonly onWaiting?: (elapsedMs: number) => void;
}

interface Waiter {
  readonly target: WatchTarget;
  readonly predicate: (object: ManifestObject) => boolean;
  readonly settle: (at: number | undefined) => void;
}

const HEARTBEAT_MS = 5000;

const TARGETS: Record<WatchedKind, { group: string; version: string; kind: WatchedKind }> = {
  ConfigMap: { group: '', version: 'v1', kind: 'ConfigMap' },
  Deployment: { group: 'apps', version: 'v1', kind: 'Deployment' },
};

export class ValueWatch {
  readonly #informers: Record<WatchedKind, Informer>;
  readonly #waiters = new Set<Waiter>();

  private constructor(informers: Record<WatchedKind, Informer>) {
    this.#informers = informers;
    for (const kind of Object.keys(informers) as WatchedKind[])
      informers[kind].addHandlers({
        onAdd: (object) => this.#notify(kind, object),
        onUpdate: (object) => this.#notify(kind, object),
      });
  }

  /** Watches every object the controller manages (its managed-by label), in all namespaces. */
  static async start(client: KubeClient): Promise<ValueWatch> {
    const options = { labelSelector: MANAGED_BY_SELECTOR, logger: createLogger({ level: 'warn' }) };
    const watch = new ValueWatch({
      ConfigMap: createInformer(client, TARGETS.ConfigMap, options),
      Deployment: createInformer(client, TARGETS.Deployment, options),
    });
    await Promise.all(Object.values(watch.#informers).map((informer) => informer.start()));
    return watch;
  }

  /** The object as the watch last delivered it. */
  read(target: WatchTarget): ManifestObject | undefined {
    return this.#informers[target.kind].get(target.namespace, target.name);
  }

  /**
   * performance.now() when the watch first showed `target` satisfying `predicate` (at once
   * when the cached copy already does); undefined when `timeoutMs` passed first.
   */
  waitFor(
    target: WatchTarget,
    predicate: (object: ManifestObject) => boolean,
    options: WaitOptions,
  ): Promise<number | undefined> {
    const cached = this.read(target);
    if (cached && predicate(cached)) return Promise.resolve(performance.now());
    const started = performance.now();
    return new Promise((resolve) => {
      const heartbeat = setInterval(
        () => options.onWaiting?.(performance.now() - started),
        HEARTBEAT_MS,
      );
      const timeout = setTimeout(() => waiter.settle(undefined), options.timeoutMs);
      const waiter: Waiter = {
        target,
        predicate,
        settle: (at) => {
          clearInterval(heartbeat);
          clearTimeout(timeout);
          this.#waiters.delete(waiter);
          resolve(at);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  stop(): void {
    for (const informer of Object.values(this.#informers)) informer.stop();
    for (const waiter of [...this.#waiters]) waiter.settle(undefined);
  }

  #notify(kind: WatchedKind, object: ManifestObject): void {
    const at = performance.now();
    for (const waiter of [...this.#waiters]) {
      const { namespace, name } = waiter.target;
      if (waiter.target.kind !== kind) continue;
      if (object.metadata.name !== name || object.metadata.namespace !== namespace) continue;
      if (waiter.predicate(object)) waiter.settle(at);
    }
  }
}

/** The object's resourceVersion as a number (etcd revisions only grow), for "newer than". */
export function readRevision(object: ManifestObject | undefined): number {
  return Number(object?.metadata.resourceVersion ?? 0);
}
