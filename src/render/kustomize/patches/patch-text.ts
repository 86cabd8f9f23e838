import { RenderError } from '../../../model/index.js';
import { parseKustomizeYaml, parseYaml11Fast } from '../../yaml/index.js';
import { parseYaml11Document } from '../kustomization-text.js';
import { isMap, type Selector } from '../kustomization.js';
import type { KustLoader } from '../loader.js';
import type { KObject } from '../res-id.js';
import type { JsonOperation } from './json-patch.js';

/** One `patches` / `patchesJson6902` entry after checking its fields as Kustomize decodes them. */
export interface CheckedEntry {
  path?: string;
  patch?: string;
  target?: Selector;
  options: { allowNameChange: boolean; allowKindChange: boolean };
}

const ENTRY_FIELDS = ['path', 'patch', 'target', 'options'];
const SELECTOR_FIELDS = [
  'group',
  'version',
  'kind',
  'name',
  'namespace',
  'labelSelector',
  'annotationSelector',
];

/** Field names match case-insensitively and unknown ones are errors, as in Go's decoder. */
function canonicalFields(
  raw: unknown,
  known: readonly string[],
  what: string,
  file: string,
): Record<string, unknown> {
  if (!isMap(raw)) throw new RenderError(file, `invalid Kustomization: ${what} must be a mapping`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = known.find((k) => k.toLowerCase() === key.toLowerCase());
    if (name === undefined)
      throw new RenderError(file, `invalid Kustomization: json: unknown field "${key}"`);
    out[name] = value;
  }
  return out;
}

function optionalString(value: unknown, what: string, file: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new RenderError(file, `invalid Kustomization: ${what} must be a string`);
  return value;
}

export function checkEntry(raw: unknown, file: string): CheckedEntry {
  const f = canonicalFields(raw, ENTRY_FIELDS, 'a patch', file);
  const entry: CheckedEntry = { options: { allowNameChange: false, allowKindChange: false } };
  const path = optionalString(f['path'], 'patch path', file);
  const patch = optionalString(f['patch'], 'patch', file);
  if (path !== undefined) entry.path = path;
  if (patch !== undefined) entry.patch = patch;
  if (f['target'] !== undefined && f['target'] !== null) {
    const t = canonicalFields(f['target'], SELECTOR_FIELDS, 'a patch target', file);
    const target: Record<string, string> = {};
    for (const name of SELECTOR_FIELDS) {
      const value = optionalString(t[name], `target ${name}`, file);
      if (value !== undefined) target[name] = value;
    }
    entry.target = target;
  }
  const options = f['options'];
  if (options !== undefined && options !== null) {
    if (!isMap(options))
      throw new RenderError(file, 'invalid Kustomization: patch options must be a mapping');
    for (const [key, value] of Object.entries(options)) {
      if (typeof value !== 'boolean')
        throw new RenderError(
          file,
          `invalid Kustomization: patch option ${key} must be true or false`,
        );
    }
    entry.options = {
      allowNameChange: options['allowNameChange'] === true,
      allowKindChange: options['allowKindChange'] === true,
    };
  }
  return entry;
}

/** Strategic merge patches parsed from text, or why the text is not one. */
export type SmpParse = { docs: KObject[] } | { error: string };

/**
 * Reads text as strategic merge patches the way Kustomize reads resources: empty
 * documents skipped, each one a mapping with a kind and a name (Lists need no name),
 * and `*List` documents with items replaced by their items, appended after the rest.
 */
