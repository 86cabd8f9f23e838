import { RenderError } from '../../../model/index.js';
import { isMap, scalarText } from '../kustomization.js';
import type { Resource } from '../resource.js';
import { readField, readMap, readString } from './decode.js';
import { splitDotPath } from './field-path.js';
import {
  CREATED_SCALAR,
  matchPath,
  readSlot,
  writeSlot,
  type CreateKind,
  type Slot,
} from './path-matcher.js';
import {
  readResourceSelector,
  isTargetSelected,
  type ResourceSelector,
} from './replacement-select.js';
import { convertTextLike, isScalar, textOfScalar } from './scalars.js';

export interface FieldOptions {
  delimiter: string;
  index: number;
  create: boolean;
}

export function readFieldOptions(obj: unknown): FieldOptions | undefined {
  const options = readMap(obj, 'options');
  if (!options) return undefined;
  const index = readField(options, 'index');
  return {
    delimiter: readString(options, 'delimiter'),
    index: typeof index === 'number' ? index : 0,
    create: readField(options, 'create') === true,
  };
}

export interface TargetSelector {
  select: ResourceSelector;
  reject: ResourceSelector[];
  fieldPaths: string[];
  options: FieldOptions | undefined;
}

export function readTargets(raw: unknown, file: string): TargetSelector[] {
  const list = Array.isArray(raw) ? raw : [];
  return list.map((target) => {
    const select = readMap(target, 'select');
    if (!select) throw new RenderError(file, 'target must specify resources to select');
    const reject = readField(target, 'reject');
    const fieldPaths = readField(target, 'fieldPaths');
    const paths = Array.isArray(fieldPaths)
      ? fieldPaths.map((p) => (p === null ? '' : scalarText(p)))
      : [];
    return {
      select: readResourceSelector(select),
      reject: Array.isArray(reject) ? reject.filter(isMap).map(readResourceSelector) : [],
      fieldPaths: paths.length > 0 ? paths : ['metadata.name'],
      options: readFieldOptions(target),
    };
  });
}

function kindOfValue(value: unknown): CreateKind {
  if (Array.isArray(value)) return 'sequence';
  if (isMap(value)) return 'mapping';
  return 'scalar';
}

function isScalarSlot(current: unknown): boolean {
  return current === CREATED_SCALAR || isScalar(current);
}

/** Writes `value` into one target field as Kustomize does (see convertTextLike for scalars). */
function setTargetField(
  slot: Slot,
  value: unknown,
  options: FieldOptions | undefined,
  file: string,
): void {
  const current = readSlot(slot);
  let text = isScalar(value) ? textOfScalar(value) : '';
  let written = value;
  if (options && options.delimiter !== '') {
    if (!isScalarSlot(current))
      throw new RenderError(file, 'delimiter option can only be used with scalar nodes');
    const parts =
      current === CREATED_SCALAR ? [''] : textOfScalar(current).split(options.delimiter);
    if (options.index < 0) parts.unshift(text);
    else if (options.index >= parts.length) parts.push(text);
    else parts[options.index] = text;
    text = parts.join(options.delimiter);
    written = isScalar(value) ? convertTextLike(text, value, file) : value;
  }
  if (isScalarSlot(current))
    writeSlot(slot, convertTextLike(text, current === CREATED_SCALAR ? undefined : current, file));
  else writeSlot(slot, structuredClone(written));
}

function copyToResource(
  resource: Resource,
  value: unknown,
  target: TargetSelector,
  file: string,
): void {
  const create: CreateKind = target.options?.create === true ? kindOfValue(value) : 'none';
  for (const fieldPath of target.fieldPaths) {
    const problem = create === 'none' ? 'unable to find field' : 'unable to find or create field';
    let slots: Slot[];
    try {
      slots = matchPath(
        { holder: { root: resource.obj }, key: 'root' },
        splitDotPath(fieldPath),
        create,
      );
    } catch (err) {
      throw new RenderError(
        file,
        `${problem} "${fieldPath}" in replacement target: ${(err as Error).message}`,
      );
    }
    if (slots.length === 0)
      throw new RenderError(file, `${problem} "${fieldPath}" in replacement target`);
    for (const slot of slots) setTargetField(slot, value, target.options, file);
  }
}

/** Writes the value into every field of every resource each target selects. */
export function copyToTargets(
  resources: readonly Resource[],
  value: unknown,
  targets: readonly TargetSelector[],
  file: string,
): void {
  for (const target of targets) {
    for (const resource of resources) {
      let selected: boolean;
      try {
        selected = isTargetSelected(resource, target.select, target.reject);
      } catch (err) {
        throw new RenderError(file, (err as Error).message);
      }
      if (selected) copyToResource(resource, value, target, file);
    }
  }
}
