import type { Accumulator } from './accumulator.js';
import { recordTransformation } from './build-metadata.js';
import { syncLinkedFields } from './linked-fields.js';
import { applyImage } from './filters/images.js';
import { applyMapEntries } from './filters/metadata-map.js';
import { applyNameAffix } from './filters/name-affix.js';
import { applyNamespace } from './filters/namespace.js';
import { applyReplicas } from './filters/replicas.js';
import type { FieldSpec, Kustomization, LabelEntry } from './kustomization.js';
import type { KustLoader } from './loader.js';
import { applyPatches, applyPatchesJson6902, applyPatchesStrategicMerge } from './patches/index.js';
import { applyReplacements } from './references/index.js';
import type { TransformerConfig } from './transformer-config.js';

/**
 * Runs the kustomization's own transforms in Kustomize v5.5.0's fixed order. Each
 * configured transformer is recorded on every resource (for buildMetadata), as
 * Kustomize records it whether or not it changed that resource.
 */
export async function runBuiltinTransformers(
  acc: Accumulator,
  k: Kustomization,
  loader: KustLoader,
  configuredIn: string,
): Promise<void> {
  const { resmap, config } = acc;
  const ran = (kind: string): void => {
    syncLinkedFields(resmap.resources());
    recordTransformation(
      resmap.resources(),
      { configuredIn, configuredBy: { apiVersion: 'builtin', kind } },
      loader.context.recordTransformations,
    );
  };
  if (k.patchesStrategicMerge.length > 0) {
    await applyPatchesStrategicMerge(resmap, k.patchesStrategicMerge, loader);
    ran('PatchStrategicMergeTransformer');
  }
  await applyPatches(resmap, k.patches, loader, () => {
    ran('PatchTransformer');
  });
  if (k.namespace) {
    applyNamespace(resmap, { namespace: k.namespace, fieldSpecs: config.namespace });
    ran('NamespaceTransformer');
  }
  if (k.namePrefix) {
    applyNameAffix(resmap, { prefix: k.namePrefix }, config.namePrefix);
    ran('PrefixTransformer');
  }
  if (k.nameSuffix) {
    applyNameAffix(resmap, { suffix: k.nameSuffix }, config.nameSuffix);
    ran('SuffixTransformer');
  }
  if (k.labels.length > 0 || k.commonLabels) {
    for (const label of k.labels) {
      applyMapEntries(resmap, label.pairs, labelFieldSpecs(label, config));
      ran('LabelTransformer');
    }
    applyMapEntries(resmap, k.commonLabels ?? {}, config.commonLabels);
    ran('LabelTransformer');
  }
  if (k.commonAnnotations && Object.keys(k.commonAnnotations).length > 0) {
    applyMapEntries(resmap, k.commonAnnotations, config.commonAnnotations);
    ran('AnnotationsTransformer');
  }
  await applyPatchesJson6902(resmap, k.patchesJson6902, loader, () => {
    ran('PatchJson6902Transformer');
  });
  for (const replica of k.replicas) {
    applyReplicas(resmap, replica, config.replicas, loader.context.display(loader.root));
    ran('ReplicaCountTransformer');
  }
  for (const image of k.images) {
    applyImage(resmap, image, config.images);
    ran('ImageTagTransformer');
  }
  if (k.replacements.length > 0) {
    await applyReplacements(resmap, k.replacements, loader);
    ran('ReplacementTransformer');
  }
}

/** The fields a `labels` entry writes, per its includeSelectors / includeTemplates flags. */
export function labelFieldSpecs(label: LabelEntry, config: TransformerConfig): FieldSpec[] {
  const specs: FieldSpec[] = [...(label.fields ?? []), ...config.labels];
  if (label.includeSelectors === true) specs.push(...config.commonLabels);
  else {
    if (label.includeTemplates === true) specs.push(...config.templateLabels);
    specs.push({ path: 'metadata/labels', create: true });
  }
  return dedupeFieldSpecs(specs);
}

function dedupeFieldSpecs(specs: FieldSpec[]): FieldSpec[] {
  const seen = new Map<string, FieldSpec>();
  for (const spec of specs) {
    const key = `${spec.group ?? ''}|${spec.version ?? ''}|${spec.kind ?? ''}|${spec.path}`;
    const existing = seen.get(key);
    if (!existing) seen.set(key, { ...spec });
    else if (spec.create === true) existing.create = true;
  }
  return [...seen.values()];
}
