/**
 * references — everything that rewrites one resource's fields from another's: name
 * references fixed after renames (nameReference field specs), vars, replacements, and
 * the extra field specs that `crds` files declare. Behaviour follows Kustomize v5.5.0
 * (api/filters/nameref, refvar, replacement; internal/accumulator), error cases included.
 *
 *   fixNameReferences(resmap, config)          referrer fields ← new names of their referrals
 *   mergeVars(acc, vars, file)                 ties a kustomization's vars to their objects
 *   resolveVars(resmap, vars, config)          $(VAR) in varReference fields ← var values
 *   applyReplacements(resmap, entries, loader) one kustomization's `replacements`
 *   loadCrdConfig(files, loader)               field specs declared by `crds` files
 *
 * Pure: reads only through the KustLoader it is given; indexes resources by name once
 * per pass instead of scanning the build for each field.
 */
import type { KustLoader } from '../loader.js';
import type { KObject } from '../res-id.js';
import type { ResMap } from '../res-map.js';
import type { TransformerConfig } from '../transformer-config.js';
import { readCrdConfig } from './crd-config.js';
import { fixAllNameReferences } from './name-references.js';
import { runReplacements } from './replacements.js';
import { resolveAllVars } from './vars.js';

export { mergeVars } from './vars.js';

/** Rewrites every reference to a renamed resource (ConfigMap in a Deployment, …). */
export function fixNameReferences(resmap: ResMap, config: TransformerConfig): void {
  fixAllNameReferences(resmap, config);
}

/** Replaces $(VAR) in the varReference fields with the values the vars point at. */
export function resolveVars(
  resmap: ResMap,
  vars: readonly KObject[],
  config: TransformerConfig,
): void {
  resolveAllVars(resmap, vars, config);
}

/** Runs the `replacements` of one kustomization (inline entries or `path:` files). */
export function applyReplacements(
  resmap: ResMap,
  entries: readonly KObject[],
  loader: KustLoader,
): Promise<void> {
  return runReplacements(resmap, entries, loader);
}

/** Field specs declared by the CRD files listed under `crds`. */
export function loadCrdConfig(
  files: readonly string[],
  loader: KustLoader,
): Promise<Partial<TransformerConfig>> {
  return readCrdConfig(files, loader);
}
