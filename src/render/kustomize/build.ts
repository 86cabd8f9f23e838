import { RenderError, type FileSource } from '../../model/index.js';
import { applyKustomizeOverrides, type KustomizeOverrides } from './overrides.js';
import { writeBuildMetadata } from './build-metadata.js';
import { syncLinkedFields } from './linked-fields.js';
import { addHashSuffixes } from './generators/index.js';
import { isMap, scalarText } from './kustomization.js';
import { KustLoader, type LoadRestriction, type LoaderContext } from './loader.js';
import type { KObject } from './res-id.js';
import { fixNameReferences, resolveVars } from './references/index.js';
import type { Resource } from './resource.js';
import { sortResources } from './sort.js';
import { accumulateTarget, loadKustomization } from './target.js';

export interface KustomizeBuildOptions {
  loadRestriction: LoadRestriction;
  /** Adds `app.kubernetes.io/managed-by` as `kustomize build --enable-managedby-label` does. */
  enableManagedByLabel: boolean;
  /** Value of that label; kubectl's embedded Kustomize reports `kustomize-(devel)`. */
  managedByValue: string;
  /** How paths appear in messages. */
  display: (path: string) => string;
  /** An Application's spec.source.kustomize, applied to the top kustomization. */
  overrides?: KustomizeOverrides;
}

export const DEFAULT_KUSTOMIZE_BUILD_OPTIONS: KustomizeBuildOptions = {
  loadRestriction: 'LoadRestrictionsRootOnly',
  enableManagedByLabel: false,
  managedByValue: 'kustomize-(devel)',
  display: (path) => path,
};

const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';

/**
 * Kustomize rewrites every resource's annotations when it strips its build annotations:
 * values come back as strings (`8080` → "8080", null → "null") and an empty map
 * disappears. Labels are left as written.
 */
function rewriteAnnotations(resource: Resource): void {
  const metadata = resource.metadata();
  const annotations = metadata['annotations'];
  if (annotations === null || (isMap(annotations) && Object.keys(annotations).length === 0)) {
    delete metadata['annotations'];
    return;
  }
  if (!isMap(annotations)) return;
  for (const [key, value] of Object.entries(annotations)) {
    const source = resource.annotationSourceText?.get(key);
    if (source !== undefined && source.parsed === value) annotations[key] = source.text;
    else if (typeof value !== 'string')
      annotations[key] = value === null ? 'null' : scalarText(value);
  }
}

/**
 * Builds the kustomization in `dir` of `source` into the objects `kustomize build` would
 * print, in the same order. Throws RenderError naming the file at fault.
 */
export async function buildKustomization(
  source: FileSource,
  dir: string,
  options: Partial<KustomizeBuildOptions> = {},
): Promise<KObject[]> {
  const opts = { ...DEFAULT_KUSTOMIZE_BUILD_OPTIONS, ...options };
  const context: LoaderContext = {
    source,
    restriction: opts.loadRestriction,
    display: opts.display,
  };
  const loader = new KustLoader(context, dir);
  const stat = await source.stat(dir);
  if (stat?.kind !== 'directory') {
    throw new RenderError(opts.display(dir), stat ? 'not a directory' : 'no such directory');
  }
  const loaded = await loadKustomization(loader);
  const overrides = opts.overrides;
  const kustomization = overrides
    ? applyKustomizeOverrides(loaded.kustomization, overrides)
    : loaded.kustomization;
  const file = loaded.file;
  // Transformer history is only kept when the top kustomization asks to print it.
  context.recordTransformations = ['originAnnotations', 'transformerAnnotations'].some((option) =>
    kustomization.buildMetadata.includes(option),
  );
  const acc = await accumulateTarget(
    loader,
    undefined,
    'top',
    '',
    overrides ? (k) => applyKustomizeOverrides(k, overrides) : undefined,
  );
  // Hashes are computed only now, from the final content of each generated object.
  addHashSuffixes(acc.resmap);
  fixNameReferences(acc.resmap, acc.config);
  resolveVars(acc.resmap, acc.vars, acc.config);
  acc.resmap.retain((r) => {
    const flag = r.stringMap('annotations')[LOCAL_CONFIG_ANNOTATION];
    return flag === undefined || flag === 'false';
  });
  const sorted = sortResources(acc.resmap.resources(), kustomization.sortOptions, file);
  const managedBy =
    opts.enableManagedByLabel || kustomization.buildMetadata.includes('managedByLabel');
  const metadata = {
    origin: kustomization.buildMetadata.includes('originAnnotations'),
    transformations: kustomization.buildMetadata.includes('transformerAnnotations'),
  };
  for (const resource of sorted) {
    rewriteAnnotations(resource);
    writeBuildMetadata(resource, metadata);
    if (managedBy) {
      const labels = (resource.metadata()['labels'] ??= {}) as Record<string, string>;
      labels['app.kubernetes.io/managed-by'] = opts.managedByValue;
    }
  }
  syncLinkedFields(sorted);
  return sorted.map((resource) => resource.obj);
}
