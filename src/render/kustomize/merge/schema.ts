/**
 * The OpenAPI knowledge the strategic merge walker uses, in the compact form that
 * scripts/kustomize-tables (`merge-schema`) generates from kyaml's embedded Kubernetes
 * schema: a schema node is either 0 (present, but nothing the walker reads) or an object
 * with a `$ref` target (r), properties (p), additionalProperties (a), array items (i),
 * patch strategy (s) with merge keys (k), and the group/version/kinds it describes (g).
 */
export type SchemaNode = 0 | SchemaObject;

export interface SchemaObject {
  r?: string;
  p?: Record<string, SchemaNode>;
  a?: SchemaNode;
  i?: SchemaNode;
  s?: string;
  k?: string[];
  g?: string[];
}

export interface PatchStrategy {
  strategy: string;
  keys: string[];
}

/** kyaml follows $ref chains without a bound; a cycle there would hang it, here it ends. */
const MAX_REF_DEPTH = 64;

/**
 * A set of named definitions plus the index from `apiVersion|kind` to the definition
 * describing that type — what kyaml's global schema holds. Definitions added later
 * replace earlier ones of the same name, as kyaml's AddDefinitions does.
 */
export class SchemaSet {
  private readonly definitions = new Map<string, SchemaNode>();
  private readonly byType = new Map<string, SchemaNode>();

  /** A set holding the same definitions, to add to without changing this one. */
  copy(): SchemaSet {
    const copy = new SchemaSet();
    for (const [name, node] of this.definitions) copy.definitions.set(name, node);
    for (const [type, node] of this.byType) copy.byType.set(type, node);
    return copy;
  }

  addDefinitions(definitions: Readonly<Record<string, SchemaNode>>): void {
    for (const [name, node] of Object.entries(definitions)) {
      this.definitions.set(name, node);
      if (node === 0) continue;
      for (const type of node.g ?? []) this.byType.set(type, node);
    }
  }

  /** The schema of a resource type, or undefined when the set does not know it. */
  forType(apiVersion: string, kind: string): SchemaNode | undefined {
    const node = this.byType.get(`${apiVersion}|${kind}`);
    return node === undefined ? undefined : this.resolve(node);
  }

  /** Follows `$ref`s; undefined when a reference does not resolve. */
  resolve(node: SchemaNode): SchemaNode | undefined {
    let current: SchemaNode | undefined = node;
    for (
      let depth = 0;
      current !== undefined && current !== 0 && current.r !== undefined;
      depth++
    ) {
      if (depth >= MAX_REF_DEPTH) return undefined;
      current = this.definitions.get(current.r);
    }
    return current;
  }

  /** The schema of one field of a map: a declared property, else the map-value schema. */
  field(node: SchemaNode, name: string): SchemaNode | undefined {
    if (node === 0) return undefined;
    const props = node.p;
    if (props !== undefined && Object.hasOwn(props, name)) {
      const prop = props[name];
      return prop === undefined ? undefined : this.resolve(prop);
    }
    return node.a === undefined ? undefined : this.resolve(node.a);
  }

  /** The schema of the elements of an array. */
  elements(node: SchemaNode): SchemaNode | undefined {
    if (node === 0 || node.i === undefined) return undefined;
    return this.resolve(node.i);
  }
}

/** x-kubernetes-patch-strategy and its merge keys ('' and [] when there is none). */
export function patchStrategyOf(node: SchemaNode): PatchStrategy {
  if (node === 0 || node.s === undefined) return { strategy: '', keys: [] };
  return { strategy: node.s, keys: node.k ?? [] };
}

/** Whether a list with this schema merges element by element rather than being replaced. */
export function hasMergeStrategy(node: SchemaNode): boolean {
  return node !== 0 && node.s !== undefined && node.s.split(',').includes('merge');
}
