import { RenderError } from '../../model/index.js';
import type { KObject } from './res-id.js';

/**
 * The nested field names Kustomize's strict JSON decoding of a kustomization accepts.
 * A string array lists a struct's fields; a nested object maps a field to the schema
 * of its value (`list:` for lists of structs, `map` for free-form maps, `any` for
 * values left unchecked).
 */
type FieldSchema =
  'scalar' | 'any' | 'map' | { struct: Record<string, FieldSchema> } | { list: FieldSchema };

const scalar = 'scalar' as const;
const struct = (fields: Record<string, FieldSchema>): FieldSchema => ({ struct: fields });
const listOf = (item: FieldSchema): FieldSchema => ({ list: item });

const FIELD_SPEC = struct({
  group: scalar,
  version: scalar,
  kind: scalar,
  path: scalar,
  create: scalar,
});
const SELECTOR = struct({
  group: scalar,
  version: scalar,
  kind: scalar,
  name: scalar,
  namespace: scalar,
  labelSelector: scalar,
  annotationSelector: scalar,
});
const GENERATOR_OPTIONS = struct({
  labels: 'map',
  annotations: 'map',
  disableNameSuffixHash: scalar,
  immutable: scalar,
});
const GENERATOR = struct({
  name: scalar,
  namespace: scalar,
  behavior: scalar,
  literals: listOf(scalar),
  files: listOf(scalar),
  envs: listOf(scalar),
  env: scalar,
  type: scalar,
  options: GENERATOR_OPTIONS,
  kvSources: 'any',
});
const TARGET_OPTIONS = struct({ delimiter: scalar, index: scalar, create: scalar });
const REPLACEMENT_SOURCE = struct({
  group: scalar,
  version: scalar,
  kind: scalar,
  name: scalar,
  namespace: scalar,
  fieldPath: scalar,
  options: TARGET_OPTIONS,
});
const REPLACEMENT_TARGET = struct({
  select: SELECTOR,
  reject: listOf(SELECTOR),
  fieldPaths: listOf(scalar),
  options: TARGET_OPTIONS,
});

/** Schemas of the top-level fields whose values are structured. */
export const KUSTOMIZATION_FIELD_SCHEMAS: Record<string, FieldSchema> = {
  labels: listOf(
    struct({
      pairs: 'map',
      includeSelectors: scalar,
      includeTemplates: scalar,
      fields: listOf(FIELD_SPEC),
    }),
  ),
  images: listOf(
    struct({ name: scalar, newName: scalar, newTag: scalar, digest: scalar, tagSuffix: scalar }),
  ),
  imageTags: listOf(
    struct({ name: scalar, newName: scalar, newTag: scalar, digest: scalar, tagSuffix: scalar }),
  ),
  replicas: listOf(struct({ name: scalar, count: scalar })),
  patches: listOf(struct({ path: scalar, patch: scalar, target: SELECTOR, options: 'map' })),
  patchesJson6902: listOf(struct({ target: SELECTOR, path: scalar, patch: scalar })),
  configMapGenerator: listOf(GENERATOR),
  secretGenerator: listOf(GENERATOR),
  generatorOptions: GENERATOR_OPTIONS,
  sortOptions: struct({
    order: scalar,
    legacySortOptions: struct({ orderFirst: listOf(scalar), orderLast: listOf(scalar) }),
  }),
  replacements: listOf(
    struct({ path: scalar, source: REPLACEMENT_SOURCE, targets: listOf(REPLACEMENT_TARGET) }),
  ),
  vars: listOf(
    struct({
      name: scalar,
      objref: struct({
        kind: scalar,
        name: scalar,
        namespace: scalar,
        apiVersion: scalar,
        group: scalar,
        version: scalar,
        uid: scalar,
        resourceVersion: scalar,
        fieldPath: scalar,
      }),
      fieldref: struct({ fieldpath: scalar }),
    }),
  ),
  openapi: 'map',
};

/**
 * Checks `value` against `schema`, renaming fields to their canonical spelling (Go's JSON
 * decoding matches names case-insensitively) and refusing unknown fields with the
 * message Kustomize prints.
 */
export function canonicalizeField(
  value: unknown,
  schema: FieldSchema,
  path: string,
  file: string,
): unknown {
  if (
    value === null ||
    value === undefined ||
    schema === 'any' ||
    schema === 'map' ||
    schema === 'scalar'
  )
    return value;
  if ('list' in schema) {
    if (!Array.isArray(value)) return value;
    return value.map((item, i) =>
      canonicalizeField(item, schema.list, `${path}[${String(i)}]`, file),
    );
  }
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const known = new Map(Object.keys(schema.struct).map((name) => [name.toLowerCase(), name]));
  const out: KObject = {};
  for (const [key, inner] of Object.entries(value as KObject)) {
    const canonical = known.get(key.toLowerCase());
    if (!canonical)
      throw new RenderError(file, `invalid Kustomization: json: unknown field "${key}"`);
    out[canonical] = canonicalizeField(
      inner,
      schema.struct[canonical] ?? 'any',
      `${path}.${canonical}`,
      file,
    );
  }
  return out;
}
