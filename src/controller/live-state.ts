/**
 * What the cluster holds of the objects Capstan manages, kept current by one label-selected
 * informer per kind (DESIGN.md §5) rather than a LIST per reconcile. Kinds are watched from
 * the moment an app first needs them. Every change is reported to `onChange`, so the owning
 * app can be re-compared within a second.
 */
import type { ResourceStatus } from '../api/index.js';
import type { Logger } from '../log/index.js';
import {
  MANAGED_BY_SELECTOR,
  ANNOTATION,
  parseTrackingId,
  resourceKeyOf,
  type KubeObject,
  type ResourceKey,
} from '../model/index.js';
import {
  createInformer,
  discoverApiResources,
  type ApiResource,
  type Informer,
  type KubeClient,
  type ManifestObject,
} from '../kube/index.js';

export interface LiveStateOptions {
  readonly client: KubeClient;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Called for every add, update and delete of a managed object (old is the previous state). */
  readonly onChange: (object: KubeObject, previous: KubeObject | undefined) => void;
  /** How long a discovery result is trusted before a miss triggers a re-read. */
  readonly discoveryTtlMs?: number;
}

export interface KindRef {
  readonly group: string;
  readonly kind: string;
}

const kindId = (group: string, kind: string): string => `${group}/${kind}`;

export class LiveState {
  readonly #options: LiveStateOptions;
  readonly #informers = new Map<string, Promise<Informer | undefined>>();
  readonly #objects = new Map<ResourceKey, KubeObject>();
  /** `<app-namespace>_<app-name>` → keys of live objects whose tracking-id names that app. */
  readonly #trackedBy = new Map<string, Set<ResourceKey>>();
  #resources = new Map<string, ApiResource>();
  #discoveredAt = 0;
  #discovery: Promise<void> | undefined;

  constructor(options: LiveStateOptions) {
    this.#options = options;
  }

  /** Re-reads API discovery if it is older than the TTL (or never happened). */
  async refreshDiscovery(force = false): Promise<void> {
    const ttl = this.#options.discoveryTtlMs ?? 30_000;
    if (!force && this.#discoveredAt !== 0 && Date.now() - this.#discoveredAt < ttl) return;
    this.#discovery ??= (async () => {
      try {
        const resources = await discoverApiResources(this.#options.client);
        this.#resources = new Map(resources.map((r) => [kindId(r.group, r.kind), r]));
        this.#discoveredAt = Date.now();
      } finally {
        this.#discovery = undefined;
      }
    })();
    await this.#discovery;
  }

  /** The served resource for a group and kind, re-reading discovery once on a miss. */
  async resolveKind(group: string, kind: string): Promise<ApiResource | undefined> {
    const known = this.#resources.get(kindId(group, kind));
    if (known) return known;
    await this.refreshDiscovery();
    return this.#resources.get(kindId(group, kind));
  }

  /** Scope of a kind as discovery reports it; undefined when the server does not serve it. */
  isNamespaced(group: string, kind: string): boolean | undefined {
    return this.#resources.get(kindId(group, kind))?.namespaced;
  }

  /** Starts informers for kinds not watched yet and waits until they hold their first list. */
  async watchKinds(kinds: Iterable<KindRef>): Promise<void> {
    const waits: Promise<unknown>[] = [];
    for (const { group, kind } of kinds) {
      const id = kindId(group, kind);
      let informer = this.#informers.get(id);
      if (!informer) {
        informer = this.#startInformer(group, kind);
        this.#informers.set(id, informer);
      }
      waits.push(informer);
    }
    await Promise.all(waits);
  }

  /** Whether changes of this kind reach us through an informer (so the cache is current). */
  async isWatched(group: string, kind: string): Promise<boolean> {
    return (await this.#informers.get(kindId(group, kind))) !== undefined;
  }

  get(key: ResourceKey): KubeObject | undefined {
    return this.#objects.get(key);
  }

  /** Live objects whose tracking-id names the app `<namespace>_<name>`. */
  trackedBy(appId: string): KubeObject[] {
    const keys = this.#trackedBy.get(appId);
    if (!keys) return [];
    return [...keys].flatMap((key) => {
      const object = this.#objects.get(key);
      return object ? [object] : [];
    });
  }

  get watchedKinds(): number {
    return this.#informers.size;
  }

  stop(): void {
    for (const informer of this.#informers.values()) void informer.then((i) => i?.stop());
  }

  async #startInformer(group: string, kind: string): Promise<Informer | undefined> {
    const resource = await this.resolveKind(group, kind);
    if (!resource) {
      // Not served (yet): forget the attempt so a later reconcile, after a CRD lands, retries.
      this.#informers.delete(kindId(group, kind));
      return undefined;
    }
    const informer = createInformer(
      this.#options.client,
      { group: resource.group, version: resource.version, kind: resource.kind },
      {
        labelSelector: MANAGED_BY_SELECTOR,
        logger: this.#options.logger.child({ informer: kindId(group, kind) }),
        signal: this.#options.signal,
      },
    );
    informer.addHandlers({
      onAdd: (object) => this.#record(object, undefined),
      onUpdate: (object, old) => this.#record(object, old),
      onDelete: (object) => this.#forget(object),
    });
    await informer.start();
    return informer;
  }

  #record(object: ManifestObject, previous: ManifestObject | undefined): void {
    const key = resourceKeyOf(object);
    const before = this.#objects.get(key);
    if (before) this.#untrack(key, before);
    this.#objects.set(key, object);
    const owner = trackingOwner(object);
    if (owner !== undefined) {
      let keys = this.#trackedBy.get(owner);
      if (!keys) this.#trackedBy.set(owner, (keys = new Set()));
      keys.add(key);
    }
    this.#options.onChange(object, previous ?? before);
  }

  #forget(object: ManifestObject): void {
    const key = resourceKeyOf(object);
    const before = this.#objects.get(key);
    if (before) this.#untrack(key, before);
    this.#objects.delete(key);
    this.#options.onChange(object, before ?? object);
  }

  #untrack(key: ResourceKey, object: KubeObject): void {
    const owner = trackingOwner(object);
    if (owner !== undefined) this.#trackedBy.get(owner)?.delete(key);
  }
}

/** `<app-namespace>_<app-name>`: the owner part of tracking-ids, as `trackedBy` takes it. */
export function trackingAppId(namespace: string, name: string): string {
  return `${namespace}_${name}`;
}

/** The tracking app id of the app an object's tracking-id names, if any. */
export function trackingOwner(object: KubeObject): string | undefined {
  const metadata = object['metadata'] as { annotations?: Record<string, string> } | undefined;
  const tracking = parseTrackingId(metadata?.annotations?.[ANNOTATION.trackingId]);
  return tracking ? trackingAppId(tracking.app.namespace, tracking.app.name) : undefined;
}

/** Kinds the app had at its last comparison, so objects removed from Git are still watched. */
export function inventoryKindsOf(resources: readonly ResourceStatus[] | undefined): KindRef[] {
  return (resources ?? []).flatMap((resource) =>
    resource.kind ? [{ group: resource.group ?? '', kind: resource.kind }] : [],
  );
}
