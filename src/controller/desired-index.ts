import type { ResourceKey } from '../model/index.js';

/** Which apps want each object, so a change to an object without our tracking-id still reaches them. */
export class DesiredIndex {
  readonly #appsByKey = new Map<ResourceKey, Set<string>>();
  readonly #keysByApp = new Map<string, readonly ResourceKey[]>();

  set(appKey: string, keys: readonly ResourceKey[]): void {
    for (const key of this.#keysByApp.get(appKey) ?? []) {
      const apps = this.#appsByKey.get(key);
      apps?.delete(appKey);
      if (apps?.size === 0) this.#appsByKey.delete(key);
    }
    for (const key of keys) {
      let apps = this.#appsByKey.get(key);
      if (!apps) this.#appsByKey.set(key, (apps = new Set()));
      apps.add(appKey);
    }
    if (keys.length === 0) this.#keysByApp.delete(appKey);
    else this.#keysByApp.set(appKey, keys);
  }

  appsWanting(key: ResourceKey): Iterable<string> {
    return this.#appsByKey.get(key) ?? [];
  }
}
