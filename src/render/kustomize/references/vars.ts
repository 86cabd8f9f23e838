import { RenderError } from '../../../model/index.js';
import type { Accumulator } from '../accumulator.js';
import { splitApiVersion, type KObject, type ResId } from '../res-id.js';
import type { ResMap } from '../res-map.js';
import type { Resource } from '../resource.js';
import type { TransformerConfig } from '../transformer-config.js';
import { readMap, readString } from './decode.js';
import { expandSliceIndexes, lookupPath, splitDotPath } from './field-path.js';
import { expandVarsInResources, type VarValue } from './var-expansion.js';

/** A `vars` entry after Kustomize's defaulting. */
interface VarSpec {
  name: string;
  group: string;
  version: string;
  kind: string;
  objName: string;
  namespace: string;
  fieldPath: string;
}

/** The var names bound to each resource, as Kustomize keeps them on its Resource. */
const boundVars = new WeakMap<Resource, string[]>();
/** Var entries already bound by mergeVars (the others are bound when resolved). */
const mergedVars = new WeakSet<KObject>();

function readVar(raw: KObject): VarSpec {
  const objref = readMap(raw, 'objref') ?? {};
  const apiVersion = readString(objref, 'apiVersion');
  const gv =
    apiVersion === ''
      ? { group: readString(objref, 'group'), version: readString(objref, 'version') }
      : splitApiVersion(apiVersion);
  const fieldref = readMap(raw, 'fieldref');
  const fieldPath = readString(fieldref, 'fieldPath');
  return {
    name: readString(raw, 'name'),
    ...gv,
    kind: readString(objref, 'kind'),
    objName: readString(objref, 'name'),
    namespace: readString(objref, 'namespace'),
    fieldPath: fieldPath === '' ? 'metadata.name' : fieldPath,
  };
}

/** Kustomize prints a var as `{NAME Kind.version.group {fieldPath}}` in its messages. */
function describeVar(v: VarSpec): string {
  const gvk = [v.kind || '[noKind]', v.version || '[noVer]', v.group || '[noGrp]'].join('.');
  return `{${v.name} ${gvk} {${v.fieldPath}}}`;
}

function effectiveNs(namespace: string): string {
  return namespace === '' ? 'default' : namespace;
}

/** Whether `id` is the var's object: same group, version, kind and name, and namespace if given. */
function isVarTarget(v: VarSpec, id: ResId): boolean {
  if (
    id.name !== v.objName ||
    id.kind !== v.kind ||
    id.group !== v.group ||
    id.version !== v.version
  )
    return false;
  return v.namespace === '' || effectiveNs(id.namespace) === effectiveNs(v.namespace);
}

function bindVar(resmap: ResMap, v: VarSpec, file: string): void {
  const matched = resmap.resources().filter((r) => r.allIds().some((id) => isVarTarget(v, id)));
  if (matched.length > 1) {
    throw new RenderError(
      file,
      `merging vars: found ${matched.length} resId matches for var ${describeVar(v)} (unable to disambiguate)`,
    );
  }
  const [resource] = matched;
  if (resource) boundVars.set(resource, [...(boundVars.get(resource) ?? []), v.name]);
}

/**
 * Absorbs one kustomization's `vars` into its accumulator: each var is tied now to the
 * resource it names (by any id it has had), as Kustomize does, so that a name reused by
 * sibling bases cannot make it ambiguous later. A var name may be declared only once.
 */
export function mergeVars(acc: Accumulator, vars: readonly KObject[], file: string): void {
  const known = new Set(acc.vars.map((raw) => readVar(raw).name));
  for (const raw of vars) {
    const v = readVar(raw);
    bindVar(acc.resmap, v, file);
    if (known.has(v.name))
      throw new RenderError(file, `merging vars: var '${v.name}' already encountered`);
    known.add(v.name);
    mergedVars.add(raw);
    acc.vars.push(raw);
  }
}

function readVarValue(resource: Resource, v: VarSpec): VarValue {
  let value: unknown;
  try {
    value = lookupPath(resource.obj, expandSliceIndexes(splitDotPath(v.fieldPath)));
  } catch {
    value = undefined;
  }
  if (value === undefined) {
    throw new RenderError(
      '',
      `field specified in var '${describeVar(v)}' not found in corresponding resource`,
    );
  }
  if (value === null) return '';
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean'
  )
    return value;
  return undefined;
}

/**
 * Resolves every var to the value of its field and expands `$(NAME)` in the varReference
 * fields. A var whose object is gone is an error; references to unknown names stay.
 */
export function resolveAllVars(
  resmap: ResMap,
  vars: readonly KObject[],
  config: TransformerConfig,
): void {
  if (vars.length === 0) return;
  const specs = new Map<string, VarSpec>();
  for (const raw of vars) {
    const v = readVar(raw);
    if (specs.has(v.name)) throw new RenderError('', `var '${v.name}' already encountered`);
    specs.set(v.name, v);
    if (!mergedVars.has(raw)) bindVar(resmap, v, '');
  }
  const holders = new Map<string, Resource>();
  for (const resource of resmap.resources()) {
    for (const name of boundVars.get(resource) ?? [])
      if (!holders.has(name)) holders.set(name, resource);
  }
  const values = new Map<string, VarValue>();
  for (const v of [...specs.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const holder = holders.get(v.name);
    if (!holder)
      throw new RenderError(
        '',
        `var '${describeVar(v)}' cannot be mapped to a field in the set of known resources`,
      );
    values.set(v.name, readVarValue(holder, v));
  }
  expandVarsInResources(resmap, config.varReference, (name) => values.get(name));
}
