import defaults from './generated/default-field-specs.json' with { type: 'json' };
import { RenderError } from '../../model/index.js';
import type { FieldSpec } from './kustomization.js';
import { LEGACY_ORDER_FIRST, LEGACY_ORDER_LAST } from './sort.js';

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

let memoizedDefaults: TransformerConfig | undefined;

/**
 * Kustomize v5.5.0's defaults, sorted as it sorts them when it loads them. Computed once
 * per process; configs are never changed in place (merging returns a new one), so every
 * build can share it.
 */
export function defaultTransformerConfig(): TransformerConfig {
  memoizedDefaults ??= mergeTransformerConfig(
    emptyTransformerConfig(),
    structuredClone(defaults as Partial<TransformerConfig>),
  );
  return memoizedDefaults;
}

function isEmptyConfig(config: Partial<TransformerConfig>): boolean {
  return TRANSFORMER_CONFIG_SECTIONS.every((section) => (config[section]?.length ?? 0) === 0);
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

/** Kustomize's selection rule: empty selector fields are wildcards. */
function isSelectedBy(spec: FieldSpec, selector: FieldSpec): boolean {
  return (
    (!selector.group || selector.group === (spec.group ?? '')) &&
    (!selector.version || selector.version === (spec.version ?? '')) &&
    (!selector.kind || selector.kind === (spec.kind ?? ''))
  );
}

/**
 * Adds `incoming` the way Kustomize's FsSlice.MergeOne does: a spec is dropped when one
 * already present has the same path and is selected by it (equal or more specific), and
 * two such specs that disagree on `create` are an error.
 */
function mergeFieldSpecs(base: readonly FieldSpec[], incoming: readonly FieldSpec[]): FieldSpec[] {
  const result = [...base];
  for (const spec of incoming) {
    const existing = result.find((s) => s.path === spec.path && isSelectedBy(s, spec));
    if (!existing) result.push({ ...spec });
    else if ((existing.create ?? false) !== (spec.create ?? false)) {
      throw new RenderError('', `conflicting fieldspecs for path ${spec.path}`);
    }
  }
  return result;
}

function gvkRank(kind: string | undefined): number {
  const first = LEGACY_ORDER_FIRST.indexOf(kind ?? '');
  if (first >= 0) return first - LEGACY_ORDER_FIRST.length;
  const last = LEGACY_ORDER_LAST.indexOf(kind ?? '');
  return last >= 0 ? last + 1 : 0;
}

function gvkSortString(g: { group?: string; version?: string; kind?: string }): string {
  return [g.group || '~G', g.version || '~V', g.kind || '~K'].join('_');
}

/** Orders by Kustomize's Gvk.IsLessThan: kind rank, then group_version_kind with blanks last. */
function byGvk(a: { group?: string; version?: string; kind?: string }, b: typeof a): number {
  const rank = gvkRank(a.kind) - gvkRank(b.kind);
  if (rank !== 0) return rank;
  const x = gvkSortString(a);
  const y = gvkSortString(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sameGvk(a: NameBackReference, b: NameBackReference): boolean {
  return (
    (a.group ?? '') === (b.group ?? '') &&
    (a.version ?? '') === (b.version ?? '') &&
    a.kind === b.kind
  );
}

/**
 * Kustomize's TransformerConfig.Merge: every section merged by the rules above, name
 * references grouped by exact GVK, then each section sorted by GVK. Returns a new config.
 */
export function mergeTransformerConfig(
  base: TransformerConfig,
  incoming: Partial<TransformerConfig>,
): TransformerConfig {
  // A merged config is already deduplicated and sorted, so merging it into itself, into
  // nothing, or nothing into it changes nothing: most kustomizations hit these cases.
  if (incoming === base || isEmptyConfig(incoming)) return base;
  if (memoizedDefaults !== undefined && incoming === memoizedDefaults && isEmptyConfig(base))
    return memoizedDefaults;
  const merged = emptyTransformerConfig();
  for (const section of TRANSFORMER_CONFIG_SECTIONS) {
    if (section === 'nameReference') continue;
    merged[section] = mergeFieldSpecs(base[section], incoming[section] ?? []).sort(byGvk);
  }
  const refs = base.nameReference.map((r) => ({ ...r, fieldSpecs: [...r.fieldSpecs] }));
  for (const ref of incoming.nameReference ?? []) {
    const existing = refs.find((r) => sameGvk(r, ref));
    if (existing) existing.fieldSpecs = mergeFieldSpecs(existing.fieldSpecs, ref.fieldSpecs);
    else refs.push({ ...ref, fieldSpecs: mergeFieldSpecs([], ref.fieldSpecs) });
  }
  merged.nameReference = refs.sort(byGvk);
  return merged;
}