export function parseStrategicPatches(text: string, file: string): SmpParse {
  let docs: unknown[];
  try {
    docs = parseKustomizeYaml(text, file).docs;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  const queue: unknown[] = [];
  for (const doc of docs) {
    if (
      doc === null ||
      (Array.isArray(doc) && doc.length === 0) ||
      (isMap(doc) && Object.keys(doc).length === 0)
    )
      continue;
    const problem = metadataProblem(doc);
    if (problem !== undefined) return { error: problem };
    queue.push(doc);
  }
  const out: KObject[] = [];
  while (queue.length > 0) {
    const doc = queue.shift();
    if (!isMap(doc)) continue;
    const kind = typeof doc['kind'] === 'string' ? doc['kind'] : '';
    if (!kind.endsWith('List') || !Object.hasOwn(doc, 'items')) {
      out.push(doc);
      continue;
    }
    const items = doc['items'];
    if (items === null || items === undefined) continue;
    if (!Array.isArray(items)) return { error: `expected array in ${kind}/items` };
    for (const item of items) {
      if (!isMap(item))
        return { error: `trouble expanding list of ${kind}: items must be mappings` };
      queue.push(item);
    }
  }
  return { docs: out };
}

function metadataProblem(doc: unknown): string | undefined {
  if (!isMap(doc)) return 'wrong node kind: expected MappingNode';
  const metadata = doc['metadata'];
  if (metadata !== undefined && metadata !== null && !isMap(metadata))
    return 'metadata must be a mapping';
  const kind = doc['kind'];
  if (kind === undefined || kind === null || kind === '') return 'missing kind in object';
  if (typeof kind === 'string' && kind.endsWith('List')) return undefined;
  const name = isMap(metadata) ? metadata['name'] : undefined;
  if (name === undefined || name === null || name === '') return 'missing metadata.name in object';
  return undefined;
}

/** JSON patch operations decoded from text, or why the text is not a JSON patch. */
export type JsonParse = { ops: JsonOperation[] | undefined } | { error: string };

/** Text starting with '[' is JSON; anything else is YAML converted to JSON first. */
export function parseJsonOperations(text: string, file: string): JsonParse {
  if (text === '') return { error: 'empty json patch operations' };
  let data: unknown;
  try {
    data = text.startsWith('[')
      ? JSON.parse(text)
      : // Kustomize converts YAML JSON patches with sigs.k8s.io/yaml: YAML 1.1 (`yes` is true).
        ((parseYaml11Fast(text) ?? { value: parseYaml11Document(text, file) }).value ?? null);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  if (data === null) return { ops: undefined };
  if (!Array.isArray(data))
    return { error: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' };
  const ops: JsonOperation[] = [];
  for (const op of data) {
    if (op === null) ops.push({});
    else if (isMap(op)) ops.push(op);
    else
      return {
        error: 'json: cannot unmarshal a non-object into Go value of type jsonpatch.Operation',
      };
  }
  return { ops };
}

/** The text of a patch entry: inline (trimmed) or read from its file (as is). */
export async function readEntryText(
  entry: CheckedEntry,
  loader: KustLoader,
  kustFile: string,
): Promise<{ text: string; file: string; source: string }> {
  const inline = (entry.patch ?? '').trim();
  const path = entry.path ?? '';
  if (inline === '' && path === '')
    throw new RenderError(kustFile, 'must specify one of patch and path');
  if (inline !== '' && path !== '')
    throw new RenderError(kustFile, "patch and path can't be set at the same time");
  if (inline !== '')
    return { text: inline, file: kustFile, source: `[patch: ${JSON.stringify(inline)}]` };
  const { path: full, text } = await readPatchFile(loader, path);
  return { text, file: loader.context.display(full), source: `[path: ${JSON.stringify(path)}]` };
}

export async function readPatchFile(
  loader: KustLoader,
  path: string,
): Promise<{ path: string; text: string }> {
  try {
    return await loader.readText(path);
  } catch (err) {
    if (err instanceof RenderError) {
      const why =
        err.file !== '' && err.message.startsWith(`${err.file}: `)
          ? err.message.slice(err.file.length + 2)
          : err.message;
      throw new RenderError(err.file, `failed to get the patch file from path(${path}): ${why}`, {
        cause: err,
      });
    }
    throw err;
  }
}
