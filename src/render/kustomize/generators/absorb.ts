/**
 * Adds generated resources to a build by behavior, as Kustomize's ResMap.AbsorbAll does.
 * A generated resource matches an existing one whose current or any previous id equals its
 * id (so an overlay can name a base's ConfigMap by its name before prefixes and hashes).
 *   create (or unspecified): no match → appended; a match is an error.
 *   merge:   labels, annotations, data and binaryData of the old resource under the new;
 *   replace: labels and annotations merged, content from the new resource;
 *   both keep the old name, namespace and history, and fail when nothing matches.
 */
import { RenderError } from '../../../model/index.js';
import { describeId, keyOfId } from '../res-id.js';
import type { KObject } from '../res-id.js';
import type { ResMap } from '../res-map.js';
import type { Resource } from '../resource.js';
import { setOwnValue } from './generator-args.js';
import { compareCodePoints } from './hash.js';

/**
 * Absorbs a batch of generated resources into one ResMap. Previous ids are indexed once
 * per absorber, so a batch costs one pass over the map rather than one per resource.
 */
export class GeneratedAbsorber {
  private previous: Map<string, Resource[]> | undefined;

  constructor(
    private readonly resmap: ResMap,
    private readonly file: string,
  ) {}

  absorb(incoming: Resource): void {
    const id = incoming.id();
    const matches = this.findMatches(id);
    const behavior = incoming.generatedBy?.behavior ?? 'create';
    const [old, ...others] = matches;
    if (old === undefined) {
      if (behavior !== 'create') {
        throw new RenderError(
          this.file,
          `id ${describeId(id)} does not exist; cannot merge or replace`,
        );
      }
      this.resmap.append(incoming, this.file);
      return;
    }
    if (others.length > 0) {
      const found = matches.map((r) => describeId(r.id())).join(', ');
      throw new RenderError(
        this.file,
        `found multiple objects [${found}] that could accept merge of ${describeId(id)}`,
      );
    }
    if (behavior === 'create') {
      throw new RenderError(
        this.file,
        `id ${describeId(id)} exists; behavior must be merge or replace`,
      );
    }
    const keyBefore = keyOfId(old.id());
    mergeGeneratedInto(old, incoming, behavior);
    // The result takes the old name and namespace, so the id only moves if the kind differs.
    if (keyOfId(old.id()) !== keyBefore) this.resmap.invalidate();
  }

  private findMatches(id: ReturnType<Resource['id']>): Resource[] {
    const key = keyOfId(id);
    const found: Resource[] = [];
    const current = this.resmap.get(id);
    if (current) found.push(current);
    for (const r of this.previousIndex().get(key) ?? []) {
      if (!found.includes(r)) found.push(r);
    }
    return found;
  }

  private previousIndex(): Map<string, Resource[]> {
    if (!this.previous) {
      this.previous = new Map();
      for (const r of this.resmap.resources()) {
        for (const prev of r.previousIds) {
          const key = keyOfId(prev);
          const list = this.previous.get(key);
          if (!list) this.previous.set(key, [r]);
          else if (!list.includes(r)) list.push(r);
        }
      }
    }
    return this.previous;
  }
}

/**
 * Turns `old` into the merged result in place: it keeps its position, name, namespace and
 * id history (Kustomize copies those build annotations from the old resource), takes the
 * new content, and needs a hash suffix only if both sides did.
 */
function mergeGeneratedInto(
  old: Resource,
  incoming: Resource,
  behavior: 'merge' | 'replace',
): void {
  const obj = incoming.obj;
  const meta = incoming.metadata();
  setStringMap(meta, 'labels', {
    ...textMap(old.metadata()['labels']),
    ...textMap(meta['labels']),
  });
  setStringMap(meta, 'annotations', {
    ...textMap(old.metadata()['annotations']),
    ...textMap(meta['annotations']),
  });
  meta['name'] = old.name();
  if (old.namespace() === '') delete meta['namespace'];
  else meta['namespace'] = old.namespace();
  if (behavior === 'merge') {
    setStringMap(obj, 'data', { ...textMap(old.obj['data']), ...textMap(obj['data']) });
    setStringMap(obj, 'binaryData', {
      ...textMap(old.obj['binaryData']),
      ...textMap(obj['binaryData']),
    });
  }
  old.obj = obj;
  const needsHash = incoming.generatedBy?.needsHashSuffix ?? false;
  old.generatedBy = old.generatedBy
    ? {
        behavior: old.generatedBy.behavior,
        needsHashSuffix: old.generatedBy.needsHashSuffix && needsHash,
      }
    : undefined;
  // merge keeps where the data was first generated; replace takes the replacement's origin
  // (left unset when the caller records origins after absorbing, as for builtin generators).
  old.origin = behavior === 'merge' ? (old.origin ?? incoming.origin) : incoming.origin;
}

/** A map field's entries as text (scalars as written, anything else empty), like kyaml's GetValue. */
function textMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as KObject)) {
    const text =
      typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
          ? String(v)
          : '';
    setOwnValue(out, k, text);
  }
  return out;
}

/** Sets a string map sorted by key, or removes the field when the map is empty. */
function setStringMap(holder: KObject, field: string, map: Record<string, string>): void {
  const keys = Object.keys(map).sort(compareCodePoints);
  if (keys.length === 0) {
    Reflect.deleteProperty(holder, field);
    return;
  }
  const sorted: Record<string, string> = {};
  for (const key of keys) setOwnValue(sorted, key, map[key]);
  holder[field] = sorted;
}
