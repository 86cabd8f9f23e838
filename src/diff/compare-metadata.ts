/**
 * metadata: only what a manifest can own is compared — name, namespace (when both objects
 * have one; placing objects is the caller's business), labels, annotations, finalizers and
 * owner references. Capstan's own stamps are skipped, so an object applied by another tool
 * with the same content is equal; server-set fields (uid, resourceVersion, managedFields,
 * creationTimestamp…) are never looked at.
 */
import { ANNOTATION, MANAGED_BY_LABEL } from '../model/index.js';
import { childOwnership, type Ownership } from './managed-fields.js';
import { isJsonObject, type JsonObject } from './values.js';
import type { WalkContext } from './walk-context.js';
import { compareValue } from './walk-values.js';

const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Metadata keys that are Capstan's bookkeeping, not content. */
export const STAMP_KEYS: Readonly<Record<'labels' | 'annotations', ReadonlySet<string>>> = {
  labels: new Set([MANAGED_BY_LABEL]),
  annotations: new Set([ANNOTATION.trackingId, LAST_APPLIED_ANNOTATION]),
};

export function compareMetadata(
  desired: unknown,
  live: unknown,
  context: WalkContext,
  owned: Ownership,
): void {
  if (!isJsonObject(desired)) return;
  const liveMeta = isJsonObject(live) ? live : {};
  const path = context.path;
  path.push('metadata');
  for (const field of ['name', 'namespace'] as const) {
    const want = desired[field];
    const have = liveMeta[field];
    if (typeof want !== 'string' || typeof have !== 'string' || want === '' || want === have)
      continue;
    path.push(field);
    context.out.add('certain', path, 'value differs', { desired: want, live: have });
    path.pop();
  }
  compareStringMap('labels', desired, liveMeta, context, owned);
  compareStringMap('annotations', desired, liveMeta, context, owned);
  for (const field of ['finalizers', 'ownerReferences'] as const) {
    path.push(field);
    compareValue(desired[field], liveMeta[field], context, childOwnership(owned, field));
    path.pop();
  }
  path.pop();
}

function compareStringMap(
  field: 'labels' | 'annotations',
  desired: JsonObject,
  live: JsonObject,
  context: WalkContext,
  owned: Ownership,
): void {
  const want = desired[field];
  if (!isJsonObject(want)) return;
  const liveMap = live[field];
  const have = isJsonObject(liveMap) ? liveMap : {};
  const skipped = STAMP_KEYS[field];
  const mapOwned = childOwnership(owned, field);
  context.path.push(field);
  for (const key in want) {
    if (skipped.has(key)) continue;
    context.path.push(key);
    compareValue(want[key], have[key], context, childOwnership(mapOwned, key));
    context.path.pop();
  }
  context.path.pop();
}
