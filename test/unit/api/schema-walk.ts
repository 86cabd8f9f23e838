/**
 * Just enough of a structural-schema reader for the CRD tests: compare a value with an
 * openAPIV3Schema, list structural-schema mistakes, find the CEL rules. CEL itself is not
 * evaluated here; its regexes are checked in JavaScript by the tests.
 */

export interface CelRule {
  readonly rule: string;
  readonly message?: string;
}

export interface SchemaNode {
  readonly type?: string;
  readonly format?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly SchemaNode[];
  readonly maxItems?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly minimum?: number;
  readonly default?: unknown;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-validations'?: readonly CelRule[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A schema node that accepts anything below it. */
export function isOpaque(node: SchemaNode): boolean {
  return node['x-kubernetes-preserve-unknown-fields'] === true && node.properties === undefined;
}

function checkScalar(value: unknown, node: SchemaNode, path: string, problems: string[]): void {
  if (node['x-kubernetes-int-or-string'] === true) {
    if (!Number.isInteger(value) && typeof value !== 'string')
      problems.push(`${path}: not int-or-string`);
    return;
  }
  const fits =
    (node.type === 'string' && typeof value === 'string') ||
    (node.type === 'boolean' && typeof value === 'boolean') ||
    (node.type === 'integer' && Number.isInteger(value));
  if (!fits) problems.push(`${path}: ${JSON.stringify(value)} is not of type ${String(node.type)}`);
  if (node.enum !== undefined && !node.enum.includes(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${node.enum.join(', ')}`);
  }
}

export interface CompareOptions {
  /** Every schema property must be present in the value (for a complete, all-fields object). */
  readonly exhaustive: boolean;
}

function compareObject(
  value: Record<string, unknown>,
  node: SchemaNode,
  path: string,
  options: CompareOptions,
  problems: string[],
): void {
  const properties = node.properties ?? {};
  for (const [key, item] of Object.entries(value)) {
    const child = properties[key];
    if (child !== undefined) compareWithSchema(item, child, join(path, key), options, problems);
    else if (isRecord(node.additionalProperties)) {
      compareWithSchema(item, node.additionalProperties, join(path, key), options, problems);
    } else problems.push(`${join(path, key)}: in the value, not in the CRD schema`);
  }
  const expected = options.exhaustive ? Object.keys(properties) : (node.required ?? []);
  for (const key of expected) {
    if (!(key in value)) problems.push(`${join(path, key)}: in the CRD schema, not in the value`);
  }
}

/** Lists every way `value` does not fit `node` (see CompareOptions). */
export function compareWithSchema(
  value: unknown,
  node: SchemaNode,
  path: string,
  options: CompareOptions,
  problems: string[] = [],
): string[] {
  if (isOpaque(node)) {
    if (!isRecord(value)) problems.push(`${path}: not an object`);
  } else if (node.type === 'object') {
    if (isRecord(value)) compareObject(value, node, path, options, problems);
    else problems.push(`${path}: not an object`);
  } else if (node.type === 'array') {
    if (!Array.isArray(value)) problems.push(`${path}: not a list`);
    else if (options.exhaustive && value.length === 0)
      problems.push(`${path}: empty, items unchecked`);
    else
      value.forEach((item: unknown, i) => {
        compareWithSchema(item, node.items ?? {}, `${path}[${String(i)}]`, options, problems);
      });
  } else checkScalar(value, node, path, problems);
  return problems;
}

export interface VisitedNode {
  readonly node: SchemaNode;
  /** Field path; list items share the path of their list. */
  readonly path: string;
  /** The lists above this node, outermost first. */
  readonly lists: readonly SchemaNode[];
}

/** Every schema node, depth first. */
export function visitSchema(
  root: SchemaNode,
  path = '',
  lists: readonly SchemaNode[] = [],
): VisitedNode[] {
  const visited: VisitedNode[] = [{ node: root, path, lists }];
  for (const [key, child] of Object.entries(root.properties ?? {})) {
    visited.push(...visitSchema(child, join(path, key), lists));
  }
  if (isRecord(root.additionalProperties)) {
    visited.push(...visitSchema(root.additionalProperties, `${path}.*`, lists));
  }
  if (root.items !== undefined) visited.push(...visitSchema(root.items, path, [...lists, root]));
  return visited;
}

/** Mistakes that make the apiserver refuse a schema as non-structural, as far as we can tell. */
export function listStructuralProblems(root: SchemaNode): string[] {
  const problems: string[] = [];
  for (const { node, path } of visitSchema(root)) {
    const at = path === '' ? '(root)' : path;
    const intOrString = node['x-kubernetes-int-or-string'] === true;
    if (node.type === undefined && !intOrString) problems.push(`${at}: no type`);
    if (intOrString && node.type !== undefined) problems.push(`${at}: int-or-string with a type`);
    if (node.anyOf !== undefined && !intOrString)
      problems.push(`${at}: anyOf outside int-or-string`);
    if (node.properties !== undefined && node.additionalProperties !== undefined) {
      problems.push(`${at}: properties and additionalProperties together`);
    }
    if (node.type === 'array' && node.items === undefined)
      problems.push(`${at}: array without items`);
    if (node['x-kubernetes-preserve-unknown-fields'] === true && node.type !== 'object') {
      problems.push(`${at}: preserve-unknown-fields on a non-object`);
    }
    for (const key of node.required ?? []) {
      if (node.properties?.[key] === undefined) problems.push(`${at}: requires unknown ${key}`);
    }
  }
  return problems;
}
