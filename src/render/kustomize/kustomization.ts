import { RenderError } from '../../model/index.js';
import { KUSTOMIZATION_FIELD_SCHEMAS, canonicalizeField } from './kustomization-schema.js';
import type { KObject } from './res-id.js';

export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchEntry {
  path?: string;
  patch?: string;
  target?: Selector;
  options?: { allowNameChange?: boolean; allowKindChange?: boolean };
}

export interface Json6902Entry {
  target: Selector;
  path?: string;
  patch?: string;
}

export interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

export interface LabelEntry {
  pairs: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
  fields?: FieldSpec[];
}

export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  type?: string;
  options?: GeneratorOptions;
}

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

/** As written in the file: `order` is checked when sorting, so it stays a plain string. */
export interface SortOptions {
  order?: string;
  legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] };
}

/** A kustomization.yaml after normalisation: legacy fields folded into their successors. */
export interface Kustomization {
  apiVersion: string;
  kind: 'Kustomization' | 'Component';
  metadata?: KObject;
  openapi?: Record<string, string>;
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
  commonLabels?: Record<string, string>;
  labels: LabelEntry[];
  commonAnnotations?: Record<string, string>;
  patchesStrategicMerge: string[];
  patchesJson6902: Json6902Entry[];
  patches: PatchEntry[];
  images: ImageEntry[];
  replacements: KObject[];
  replicas: { name: string; count: number }[];
  vars: KObject[];
  sortOptions?: SortOptions;
  resources: string[];
  components: string[];
  crds: string[];
  configMapGenerator: GeneratorArgs[];
  secretGenerator: GeneratorArgs[];
  generatorOptions?: GeneratorOptions;
  configurations: string[];
  generators: string[];
  transformers: string[];
  validators: string[];
  buildMetadata: string[];
}

/** Every top-level field Kustomize v5.5.0 reads, by its canonical spelling. */
const KNOWN_FIELDS = [
  'apiVersion',
  'kind',
  'metadata',
  'openapi',
  'namePrefix',
  'nameSuffix',
  'namespace',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'patchesStrategicMerge',
  'patchesJson6902',
  'patches',
  'images',
  'imageTags',
  'replacements',
  'replicas',
  'vars',
  'sortOptions',
  'resources',
  'components',
  'crds',
  'bases',
  'configMapGenerator',
  'secretGenerator',
  'helmGlobals',
  'helmCharts',
  'helmChartInflationGenerator',
  'generatorOptions',
  'configurations',
  'generators',
  'transformers',
  'validators',
  'buildMetadata',
] as const;

const CANONICAL = new Map<string, string>(KNOWN_FIELDS.map((f) => [f.toLowerCase(), f]));

/** Fields that need a program Capstan never runs (helm), refused with the reason. */
const REFUSED_FIELDS: Record<string, string> = {
  helmGlobals: 'Helm charts need the helm binary, which Capstan does not run',
  helmCharts: 'Helm charts need the helm binary, which Capstan does not run',
  helmChartInflationGenerator: 'Helm charts need the helm binary, which Capstan does not run',
};

/**
 * Normalises a parsed kustomization file. Field names match case-insensitively, as with
 * Kustomize's JSON decoding; unknown fields are an error naming the field.
 */
export function normalizeKustomization(raw: unknown, file: string): Kustomization {
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RenderError(file, 'a kustomization must be a YAML mapping');
  }
  const fields: KObject = {};
  for (const [key, value] of Object.entries(raw as KObject)) {
    const canonical = CANONICAL.get(key.toLowerCase());
    if (!canonical)
      throw new RenderError(file, `invalid Kustomization: json: unknown field "${key}"`);
    const refusal = REFUSED_FIELDS[canonical];
    if (refusal && value !== null && value !== undefined)
      throw new RenderError(file, `${canonical}: ${refusal}`);
    const schema = KUSTOMIZATION_FIELD_SCHEMAS[canonical];
    fields[canonical] = schema ? canonicalizeField(value, schema, canonical, file) : value;
  }
  return buildKustomization(fields, file);
}

