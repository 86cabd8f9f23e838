import { unlinkFields } from '../linked-fields.js';
import { RenderError } from '../../../model/index.js';
import type { Selector } from '../kustomization.js';
import type { SchemaSet } from '../merge/index.js';
import { idOfObject, keyOfId, type KObject } from '../res-id.js';
import type { ResMap } from '../res-map.js';
import type { Resource } from '../resource.js';
import { applyJsonOperations, JsonPatchError, type JsonOperation } from './json-patch.js';
import { describeResId, selectResources, type AnyIdIndex } from './select.js';
import { patchResource, patchSelection, type PatchOptions } from './strategic.js';

/** A `patches` entry read and classified, ready to run. */
export type PreparedPatch = {
  file: string;
  /** How Kustomize names the entry in messages: [path: "…"] or [patch: "…"]. */
  source: string;
  target?: Selector;
  options: PatchOptions;
} & ({ kind: 'strategic'; docs: KObject[] } | { kind: 'json'; ops: JsonOperation[] });

/**
 * Runs one `patches` entry (Kustomize's PatchTransformer.Transform). `index` finds
 * resources by any id they have had; it is invalidated here whenever ids change.
 */
export function applyPatchEntry(
  resmap: ResMap,
  patch: PreparedPatch,
  schemas: SchemaSet,
  index: AnyIdIndex,
): void {
  if (patch.kind === 'json') {
    if (!patch.target)
      throw new RenderError(patch.file, `must specify a target for JSON patch ${patch.source}`);
    for (const resource of selectOrFail(resmap, patch.target, patch.file)) {
      resource.rememberCurrentId();
      if (applyJsonPatch(resmap, resource, patch.ops, patch.file)) index.invalidate();
    }
    return;
  }
  if (patch.target) {
    const [only, ...more] = patch.docs;
    if (only === undefined || more.length > 0) {
      throw new RenderError(
        patch.file,
        `Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: ${patch.source}`,
      );
    }
    const selected = selectOrFail(resmap, patch.target, patch.file);
    if (patchSelection(resmap, selected, only, patch.options, schemas, patch.file)) {
      index.invalidate();
    }
    return;
  }
  applyUntargeted(resmap, patch, schemas, index);
}

/** Each document patches the resource its own id names (Resource.ApplySmPatch, no copy). */
function applyUntargeted(
  resmap: ResMap,
  patch: PreparedPatch & { kind: 'strategic' },
  schemas: SchemaSet,
  index: AnyIdIndex,
): void {
  patch.docs.forEach((doc, i) => {
    const target = findPatchTarget(
      index,
      doc,
      patch.file,
      'no resource matches strategic merge patch',
    );
    const before = keyOfId(target.id());
    if (!patchResource(target, doc, patch.options, schemas, patch.file)) {
      // Kustomize leaves the emptied resource in place until the entry ends, and its next
      // lookup dereferences it and crashes; fail the same way instead of guessing.
      if (i < patch.docs.length - 1) {
        throw new RenderError(
          patch.file,
          `a document of ${patch.source} deletes ${describeResId(idOfObject(doc))} with $patch: delete and further documents follow in the same entry; Kustomize v5.5.0 crashes on this`,
        );
      }
      resmap.remove(target);
      index.invalidate();
      return;
    }
    if (keyOfId(target.id()) !== before) {
      resmap.invalidate();
      index.invalidate();
    }
  });
}

/** The resources a target selects; a malformed selector is an error naming `file`. */
export function selectOrFail(resmap: ResMap, target: Selector, file: string): Resource[] {
  try {
    return selectResources(resmap, target);
  } catch (err) {
    if (err instanceof RenderError && err.file === '')
      throw new RenderError(file, err.message, { cause: err });
    throw err;
  }
}

/** Applies JSON operations to one resource (still a mapping after); true if its id changed. */
export function applyJsonPatch(
  resmap: ResMap,
  resource: Resource,
  ops: readonly JsonOperation[],
  file: string,
): boolean {
  const before = keyOfId(resource.id());
  // Kustomize applies JSON patches to a JSON copy of the object: shared label nodes end here.
  unlinkFields(resource);
  let result: unknown;
  try {
    result = applyJsonOperations(resource.obj, ops);
  } catch (err) {
    if (err instanceof JsonPatchError) throw new RenderError(file, err.message, { cause: err });
    throw err;
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw new RenderError(file, 'json: cannot unmarshal the patched document into an object');
  }
  resource.obj = result as KObject;
  assertIdentified(resource, file);
  if (keyOfId(resource.id()) === before) return false;
  resmap.invalidate();
  return true;
}

/** Kustomize re-reads a patched object's metadata: it still needs a kind and a name. */
export function assertIdentified(resource: Resource, file: string): void {
  const kind = resource.obj['kind'];
  if (typeof kind !== 'string' || kind === '')
    throw new RenderError(file, 'missing kind in object after patching');
  if (kind.endsWith('List')) return;
  const meta = resource.obj['metadata'];
  const name = typeof meta === 'object' && meta !== null ? (meta as KObject)['name'] : undefined;
  if (name === undefined || name === null || name === '') {
    throw new RenderError(file, `missing metadata.name in object ${kind} after patching`);
  }
}

/** The one resource whose current or earlier id is the patch's own id. */
export function findPatchTarget(
  index: AnyIdIndex,
  patch: KObject,
  file: string,
  context?: string,
): Resource {
  const id = idOfObject(patch);
  const found = index.find(id);
  const [only] = found;
  if (only !== undefined && found.length === 1) return only;
  const text = describeResId(id);
  const problem =
    found.length === 0 ? `no matches for Id ${text}` : `multiple matches for Id ${text}`;
  const message = `${problem}; failed to find unique target for patch ${text}`;
  throw new RenderError(file, context === undefined ? message : `${context} "${text}": ${message}`);
}
