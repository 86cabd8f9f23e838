import { isMap, scalarText } from '../kustomization.js';
import type { Resource } from '../resource.js';
import { formatResId } from './decode.js';
import {
  currentNamespaceOf,
  isClusterScoped,
  isInScope,
  type ReferrerScope,
} from './referral-index.js';

/** A group/version/kind pattern: empty parts match anything (resid.Gvk.IsSelected). */
export interface GvkPattern {
  group?: string | undefined;
  version?: string | undefined;
  kind?: string | undefined;
}

export function isGvkSelected(
  id: { group: string; version: string; kind: string },
  pattern: GvkPattern,
): boolean {
  return (
    (!pattern.group || pattern.group === id.group) &&
    (!pattern.version || pattern.version === id.version) &&
    (!pattern.kind || pattern.kind === id.kind)
  );
}

/** One field to fix in one referrer, and the kind of resource its value names. */
export interface ReferenceContext {
  referrer: Resource;
  scope: ReferrerScope;
  path: string;
  referral: GvkPattern;
}

function hadIdSelectedBy(resource: Resource, pattern: GvkPattern): boolean {
  return resource.previousIds.some((id) => isGvkSelected(id, pattern));
}

/** For a `roleRef/name` field, the roleRef's apiGroup and kind narrow the referral. */
function roleRefPattern(ctx: ReferenceContext): GvkPattern | undefined {
  if (!ctx.path.endsWith('roleRef/name')) return undefined;
  const roleRef = ctx.referrer.obj['roleRef'];
  if (!isMap(roleRef)) return undefined;
  const group = roleRef['apiGroup'];
  const kind = roleRef['kind'];
  if (group === undefined || group === null || kind === undefined || kind === null)
    return undefined;
  return { group: scalarText(group), kind: scalarText(kind) };
}

function isInReferrerNamespace(ctx: ReferenceContext, candidate: Resource): boolean {
  if (
    ctx.scope.isClusterScoped ||
    isClusterScoped(candidate) ||
    candidate.kind() === 'ServiceAccount'
  )
    return true;
  return currentNamespaceOf(candidate) === ctx.scope.namespace;
}

/** Whether the shorter list is the tail of the longer one (two empty lists are equal). */
function isSameEnding(a: readonly string[], b: readonly string[]): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length === 0) return longer.length === 0;
  const offset = longer.length - shorter.length;
  return shorter.every((value, i) => longer[i + offset] === value);
}

function hasSameAffixes(candidate: Resource, referrer: Resource, allowEmpty: boolean): boolean {
  const prefixesMatch =
    (allowEmpty && (candidate.prefixes.length === 0 || referrer.prefixes.length === 0)) ||
    isSameEnding(candidate.prefixes, referrer.prefixes);
  const suffixesMatch =
    (allowEmpty && (candidate.suffixes.length === 0 || referrer.suffixes.length === 0)) ||
    isSameEnding(candidate.suffixes, referrer.suffixes);
  return prefixesMatch && suffixesMatch;
}

export class AmbiguousReferralError extends Error {}

/**
 * Kustomize's choice of the resource a name refers to, among resources that once bore
 * that name: of the referral's kind, in reach of the referrer (same namespace, cluster
 * scope, ServiceAccounts anywhere), then the one sharing the referrer's prefix/suffix
 * lineage. Several equivalent survivors are one; several different ones are an error.
 */
export function selectReferral(
  ctx: ReferenceContext,
  candidates: readonly Resource[],
  isSameTarget: (a: Resource, b: Resource) => boolean,
): Resource | undefined {
  const roleRef = roleRefPattern(ctx);
  let found = candidates.filter(
    (c) =>
      isInScope(ctx.scope, c) &&
      hadIdSelectedBy(c, ctx.referral) &&
      (roleRef === undefined || hadIdSelectedBy(c, roleRef)) &&
      isInReferrerNamespace(ctx, c),
  );
  if (found.length === 1) return found[0];
  found = found.filter((c) => hasSameAffixes(c, ctx.referrer, true));
  if (found.length > 1) found = found.filter((c) => hasSameAffixes(c, ctx.referrer, false));
  const [first, ...rest] = found;
  if (first === undefined) return undefined;
  if (rest.every((other) => isSameTarget(first, other))) return first;
  throw new AmbiguousReferralError(
    `found multiple possible referrals: ${found.map((r) => formatResId(r.id())).join(', ')}`,
  );
}
