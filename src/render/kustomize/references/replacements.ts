import { RenderError } from '../../../model/index.js';
import { parseKustomizeYaml } from '../../yaml/index.js';
import { isMap } from '../kustomization.js';
import type { KustLoader } from '../loader.js';
import type { KObject } from '../res-id.js';
import type { ResMap } from '../res-map.js';
import type { Resource } from '../resource.js';
import {
  formatResId,
  isIdSelectedBy,
  readField,
  readIdSelector,
  readMap,
  readString,
  type IdSelector,
} from './decode.js';
import { lookupPath, splitDotPath } from './field-path.js';
import {
  copyToTargets,
  readFieldOptions,
  readTargets,
  type FieldOptions,
} from './replacement-targets.js';
import { idsForSelection } from './replacement-select.js';
import { convertTextLike, isScalar, textOfScalar } from './scalars.js';

const DEFAULT_FIELD_PATH = 'metadata.name';

/** Kustomize's error for a file whose content is neither one replacement nor a list. */
function describeGoKind(value: unknown): string {
  if (value === undefined || value === null) return 'invalid';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'float64';
  return 'invalid';
}

/** The replacements of one kustomization: inline entries, and files holding one or a list. */
async function loadReplacementList(
  entries: readonly KObject[],
  loader: KustLoader,
  file: string,
): Promise<KObject[]> {
  const out: KObject[] = [];
  for (const entry of entries) {
    const path = readString(entry, 'path');
    if (path === '') {
      out.push(entry);
      continue;
    }
    const targets = readField(entry, 'targets');
    if (readField(entry, 'source') != null || (Array.isArray(targets) && targets.length > 0)) {
      throw new RenderError(file, 'cannot specify both path and inline replacement');
    }
    const { path: source, text } = await loader.readText(path);
    const shown = loader.context.display(source);
    const content = parseKustomizeYaml(text, shown).docs[0];
    if (Array.isArray(content)) out.push(...content.map((item) => (isMap(item) ? item : {})));
    else if (isMap(content)) out.push(content);
    else
      throw new RenderError(
        shown,
        `unsupported replacement type encountered within replacement path: ${describeGoKind(content)}`,
      );
  }
  return out;
}

function describeSource(
  selector: IdSelector,
  fieldPath: string,
  options: FieldOptions | undefined,
): string {
  const parts = [formatResId(selector)];
  if (fieldPath !== '') parts.push(fieldPath);
  if (options && (options.delimiter !== '' || options.create))
    parts.push(`${options.delimiter}(${options.index}), create=${options.create}`);
  return parts.join(':');
}

function selectSource(
  resources: readonly Resource[],
  selector: IdSelector,
  described: string,
  file: string,
): Resource {
  let match: Resource | undefined;
  for (const resource of resources) {
    if (!idsForSelection(resource).some((id) => isIdSelectedBy(id, selector))) continue;
    if (match) throw new RenderError(file, `multiple matches for selector ${described}`);
    match = resource;
  }
  if (!match) throw new RenderError(file, `nothing selected by ${described}`);
  return match;
}

function isNilOrEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isMap(value) && Object.keys(value).length === 0;
}

/** The value a replacement copies: the source's field, narrowed by its delimiter options. */
function readSourceValue(resources: readonly Resource[], source: KObject, file: string): unknown {
  const selector = readIdSelector(source);
  const options = readFieldOptions(source);
  const written = readString(source, 'fieldPath');
  const resource = selectSource(
    resources,
    selector,
    describeSource(selector, written, options),
    file,
  );
  const fieldPath = written === '' ? DEFAULT_FIELD_PATH : written;
  let value: unknown;
  try {
    value = lookupPath(resource.obj, splitDotPath(fieldPath));
  } catch (err) {
    throw new RenderError(file, `error looking up replacement source: ${(err as Error).message}`);
  }
  if (isNilOrEmpty(value)) {
    throw new RenderError(
      file,
      `fieldPath \`${fieldPath}\` is missing for replacement source ${formatResId(selector)}`,
    );
  }
  if (!options || options.delimiter === '') return value;
  if (!isScalar(value))
    throw new RenderError(file, 'delimiter option can only be used with scalar nodes');
  const pieces = textOfScalar(value).split(options.delimiter);
  const piece = pieces[options.index];
  if (options.index < 0 || piece === undefined) {
    throw new RenderError(
      file,
      `options.index ${options.index} is out of bounds for value ${textOfScalar(value)}`,
    );
  }
  return convertTextLike(piece, value, file);
}

/**
 * Runs a kustomization's `replacements` in order: each reads its source from the resources
 * as they are after the replacements before it, then writes every selected target field.
 */
export async function runReplacements(
  resmap: ResMap,
  entries: readonly KObject[],
  loader: KustLoader,
): Promise<void> {
  if (entries.length === 0) return;
  const file = loader.context.display(loader.root);
  const replacements = await loadReplacementList(entries, loader, file);
  try {
    for (const replacement of replacements) {
      const source = readMap(replacement, 'source');
      const targets = readField(replacement, 'targets');
      if (!source || targets === undefined || targets === null) {
        throw new RenderError(file, 'replacements must specify a source and at least one target');
      }
      const value = readSourceValue(resmap.resources(), source, file);
      copyToTargets(resmap.resources(), value, readTargets(targets, file), file);
    }
  } finally {
    // A target field may have been a name or a namespace.
    resmap.invalidate();
  }
}
