/**
 * merge — strategic merge patches exactly as Kustomize v5.5.0 applies them (kyaml's merge2
 * walker, patch list elements first), driven by the OpenAPI data kyaml embeds (Kubernetes
 * v1.21.2, generated into generated/merge-schema.json) or by a kustomization's custom
 * `openapi:` schema.
 *
 *   mergeStrategicPatch(resource, patch, schemas) → merged object, or undefined if deleted
 *   configureOpenApi(loader, openapi)             → applies a kustomization's openapi field
 *   schemasFor(loader)                            → the schema set of that loader's build
 *
 * Pure: it mutates the objects it is given (the patch included, whose nodes may end up in
 * the result), so callers pass copies they own. It never reads anything but through the
 * loader. Merge failures throw MergeError; callers name the patch file.
 */
import { isMap, MergeError } from './nodes.js';
import type { SchemaSet } from './schema.js';
import { walkNodes } from './walk.js';

export { configureOpenApi, schemasFor } from './openapi-state.js';
export { KEEP_NULL, MergeError } from './nodes.js';
export { SchemaSet, type SchemaNode } from './schema.js';
export { compactDefinitions } from './custom-schema.js';

/**
 * Merges `patch` into `resource` (both are modified). Lists merge element-wise only where
 * the schema gives a merge strategy; `$patch: delete|replace|merge` directives apply on
 * maps and lists; a null in the patch clears the field. Other `$`-keys (e.g.
 * `$setElementOrder/…`, `$retainKeys`) are plain fields to Kustomize, and so here.
 */
export function mergeStrategicPatch(
  resource: Record<string, unknown>,
  patch: Record<string, unknown>,
  schemas: SchemaSet,
): Record<string, unknown> | undefined {
  const result = walkNodes(schemas, [resource, patch], undefined);
  if (result === undefined || result === null) return undefined;
  if (!isMap(result)) throw new MergeError('a strategic merge patch must leave a mapping');
  return result;
}