function buildKustomization(f: KObject, file: string): Kustomization {
  const kind =
    f['kind'] === undefined || f['kind'] === '' ? 'Kustomization' : scalarText(f['kind']);
  if (kind !== 'Kustomization' && kind !== 'Component') {
    throw new RenderError(file, `kind must be Kustomization or Component, not "${kind}"`);
  }
  const requiredVersion =
    kind === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1';
  const apiVersion =
    typeof f['apiVersion'] === 'string' && f['apiVersion'] !== ''
      ? f['apiVersion']
      : requiredVersion;
  if (apiVersion !== requiredVersion) {
    throw new RenderError(file, `apiVersion for ${kind} should be ${requiredVersion}`);
  }
  const k: Kustomization = {
    apiVersion,
    kind,
    labels: list<LabelEntry>(f, 'labels', file),
    patchesStrategicMerge: stringList(f, 'patchesStrategicMerge', file),
    patchesJson6902: list<Json6902Entry>(f, 'patchesJson6902', file),
    patches: list<PatchEntry>(f, 'patches', file),
    images: [...list<ImageEntry>(f, 'images', file), ...list<ImageEntry>(f, 'imageTags', file)],
    replacements: list<KObject>(f, 'replacements', file),
    replicas: list<{ name: string; count: number }>(f, 'replicas', file),
    vars: list<KObject>(f, 'vars', file),
    resources: [...stringList(f, 'resources', file), ...stringList(f, 'bases', file)],
    components: stringList(f, 'components', file),
    crds: stringList(f, 'crds', file),
    configMapGenerator: list<GeneratorArgs>(f, 'configMapGenerator', file).map(foldEnvSource),
    secretGenerator: list<GeneratorArgs>(f, 'secretGenerator', file).map(foldEnvSource),
    configurations: stringList(f, 'configurations', file),
    generators: stringList(f, 'generators', file),
    transformers: stringList(f, 'transformers', file),
    validators: stringList(f, 'validators', file),
    buildMetadata: stringList(f, 'buildMetadata', file),
  };
  assignOptional(k, f, file);
  return k;
}

function assignOptional(k: Kustomization, f: KObject, file: string): void {
  if (isMap(f['metadata'])) k.metadata = f['metadata'];
  if (isMap(f['openapi'])) k.openapi = f['openapi'] as Record<string, string>;
  for (const key of ['namePrefix', 'nameSuffix', 'namespace'] as const) {
    const value = f[key];
    if (value !== undefined && value !== null) k[key] = scalarText(value);
  }
  for (const key of ['commonLabels', 'commonAnnotations'] as const) {
    const value = f[key];
    if (value === undefined || value === null) continue;
    if (!isMap(value)) throw new RenderError(file, `${key} must be a map of strings`);
    k[key] = stringifyValues(value);
  }
  if (isMap(f['generatorOptions'])) k.generatorOptions = f['generatorOptions'];
  if (isMap(f['sortOptions'])) k.sortOptions = f['sortOptions'];
}

function foldEnvSource(args: GeneratorArgs & { env?: string }): GeneratorArgs {
  if (!args.env) return args;
  const { env, ...rest } = args;
  return { ...rest, envs: [...(rest.envs ?? []), env] };
}

function list<T>(f: KObject, key: string, file: string): T[] {
  const value = f[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RenderError(file, `${key} must be a list`);
  return value as T[];
}

function stringList(f: KObject, key: string, file: string): string[] {
  return list<unknown>(f, key, file).map((item) => {
    if (typeof item !== 'string') throw new RenderError(file, `${key} must be a list of strings`);
    return item;
  });
}

function stringifyValues(map: KObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map))
    out[key] = value === null ? '' : scalarText(value);
  return out;
}

/** The text of a YAML scalar; structures are shown as JSON rather than "[object Object]". */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

export function isMap(value: unknown): value is KObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
