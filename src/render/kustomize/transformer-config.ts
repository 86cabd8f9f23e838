import defaults from './generated/default-field-specs.json' with { type: 'json' };
import type { FieldSpec } from './kustomization.js';

/** A kind that other resources refer to by name, and the fields that hold those names. */
export interface NameBackReference {
  group?: string;
  version?: string;
  kind: string;
  fieldSpecs: FieldSpec[];
}

/**
 * Which fields each built-in transform touches. Starts from Kustomize v5.5.0's defaults
 * (generated from its sources by scripts/kustomize-tables) and grows with the
 * `configurations` files and `crds` of each kustomization.
 */
export interface TransformerConfig {
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  namespace: FieldSpec[];
  commonLabels: FieldSpec[];
  /** Extra label fields from `configurations` files (Kustomize's `labels` section). */
  labels: FieldSpec[];
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  nameReference: NameBackReference[];
  varReference: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
}

export const TRANSFORMER_CONFIG_SECTIONS = [
  'namePrefix',
  'nameSuffix',
  'namespace',
  'commonLabels',
  'labels',
  'templateLabels',
  'commonAnnotations',
  'nameReference',
  'varReference',
  'images',
  'replicas',
] as const;

export function defaultTransformerConfig(): TransformerConfig {
  return {
    ...emptyTransformerConfig(),
    ...structuredClone(defaults as Partial<TransformerConfig>),
  };
}

export function emptyTransformerConfig(): TransformerConfig {
  return {
    namePrefix: [],
    nameSuffix: [],
    namespace: [],
    commonLabels: [],
    labels: [],
    templateLabels: [],
    commonAnnotations: [],
    nameReference: [],
    varReference: [],
    images: [],
    replicas: [],
  };
}

function sameFieldSpec(a: FieldSpec, b: FieldSpec): boolean {
  return (
    (a.group ?? '') === (b.group ?? '') &&
    (a.version ?? '') === (b.version ?? '') &&
    (a.kind ?? '') === (b.kind ?? '') &&
    a.path === b.path
  );
}

function mergeFieldSpecs(into: FieldSpec[], more: readonly FieldSpec[]): void {
  for (const spec of more) {
    const existing = into.find((s) => sameFieldSpec(s, spec));
    if (!existing) into.push({ ...spec });
    else if (spec.create === true) existing.create = true;
  }
}

/** Adds `more` to `into`, dropping duplicates, as Kustomize merges configurations. */
export function mergeTransformerConfig(
  into: TransformerConfig,
  more: Partial<TransformerConfig>,
): void {
  for (const section of TRANSFORMER_CONFIG_SECTIONS) {
    if (section === 'nameReference') continue;
    mergeFieldSpecs(into[section], more[section] ?? []);
  }
  for (const ref of more.nameReference ?? []) {
    const existing = into.nameReference.find(
      (r) =>
        r.kind === ref.kind &&
        (r.group ?? '') === (ref.group ?? '') &&
        (r.version ?? '') === (ref.version ?? ''),
    );
    if (existing) mergeFieldSpecs(existing.fieldSpecs, ref.fieldSpecs);
    else into.nameReference.push({ ...ref, fieldSpecs: ref.fieldSpecs.map((s) => ({ ...s })) });
  }
}
