import { RenderError, joinSourcePath, type FileSource } from '../model/index.js';
import { compileGlob } from './glob.js';
import { parseKustomizeYaml } from './yaml/index.js';

export interface DirectoryOptions {
  recurse?: boolean;
  include?: string;
  exclude?: string;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/;

/**
 * Reads a plain-manifest directory as Argo CD does: .yaml/.yml/.json files (of
 * subdirectories too with `recurse`), filtered by `include`/`exclude` globs on the path
 * relative to `dir`, in path order; `*List` kinds flattened, empty documents dropped.
 */
export async function renderDirectory(
  source: FileSource,
  dir: string,
  options: DirectoryOptions = {},
): Promise<Record<string, unknown>[]> {
  const include = options.include ? compileGlob(options.include) : undefined;
  const exclude = options.exclude ? compileGlob(options.exclude) : undefined;
  const files = await listManifestFiles(source, dir, '', options.recurse === true);
  const objects: Record<string, unknown>[] = [];
  for (const relative of files) {
    if (include && !include.test(relative)) continue;
    if (exclude?.test(relative)) continue;
    const path = joinSourcePath(dir, relative) ?? relative;
    const text = new TextDecoder().decode(await source.readFile(path));
    const docs = relative.endsWith('.json')
      ? [parseJsonManifest(text, path)]
      : parseKustomizeYaml(text, path).docs;
    for (const doc of docs) objects.push(...flattenList(doc, path));
  }
  return objects;
}

async function listManifestFiles(
  source: FileSource,
  dir: string,
  prefix: string,
  recurse: boolean,
): Promise<string[]> {
  const here = joinSourcePath(dir, prefix) ?? dir;
  const entries = await source.readDir(here);
  const found: string[] = [];
  for (const entry of [...entries].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.kind === 'directory') {
      if (recurse && !entry.name.startsWith('.'))
        found.push(...(await listManifestFiles(source, dir, relative, recurse)));
    } else if (MANIFEST_FILE.test(entry.name)) found.push(relative);
  }
  return found;
}

function parseJsonManifest(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new RenderError(
      path,
      `invalid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function flattenList(doc: unknown, path: string): Record<string, unknown>[] {
  if (doc === null || doc === undefined) return [];
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new RenderError(path, 'a manifest must be a YAML mapping');
  const obj = doc as Record<string, unknown>;
  const kind = obj['kind'];
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(obj['items'])) {
    return (obj['items'] as unknown[]).flatMap((item) => flattenList(item, path));
  }
  if (typeof kind !== 'string' || kind === '')
    throw new RenderError(path, 'a manifest is missing `kind`');
  return [obj];
}
