import { walkAssociativeList, walkListDest } from './associative-list.js';
import { applyDirective, takeDirectiveLeniently } from './directive.js';
import {
  assertNodeKind,
  isMap,
  isMissingOrNull,
  KEEP_NULL,
  kindOf,
  type NodeKind,
  type Walked,
} from './nodes.js';
import { hasMergeStrategy, type SchemaNode, type SchemaSet } from './schema.js';

/**
 * One step of kyaml's merge2 walker over two sources, [dest, patch]: decides the result
 * node for this position from the node kinds, the `$patch` directives and the schema,
 * then recurses into map fields and keyed list elements. Nodes are merged in place:
 * the result is usually `dest` itself, mutated, or a node taken from the patch.
 * Returns undefined (or null) when the position must be cleared.
 */
export function walkNodes(
  schemas: SchemaSet,
  sources: Walked[],
  schema: SchemaNode | undefined,
): Walked {
  if (sources.length === 2 && sources[1] === undefined)
    return walkDest(schemas, sources[0], schema);
  const resolved = schema ?? schemaFromSources(schemas, sources);
  const kind = firstKind(sources);
  switch (kind) {
    case 'MappingNode':
      for (const source of sources) assertNodeKind(source, 'MappingNode');
      return walkMap(schemas, sources, resolved);
    case 'SequenceNode':
      for (const source of sources) assertNodeKind(source, 'SequenceNode');
      if (resolved !== undefined && hasMergeStrategy(resolved))
        return walkAssociativeList(schemas, sources, resolved);
      return sources[1] !== undefined ? sources[1] : sources[0];
    case 'ScalarNode':
      for (const source of sources) assertNodeKind(source, 'ScalarNode');
      return sources[1] !== undefined ? sources[1] : sources[0];
    case undefined:
      return walkMap(schemas, sources, resolved);
  }
}

/**
 * walkNodes where the patch has nothing (most of a resource): the same result, reached
 * without building source lists. Keyed lists are rebuilt as the general walk would, which
 * leaves well-formed ones as they are (walkListDest).
 */
function walkDest(schemas: SchemaSet, dest: Walked, schema: SchemaNode | undefined): Walked {
  if (dest === undefined) return undefined;
  if (dest === null || dest === KEEP_NULL) return KEEP_NULL;
  if (Array.isArray(dest)) {
    return schema !== undefined && hasMergeStrategy(schema)
      ? walkListDest(schemas, dest, schema)
      : dest;
  }
  if (!isMap(dest)) return dest;
  const resolved = schema ?? schemaFromSources(schemas, [dest]);
  for (const name of Object.keys(dest)) {
    const fieldSchema = resolved === undefined ? undefined : schemas.field(resolved, name);
    setField(dest, name, walkDest(schemas, dest[name], fieldSchema));
  }
  return dest;
}

/** A node carrying apiVersion and kind brings its own type's schema (kyaml GetSchema). */
function schemaFromSources(schemas: SchemaSet, sources: readonly Walked[]): SchemaNode | undefined {
  for (const source of sources) {
    if (!isMap(source)) continue;
    const { apiVersion, kind } = source;
    if (
      typeof apiVersion !== 'string' ||
      typeof kind !== 'string' ||
      apiVersion === '' ||
      kind === ''
    )
      continue;
    const found = schemas.forType(apiVersion, kind);
    if (found !== undefined) return found;
  }
  return undefined;
}

function firstKind(sources: readonly Walked[]): NodeKind | undefined {
  const first = sources.find((source) => !isMissingOrNull(source));
  return first === undefined ? undefined : kindOf(first);
}

function walkMap(schemas: SchemaSet, sources: Walked[], schema: SchemaNode | undefined): Walked {
  const dest = visitMap(sources);
  if (dest === undefined) return undefined;
  sources[0] = dest;
  for (const name of fieldNamesOf(sources)) {
    const fieldSources = sources.map((source) =>
      isMap(source) && Object.hasOwn(source, name) ? source[name] : undefined,
    );
    const fieldSchema = schema === undefined ? undefined : schemas.field(schema, name);
    const value = walkNodes(schemas, fieldSources, fieldSchema);
    if (isMap(dest)) setField(dest, name, value);
  }
  return dest;
}

/** kyaml FieldSetter: clears the field for a missing or null value, keeps KEEP_NULL as null. */
function setField(map: Record<string, unknown>, name: string, value: Walked): void {
  if (value === undefined || value === null) Reflect.deleteProperty(map, name);
  else map[name] = value === KEEP_NULL ? null : value;
}

function visitMap(sources: readonly Walked[]): Walked {
  const [dest, patch] = sources;
  if (isMissingOrNull(dest)) {
    if (takeDirectiveLeniently(patch) === 'delete') return undefined;
    // a null the resource itself spells out survives a patch that does not mention it
    if (patch === undefined && dest !== undefined) return KEEP_NULL;
    return patch;
  }
  return applyDirective(dest, patch);
}

function fieldNamesOf(sources: readonly Walked[]): string[] {
  const names = new Set<string>();
  for (const source of sources) {
    if (isMap(source)) for (const name of Object.keys(source)) names.add(name);
  }
  return [...names];
}
