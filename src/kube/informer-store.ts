import type { Logger } from '../log/index.js';
import type { ManifestObject } from './apply.js';

export interface InformerHandlers {
  onAdd?(obj: ManifestObject): void;
  onUpdate?(obj: ManifestObject, old: ManifestObject): void;
  onDelete?(obj: ManifestObject): void;
}

type Notice =
  | { type: 'add'; obj: ManifestObject }
  | { type: 'update'; obj: ManifestObject; old: ManifestObject }
  | { type: 'delete'; obj: ManifestObject };

/** `namespace/name`; cluster-scoped objects have an empty namespace. */
export function formatStoreKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function storeKeyOf(obj: ManifestObject): string {
  return formatStoreKey(obj.metadata.namespace, obj.metadata.name);
}

export function resourceVersionOf(obj: { metadata?: unknown }): string {
  const rv = (obj.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
  return typeof rv === 'string' ? rv : '';
}

/**
 * The informer's cache of objects by `namespace/name` and the handlers told about every
 * change to it. A handler that throws is logged and skipped; it never stops the others.
 */
export class InformerStore {
  private objects = new Map<string, ManifestObject>();
  private readonly handlers: InformerHandlers[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly isStopped: () => boolean,
  ) {}

  get(namespace: string | undefined, name: string): ManifestObject | undefined {
    return this.objects.get(formatStoreKey(namespace, name));
  }

  list(): ManifestObject[] {
    return [...this.objects.values()];
  }

  /** Late handlers first hear an add for every object already known, as in client-go. */
  addHandlers(handlers: InformerHandlers, replay: boolean): void {
    this.handlers.push(handlers);
    if (!replay) return;
    for (const obj of this.objects.values()) this.notify([handlers], { type: 'add', obj });
  }

  /** One watch event; an update that did not change the resourceVersion is not news. */
  applyWatchEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: ManifestObject): void {
    const key = storeKeyOf(obj);
    const old = this.objects.get(key);
    if (type === 'DELETED') {
      this.objects.delete(key);
      this.notify(this.handlers, { type: 'delete', obj });
      return;
    }
    this.objects.set(key, obj);
    if (!old) this.notify(this.handlers, { type: 'add', obj });
    else if (resourceVersionOf(old) !== resourceVersionOf(obj))
      this.notify(this.handlers, { type: 'update', obj, old });
  }

  /**
   * Swaps in a fresh list and tells the handlers what changed since the old one, deletions
   * included: after a 410 the deletes that happened during the gap are only seen here.
   */
  replaceAll(items: readonly ManifestObject[]): void {
    const previous = this.objects;
    const next = new Map<string, ManifestObject>();
    for (const obj of items) next.set(storeKeyOf(obj), obj);
    // The whole new state is in place before any handler runs and reads the store.
    this.objects = next;
    const notices: Notice[] = [];
    for (const [key, obj] of next) {
      const old = previous.get(key);
      if (!old) notices.push({ type: 'add', obj });
      else if (resourceVersionOf(old) !== resourceVersionOf(obj))
        notices.push({ type: 'update', obj, old });
    }
    for (const [key, old] of previous) {
      if (!next.has(key)) notices.push({ type: 'delete', obj: old });
    }
    for (const notice of notices) this.notify(this.handlers, notice);
  }

  private notify(handlers: readonly InformerHandlers[], notice: Notice): void {
    for (const h of handlers) {
      if (this.isStopped()) return;
      try {
        if (notice.type === 'add') h.onAdd?.(notice.obj);
        else if (notice.type === 'update') h.onUpdate?.(notice.obj, notice.old);
        else h.onDelete?.(notice.obj);
      } catch (err) {
        this.logger.error(
          { err, event: notice.type, object: describeKey(notice.obj) },
          'informer handler failed',
        );
      }
    }
  }
}

function describeKey(obj: ManifestObject): string {
  return `${obj.kind}/${storeKeyOf(obj)}`;
}
