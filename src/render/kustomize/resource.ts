import type { LinkedFieldGroup } from './linked-fields.js';
import { idOfObject, keyOfId, type KObject, type ResId } from './res-id.js';

export type GeneratorBehavior = 'create' | 'merge' | 'replace';

/** How a generator made this resource; drives merging and the name hash suffix. */
export interface GeneratedBy {
  behavior: GeneratorBehavior;
  needsHashSuffix: boolean;
}

/**
 * One object being built, plus what Kustomize remembers about its history: the ids it
 * had before names, namespaces or kinds changed (to resolve references written against
 * the original names) and the prefixes/suffixes applied (to pick the right referral when
 * several bases reuse a name).
 */
export class Resource {
  obj: KObject;
  readonly previousIds: ResId[] = [];
  readonly prefixes: string[] = [];
  readonly suffixes: string[] = [];
  generatedBy: GeneratedBy | undefined;
  /** Where the resource came from, for buildMetadata origin annotations. */
  origin: ResourceOrigin | undefined;
  /** The transformers that ran over it, for buildMetadata transformer annotations. */
  readonly transformations: ResourceOrigin[] = [];
  /** Fields Kustomize would hold as one shared node (see linked-fields.ts). */
  readonly linkedFields: LinkedFieldGroup[] = [];
  /**
   * Source texts of top-level annotation values the YAML reader converted (`0x1F` read as
   * 31), with the value as read: Kustomize prints the text unless the object was rebuilt
   * from JSON in between.
   */
  annotationSourceText: Map<string, { text: string; parsed: unknown }> | undefined;

  constructor(obj: KObject, origin?: ResourceOrigin) {
    this.obj = obj;
    this.origin = origin;
  }

  private cachedId: { source: readonly unknown[]; id: ResId } | undefined;

  /**
   * The current id. Transforms edit `obj` in place, so the id is recomputed whenever one
   * of the four fields it comes from has changed: a cheap check on a hot path.
   */
  id(): ResId {
    const metadata = this.obj['metadata'] as KObject | undefined;
    const source = [
      this.obj['apiVersion'],
      this.obj['kind'],
      metadata?.['name'],
      metadata?.['namespace'],
    ];
    const cached = this.cachedId;
    if (cached?.source.every((v, i) => v === source[i]) === true) return cached.id;
    const id = idOfObject(this.obj);
    this.cachedId = { source, id };
    return id;
  }

  /** The id the resource had when first loaded or generated. */
  originalId(): ResId {
    return this.previousIds[0] ?? this.id();
  }

  /** Every id the resource has had, original first and current last. */
  allIds(): ResId[] {
    return [...this.previousIds, this.id()];
  }

  hasHadId(key: string): boolean {
    return this.allIds().some((id) => keyOfId(id) === key);
  }

  /** Record the current id before a transform changes name, namespace or kind. */
  rememberCurrentId(): void {
    const current = this.id();
    const last = this.previousIds[this.previousIds.length - 1];
    if (!last || keyOfId(last) !== keyOfId(current)) this.previousIds.push(current);
  }

  metadata(): KObject {
    let meta = this.obj['metadata'];
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
      meta = {};
      this.obj['metadata'] = meta;
    }
    return meta as KObject;
  }

  name(): string {
    const name = this.metadata()['name'];
    return typeof name === 'string' ? name : '';
  }

  setName(name: string): void {
    this.metadata()['name'] = name;
  }

  namespace(): string {
    const ns = this.metadata()['namespace'];
    return typeof ns === 'string' ? ns : '';
  }

  setNamespace(namespace: string): void {
    this.metadata()['namespace'] = namespace;
  }

  kind(): string {
    return typeof this.obj['kind'] === 'string' ? this.obj['kind'] : '';
  }

  stringMap(field: 'labels' | 'annotations'): Record<string, string> {
    const map = this.metadata()[field];
    return typeof map === 'object' && map !== null ? (map as Record<string, string>) : {};
  }

  /** A deep copy with the same history, for bases reused by several overlays. */
  clone(): Resource {
    const copy = new Resource(structuredClone(this.obj), this.origin);
    copy.previousIds.push(...this.previousIds);
    copy.prefixes.push(...this.prefixes);
    copy.suffixes.push(...this.suffixes);
    copy.generatedBy = this.generatedBy ? { ...this.generatedBy } : undefined;
    copy.transformations.push(...this.transformations);
    copy.annotationSourceText = this.annotationSourceText
      ? new Map(this.annotationSourceText)
      : undefined;
    copy.linkedFields.push(
      ...this.linkedFields.map((g) => ({
        locations: g.locations.map((l) => [...l]),
        value: g.value,
      })),
    );
    return copy;
  }
}

export interface ResourceOrigin {
  /** The file (relative to the top of the build) that declared the resource. */
  path?: string;
  /** For generated resources and transformations: the file that configured the plugin… */
  configuredIn?: string;
  /** …and which plugin it was. */
  configuredBy?: { apiVersion: string; kind: string; name?: string; namespace?: string };
}
