import { RenderError } from '../../../model/index.js';
import { isMap } from '../kustomization.js';
import { KEEP_NULL, mergeStrategicPatch, MergeError, type SchemaSet } from '../merge/index.js';
import { joinApiVersion, keyOfId, type KObject } from '../res-id.js';
import type { ResMap } from '../res-map.js';
import type { Resource } from '../resource.js';

export interface PatchOptions {
  allowNameChange: boolean;
  allowKindChange: boolean;
}

export const NO_CHANGE_ALLOWED: PatchOptions = { allowNameChange: false, allowKindChange: false };

/**
 * Merges one patch into one resource as Kustomize's Resource.ApplySmPatch does: the
 * resource keeps its namespace always, and its name and kind unless the options allow a
 * change (then its current id is remembered first). Returns false when the patch deleted
 * the resource (`$patch: delete`), which the caller must drop.
 */
export function patchResource(
  resource: Resource,
  patch: KObject,
  options: PatchOptions,
  schemas: SchemaSet,
  file: string,
): boolean {
  const name = textOfField(resource.metadata()['name']);
  const namespace = textOfField(resource.metadata()['namespace']);
  const kind = resource.kind();
  if (options.allowNameChange || options.allowKindChange) resource.rememberCurrentId();
  let merged: KObject | undefined;
  try {
    merged = mergeStrategicPatch(resource.obj, patch, schemas);
  } catch (err) {
    if (err instanceof MergeError) throw new RenderError(file, err.message, { cause: err });
    throw err;
  }
  if (merged === undefined || Object.keys(merged).length === 0) return false;
  resource.obj = merged;
  if (!options.allowKindChange) resource.obj['kind'] = kind;
  if (!options.allowNameChange) resource.setName(name);
  if (namespace !== '') resource.setNamespace(namespace);
  else {
    const meta = resource.obj['metadata'];
    if (isMap(meta)) Reflect.deleteProperty(meta, 'namespace');
  }
  return true;
}

/**
 * Kustomize's ResMap.ApplySmPatch: each selected resource gets its own copy of the patch,
 * with the resource's apiVersion and the patch's labels and annotations rewritten as
 * string maps (so a null there is the text "null", not a deletion); deleted resources
 * leave the map, and the ids must still be unique afterwards. Returns whether any id
 * changed or any resource left (so id indexes must be rebuilt).
 */
export function patchSelection(
  resmap: ResMap,
  selected: readonly Resource[],
  patch: KObject,
  options: PatchOptions,
  schemas: SchemaSet,
  file: string,
): boolean {
  if (selected.length === 0) return false;
  const deleted = new Set<Resource>();
  let renamed = false;
  for (const resource of selected) {
    const before = keyOfId(resource.id());
    const copy = structuredClone(patch);
    rewriteMetadataMaps(copy);
    const { group, version } = resource.id();
    const apiVersion = joinApiVersion(group, version);
    // Kustomize writes an empty apiVersion as an untyped empty scalar, which prints as null
    copy['apiVersion'] = apiVersion === '' ? KEEP_NULL : apiVersion;
    if (!patchResource(resource, copy, options, schemas, file)) deleted.add(resource);
    else if (keyOfId(resource.id()) !== before) renamed = true;
  }
  if (deleted.size > 0) resmap.retain((resource) => !deleted.has(resource));
  if (renamed) {
    resmap.invalidate();
    assertUniqueIds(resmap, file);
  }
  return renamed || deleted.size > 0;
}

function assertUniqueIds(resmap: ResMap, file: string): void {
  const seen = new Set<string>();
  for (const resource of resmap.resources()) {
    const key = keyOfId(resource.id());
    if (seen.has(key)) {
      throw new RenderError(
        file,
        `may not add resource with an already registered id: ${resource.kind()}/${resource.name()}`,
      );
    }
    seen.add(key);
  }
}

/** CopyMergeMetaDataFieldsFrom applied to a patch copy: labels/annotations become text maps. */
function rewriteMetadataMaps(patch: KObject): void {
  let meta = patch['metadata'];
  if (!isMap(meta)) {
    meta = {};
    patch['metadata'] = meta;
  }
  const metadata = meta as KObject;
  for (const field of ['labels', 'annotations'] as const) {
    const map = metadata[field];
    const text: Record<string, string> = {};
    if (isMap(map)) for (const key of Object.keys(map).sort()) text[key] = metadataText(map[key]);
    if (Object.keys(text).length === 0) Reflect.deleteProperty(metadata, field);
    else metadata[field] = text;
  }
  if (Object.hasOwn(metadata, 'name')) metadata['name'] = textOfField(metadata['name']);
  const namespace = textOfField(metadata['namespace']);
  if (namespace === '') delete metadata['namespace'];
  else metadata['namespace'] = namespace;
}

/** The text Kustomize reads from a metadata value: a null reads as "null". */
function metadataText(value: unknown): string {
  if (value === null) return 'null';
  return textOfField(value);
}

function textOfField(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return '';
}
