/**
 * A least-recently-used cache of parsed Git objects (trees, blobs, commit → tree), bounded by
 * an estimate of the bytes it holds. Keys are object ids, so one cache serves every
 * repository: the same id is the same content. Values are never mutated by readers.
 */

export interface TreeEntry {
  readonly name: string;
  /** Git mode: 040000 tree, 100644/100755 file, 120000 symlink, 160000 submodule. */
  readonly mode: string;
  readonly oid: string;
}

export type CachedObject =
  | { readonly kind: 'tree'; readonly entries: ReadonlyMap<string, TreeEntry> }
  | { readonly kind: 'blob'; readonly bytes: Uint8Array }
  | { readonly kind: 'commit'; readonly tree: string };

/** Rough per-entry overhead of a Map slot plus the object wrapper. */
const ENTRY_OVERHEAD = 96;

export class ObjectCache {
  readonly #maxBytes: number;
  readonly #entries = new Map<string, { value: CachedObject; bytes: number }>();
  readonly #onSize: (bytes: number) => void;
  #bytes = 0;

  constructor(maxBytes: number, onSize: (bytes: number) => void = () => undefined) {
    this.#maxBytes = maxBytes;
    this.#onSize = onSize;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get(oid: string): CachedObject | undefined {
    const hit = this.#entries.get(oid);
    if (hit === undefined) return undefined;
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.#entries.delete(oid);
    this.#entries.set(oid, hit);
    return hit.value;
  }

  set(oid: string, value: CachedObject): void {
    const bytes = estimateBytes(value);
    const old = this.#entries.get(oid);
    if (old !== undefined) {
      this.#entries.delete(oid);
      this.#bytes -= old.bytes;
    }
    // An object larger than the whole budget is served but not kept.
    if (bytes <= this.#maxBytes) {
      this.#entries.set(oid, { value, bytes });
      this.#bytes += bytes;
      this.#evict();
    }
    this.#onSize(this.#bytes);
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
    this.#onSize(0);
  }

  #evict(): void {
    for (const [oid, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) return;
      this.#entries.delete(oid);
      this.#bytes -= entry.bytes;
    }
  }
}

function estimateBytes(value: CachedObject): number {
  switch (value.kind) {
    case 'blob':
      return ENTRY_OVERHEAD + value.bytes.byteLength;
    case 'commit':
      return ENTRY_OVERHEAD + 80;
    case 'tree': {
      let total = ENTRY_OVERHEAD;
      for (const entry of value.entries.values())
        total += ENTRY_OVERHEAD + 2 * entry.name.length + 100;
      return total;
    }
  }
}
