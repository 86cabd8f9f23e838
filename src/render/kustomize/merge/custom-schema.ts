import type { SchemaNode, SchemaObject } from './schema.js';

/**
 * Reduces the `definitions` of an OpenAPI (swagger 2) document — a custom schema given
 * with `openapi: {path: ...}` — to the compact nodes the merge walker reads, following
 * the same rules as the generator of the built-in table: a `$ref` stands for the whole
 * schema; items count only when the type is exactly "array"; merge keys come from
 * x-kubernetes-list-map-keys, else x-kubernetes-patch-merge-key, and only with a strategy.
 * Throws an Error describing the first malformed part.
 */
export function compactDefinitions(document: unknown): Record<string, SchemaNode> {
  if (!isObject(document)) throw new Error('an OpenAPI document must be a mapping');
  const definitions = document['definitions'];
  if (definitions === undefined || definitions === null) return {};
  if (!isObject(definitions)) throw new Error('definitions must be a mapping');
  const out: Record<string, SchemaNode> = {};
  for (const [name, schema] of Object.entries(definitions)) {
    out[name] = compactSchemaNode(schema, name, true);
  }
  return out;
}

const REF_PREFIX = '#/definitions/';

function compactSchemaNode(schema: unknown, where: string, top: boolean): SchemaNode {
  if (!isObject(schema)) throw new Error(`${where}: a schema must be a mapping`);
  const ref = schema['$ref'];
  if (ref !== undefined) {
    if (typeof ref !== 'string') throw new Error(`${where}: $ref must be a string`);
    return { r: ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref };
  }
  const node: SchemaObject = {};
  addStructure(node, schema, where);
  addStrategy(node, schema, where);
  if (top) {
    const gvks = typesOf(schema['x-kubernetes-group-version-kind']);
    if (gvks.length > 0) node.g = gvks;
  }
  return Object.keys(node).length === 0 ? 0 : node;
}

function addStructure(node: SchemaObject, schema: Record<string, unknown>, where: string): void {
  const props = schema['properties'];
  if (props !== undefined && props !== null) {
    if (!isObject(props)) throw new Error(`${where}: properties must be a mapping`);
    const compact: Record<string, SchemaNode> = {};
    for (const [name, prop] of Object.entries(props))
      compact[name] = compactSchemaNode(prop, `${where}.${name}`, false);
    if (Object.keys(compact).length > 0) node.p = compact;
  }
  const additional = schema['additionalProperties'];
  if (isObject(additional)) node.a = compactSchemaNode(additional, `${where}[*]`, false);
  const type = schema['type'];
  const isArray =
    type === 'array' || (Array.isArray(type) && type.length === 1 && type[0] === 'array');
  const items = schema['items'];
  if (isArray && isObject(items)) node.i = compactSchemaNode(items, `${where}[]`, false);
}

function addStrategy(node: SchemaObject, schema: Record<string, unknown>, where: string): void {
  const strategy = schema['x-kubernetes-patch-strategy'];
  if (strategy === undefined) return;
  if (typeof strategy !== 'string')
    throw new Error(`${where}: x-kubernetes-patch-strategy must be a string`);
  node.s = strategy;
  const listKeys = schema['x-kubernetes-list-map-keys'];
  const mergeKey = schema['x-kubernetes-patch-merge-key'];
  if (Array.isArray(listKeys)) node.k = listKeys.map((k) => String(k));
  else if (typeof mergeKey === 'string') node.k = [mergeKey];
  else node.k = [];
}

function typesOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    if (!isObject(item)) continue;
    const version = typeof item['version'] === 'string' ? item['version'] : '';
    const kind = typeof item['kind'] === 'string' ? item['kind'] : '';
    const group = typeof item['group'] === 'string' ? item['group'] : '';
    out.push(`${group === '' ? version : `${group}/${version}`}|${kind}`);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
