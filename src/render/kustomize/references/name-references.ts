import { RenderError } from '../../../model/index.js';
import { visitFieldSpec } from '../field-spec.js';
import type { FieldSpec } from '../kustomization.js';
import { isMap } from '../kustomization.js';
import type { ResMap } from '../res-map.js';
import type { Resource } from '../resource.js';
import type { NameBackReference, TransformerConfig } from '../transformer-config.js';
import { formatResId } from './decode.js';
import {
  ReferralIndex,
  originalNamespaceOf,
  currentNamespaceOf,
  isClusterScoped,
  scopeOfReferrer,
} from './referral-index.js';
import { isScalar, textOfScalar } from './scalars.js';
import {
  isGvkSelected,
  selectReferral,
  type GvkPattern,
  type ReferenceContext,
} from './select-referral.js';

/** One referrer field spec with the referral kind it names, numbered in config order. */
interface ReferrerSpec {
  order: number;
  spec: FieldSpec;
  referral: GvkPattern;
}

/** Referrer specs by the kind they apply to ('' for specs without a kind). */
function indexReferrerSpecs(backRefs: readonly NameBackReference[]): Map<string, ReferrerSpec[]> {
  const byKind = new Map<string, ReferrerSpec[]>();
  let order = 0;
  for (const backRef of backRefs) {
    const referral = { group: backRef.group, version: backRef.version, kind: backRef.kind };
    for (const spec of backRef.fieldSpecs) {
      const key = spec.kind ?? '';
      const entry = { order: order++, spec, referral };
      const list = byKind.get(key);
      if (list) list.push(entry);
      else byKind.set(key, [entry]);
    }
  }
  return byKind;
}

/** The specs that may apply to a resource, judged (as Kustomize does) by its original id. */
function specsForResource(resource: Resource, byKind: Map<string, ReferrerSpec[]>): ReferrerSpec[] {
  const original = resource.originalId();
  const kinded = original.kind === '' ? [] : (byKind.get(original.kind) ?? []);
  const any = byKind.get('') ?? [];
  const all =
    kinded.length > 0 && any.length > 0
      ? [...kinded, ...any].sort((a, b) => a.order - b.order)
      : kinded.length > 0
        ? kinded
        : any;
  return all.filter((entry) => isGvkSelected(original, entry.spec));
}

function isSameName(a: Resource, b: Resource): boolean {
  return a.name() === b.name();
}

function isSameNameAndNamespace(a: Resource, b: Resource): boolean {
  return a.name() === b.name() && a.namespace() === b.namespace();
}

class FieldFixer {
  constructor(
    private readonly ctx: ReferenceContext,
    private readonly index: ReferralIndex,
  ) {}

  fixNode(node: unknown, write: (value: unknown) => void): void {
    if (node === null || node === undefined) return;
    if (isMap(node)) this.fixMapping(node);
    else if (Array.isArray(node)) this.fixSequence(node);
    else this.fixScalar(node, write);
  }

  private fixSequence(list: unknown[]): void {
    list.forEach((item, i) => {
      if (item === null || item === undefined) return;
      if (isMap(item)) this.fixMapping(item);
      else if (isScalar(item)) this.fixScalar(item, (value) => (list[i] = value));
      else
        throw new Error(
          `${JSON.stringify(item)} is expected to be either a string or a map of string`,
        );
    });
  }

  private fixScalar(node: unknown, write: (value: unknown) => void): void {
    const oldName = textOfScalar(node);
    const referral = selectReferral(this.ctx, this.index.previouslyNamed(oldName), isSameName);
    if (referral && referral.name() !== oldName) write(referral.name());
  }

  /** A {name, namespace} reference: the namespace, when given, narrows the candidates. */
  private fixMapping(node: Record<string, unknown>): void {
    if (!('name' in node)) throw new Error("path config error; no 'name' field in node");
    const oldName = textOfScalar(node['name']);
    let candidates = this.index.previouslyNamed(oldName);
    if ('namespace' in node) {
      const namespace = textOfScalar(node['namespace']);
      const byOriginal = this.index.hasOriginalNamespace(this.ctx.scope, namespace);
      candidates = candidates.filter(
        (c) =>
          !isClusterScoped(c) &&
          (byOriginal ? originalNamespaceOf(c) : currentNamespaceOf(c)) === namespace,
      );
    }
    const referral = selectReferral(this.ctx, candidates, isSameNameAndNamespace);
    if (!referral || (referral.name() === oldName && referral.namespace() === '')) return;
    node['name'] = referral.name();
    if (referral.namespace() !== '') node['namespace'] = referral.namespace();
  }
}

function fixReferrerField(
  referrer: Resource,
  entry: ReferrerSpec,
  index: ReferralIndex,
  scope: ReferenceContext['scope'],
): void {
  const ctx: ReferenceContext = {
    referrer,
    scope,
    path: entry.spec.path,
    referral: entry.referral,
  };
  const fixer = new FieldFixer(ctx, index);
  try {
    visitFieldSpec(referrer.obj, { path: entry.spec.path }, ({ holder, key }) => {
      fixer.fixNode(holder[key], (value) => (holder[key] = value));
    });
  } catch (err) {
    const id = formatResId(referrer.id());
    const message = err instanceof Error ? err.message : String(err);
    throw new RenderError(
      '',
      `updating name reference in '${entry.spec.path}' field of '${id}': considering field '${entry.spec.path}' of object ${id}: ${message}`,
    );
  }
}

/**
 * Rewrites every nameReference field that names a resource renamed during the build
 * (prefix, suffix, hash, namespace moves…). Candidates come from an index of previous
 * names built once, so the work grows with the number of reference fields, not with
 * referrers × resources.
 */
export function fixAllNameReferences(resmap: ResMap, config: TransformerConfig): void {
  const byKind = indexReferrerSpecs(config.nameReference);
  const index = new ReferralIndex(resmap);
  for (const referrer of resmap.resources()) {
    const entries = specsForResource(referrer, byKind);
    if (entries.length === 0) continue;
    const scope = scopeOfReferrer(referrer);
    for (const entry of entries) fixReferrerField(referrer, entry, index, scope);
  }
}
