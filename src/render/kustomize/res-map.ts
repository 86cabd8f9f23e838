import { RenderError } from '../../model/index.js';
import { describeId, keyOfId, type ResId } from './res-id.js';
import type { Resource } from './resource.js';

/**
 * The ordered set of resources of a build, indexed by current id. Every lookup by id is
 * a map access: this index is what keeps the engine linear where Kustomize once was not.
 */
export class ResMap {
  private readonly list: Resource[] = [];
  private index: Map<string, Resource> | undefined;

  get size(): number {
    return this.list.length;
  }

  resources(): readonly Resource[] {
    return this.list;
  }

  /** Adds a resource; two resources may not share an id. */
  append(resource: Resource, file = ''): void {
    const key = keyOfId(resource.id());
    if (this.byKey().has(key)) {
      throw new RenderError(
        file,
        `may not add resource with an already registered id: ${describeId(resource.id())}`,
      );
    }
    this.list.push(resource);
    this.byKey().set(key, resource);
  }

  appendAll(other: ResMap, file = ''): void {
    for (const resource of other.list) this.append(resource, file);
  }

  get(id: ResId): Resource | undefined {
    return this.byKey().get(keyOfId(id));
  }

  remove(resource: Resource): void {
    const at = this.list.indexOf(resource);
    if (at >= 0) this.list.splice(at, 1);
    this.invalidate();
  }

  replace(old: Resource, next: Resource): void {
    const at = this.list.indexOf(old);
    if (at < 0) throw new Error('replace: resource not in map');
    this.list[at] = next;
    this.invalidate();
  }

  /** Keep only the resources for which `keep` is true, preserving order. */
  retain(keep: (resource: Resource) => boolean): void {
    const kept = this.list.filter(keep);
    this.list.length = 0;
    this.list.push(...kept);
    this.invalidate();
  }

  /** Call after a transform renamed resources in place. */
  invalidate(): void {
    this.index = undefined;
  }

  private byKey(): Map<string, Resource> {
    if (!this.index) {
      this.index = new Map();
      for (const resource of this.list) this.index.set(keyOfId(resource.id()), resource);
    }
    return this.index;
  }
}
