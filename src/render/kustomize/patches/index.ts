/**
 * patches — strategic merge and JSON 6902 patches (`patchesStrategicMerge`,
 * `patchesJson6902`, `patches` with target selectors) and resource selection by
 * group/version/kind/name/namespace regex and label/annotation selectors, with the
 * semantics of Kustomize v5.5.0's PatchStrategicMergeTransformer, PatchTransformer and
 * PatchJson6902Transformer.
 *
 *   applyPatchesStrategicMerge(resmap, entries, loader)   files or inline texts
 *   applyPatches(resmap, entries, loader)                 SMP or JSON 6902, with or without target
 *   applyPatchesJson6902(resmap, entries, loader)         JSON 6902 with a target
 *   selectResources(resmap, selector) → Resource[]
 *   compileLabelSelector(text) → (labels) => boolean
 *
 * Every entry is read and checked before any is applied, as Kustomize configures its
 * transformers before running them. Pure: reads patch files only through the KustLoader
 * it is given; failures are RenderErrors naming the patch file (or the kustomization).
 */
import { RenderError } from '../../../model/index.js';
import type { Json6902Entry, PatchEntry } from '../kustomization.js';
import type { KustLoader } from '../loader.js';
import { schemasFor } from '../merge/index.js';
import type { KObject } from '../res-id.js';
import type { ResMap } from '../res-map.js';
import type { JsonOperation } from './json-patch.js';
import {
  applyJsonPatch,
  applyPatchEntry,
  findPatchTarget,
  selectOrFail,
  type PreparedPatch,
} from './patch-entry.js';
import {
  checkEntry,
  parseJsonOperations,
  parseStrategicPatches,
  readEntryText,
  readPatchFile,
  type CheckedEntry,
} from './patch-text.js';
import { AnyIdIndex } from './select.js';
import { NO_CHANGE_ALLOWED, patchSelection } from './strategic.js';

export { selectResources } from './select.js';
export { compileLabelSelector, type LabelMatcher } from './label-selector.js';
export { configureOpenApi } from '../merge/index.js';

/** The `patchesStrategicMerge` field: each entry is a patch file or inline patch text. */
export async function applyPatchesStrategicMerge(
  resmap: ResMap,
  entries: readonly string[],
  loader: KustLoader,
): Promise<void> {
  if (entries.length === 0) return;
  const kustFile = loader.context.display(loader.root);
  const patches: { patch: KObject; file: string }[] = [];
  for (const entry of entries) {
    const inline = parseStrategicPatches(entry, kustFile);
    if ('docs' in inline) {
      for (const patch of inline.docs) patches.push({ patch, file: kustFile });
      continue;
    }
    const { path, text } = await readPatchFile(loader, entry);
    const file = loader.context.display(path);
    const parsed = parseStrategicPatches(text, file);
    if ('error' in parsed) throw new RenderError(file, parsed.error);
    for (const patch of parsed.docs) patches.push({ patch, file });
  }
  if (patches.length === 0) {
    throw new RenderError(
      kustFile,
      `patch appears to be empty; files=[${entries.join(' ')}], Patch=`,
    );
  }
  const schemas = schemasFor(loader);
  const index = new AnyIdIndex(resmap);
  for (const { patch, file } of patches) {
    const target = findPatchTarget(index, patch, file);
    if (patchSelection(resmap, [target], patch, NO_CHANGE_ALLOWED, schemas, file)) {
      index.invalidate();
    }
  }
}

/**
 * The `patches` field: strategic merge or JSON 6902, told apart by their text. Every entry
 * is read before any runs; `afterEach(i)` is called once entry i has run (Kustomize runs
 * each entry as its own transformer, which buildMetadata records).
 */
export async function applyPatches(
  resmap: ResMap,
  entries: readonly PatchEntry[],
  loader: KustLoader,
  afterEach?: (entryIndex: number) => void,
): Promise<void> {
  if (entries.length === 0) return;
  const kustFile = loader.context.display(loader.root);
  const prepared: PreparedPatch[] = [];
  for (const raw of entries)
    prepared.push(await preparePatch(checkEntry(raw, kustFile), loader, kustFile));
  const schemas = schemasFor(loader);
  // one id index for all entries: rebuilt only when a patch changes ids, so many
  // untargeted patches cost one pass over the resources, not one each
  const index = new AnyIdIndex(resmap);
  prepared.forEach((patch, i) => {
    applyPatchEntry(resmap, patch, schemas, index);
    afterEach?.(i);
  });
}

async function preparePatch(
  entry: CheckedEntry,
  loader: KustLoader,
  kustFile: string,
): Promise<PreparedPatch> {
  const { text, file, source } = await readEntryText(entry, loader, kustFile);
  const base = {
    file,
    source,
    options: entry.options,
    ...(entry.target ? { target: entry.target } : {}),
  };
  const smp = parseStrategicPatches(text, file);
  const smpOk = 'docs' in smp;
  // A text holding a mapping document is never a JSON patch (its YAML 1.1 reading has that
  // mapping too, and a JSON array text holds no mapping document): no second parse.
  if (smpOk && smp.docs.length > 0) return { ...base, kind: 'strategic', docs: smp.docs };
  const json = parseJsonOperations(text, file);
  const jsonOk = 'ops' in json;
  if (smpOk && jsonOk) {
    throw new RenderError(file, `illegally qualifies as both an SM and JSON patch: ${source}`);
  }
  if (!smpOk && !jsonOk)
    throw new RenderError(file, `unable to parse SM or JSON patch from ${source}`);
  // an empty patch file reads as zero strategic merge patches, which Kustomize then runs as JSON
  return { ...base, kind: 'json', ops: jsonOk ? (json.ops ?? []) : [] };
}

/** The `patchesJson6902` field: JSON patches applied to the resources a target selects; afterEach as for applyPatches. */
export async function applyPatchesJson6902(
  resmap: ResMap,
  entries: readonly Json6902Entry[],
  loader: KustLoader,
  afterEach?: (entryIndex: number) => void,
): Promise<void> {
  if (entries.length === 0) return;
  const kustFile = loader.context.display(loader.root);
  const prepared: { entry: CheckedEntry; ops: JsonOperation[]; file: string }[] = [];
  for (const raw of entries) {
    const entry = checkEntry(raw, kustFile);
    if (!entry.target || (entry.target.name ?? '') === '')
      throw new RenderError(kustFile, 'must specify the target name');
    const path = entry.path ?? '';
    const inline = entry.patch ?? '';
    if (path === '' && inline === '')
      throw new RenderError(kustFile, 'empty file path and empty jsonOp');
    if (path !== '' && inline !== '')
      throw new RenderError(kustFile, 'must specify a file path or jsonOp, not both');
    let text = inline;
    let file = kustFile;
    if (path !== '') {
      const read = await readPatchFile(loader, path);
      text = read.text;
      file = loader.context.display(read.path);
      if (text === '') throw new RenderError(file, `patch file '${path}' empty seems to be empty`);
    }
    const parsed = parseJsonOperations(text, file);
    if ('error' in parsed) throw new RenderError(file, `decoding ${text}: ${parsed.error}`);
    if (!parsed.ops || parsed.ops.length === 0)
      throw new RenderError(file, `patch appears to be empty; file=${path}, JsonOp=${text}`);
    prepared.push({ entry, ops: parsed.ops, file });
  }
  prepared.forEach(({ entry, ops, file }, i) => {
    if (entry.target) {
      for (const resource of selectOrFail(resmap, entry.target, file)) {
        applyJsonPatch(resmap, resource, ops, file);
      }
    }
    afterEach?.(i);
  });
}
