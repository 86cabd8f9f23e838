/**
 * Fields Capstan applied before that the desired object no longer sets. Server-side apply
 * removes such fields (unless another manager owns them too, or a default brings the same
 * value back), which the subset walk cannot see, since it only looks at what desired sets:
 * each is reported as doubtful so a dry-run settles it. Read from the live object's
 * managedFields entry of manager `capstan`.
 */
import { STAMP_KEYS } from './compare-metadata.js';
import {
  matchesItemKey,
  ownedItemsOf,
  parseJson,
  type OwnedItem,
  type Ownership,
} from './managed-fields.js';
import { isEmptyValue, isJsonObject, type JsonObject } from './values.js';
import type { WalkContext } from './walk-context.js';

/** Top-level fields whose ownership says nothing about content. */
const SKIPPED_TOP_FIELDS = new Set(['apiVersion', 'kind', 'status']);
/** Metadata fields a manifest can own; the rest are the server's. */
const OWNABLE_METADATA = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

export function reportOwnedRemovals(
  owned: Ownership,
  desired: JsonObject,
  live: JsonObject,
  context: WalkContext,
): void {
  if (typeof owned === 'string') return;
  walkNode(owned, desired, live, context);
}

function walkNode(node: JsonObject, desired: unknown, live: unknown, context: WalkContext): void {
  for (const name in node) {
    const child = node[name];
    if (!isJsonObject(child)) continue;
    if (name.startsWith('f:')) walkField(name.slice(2), child, desired, live, context);
    else if (name.startsWith('v:')) walkSetValue(name.slice(2), desired, live, context);
  }
  for (const item of ownedItemsOf(node)) walkItem(item, desired, live, context);
}

function isSkipped(field: string, context: WalkContext): boolean {
  const path = context.path;
  if (path.length === 0) return SKIPPED_TOP_FIELDS.has(field);
  if (path.length === 1 && path[0] === 'metadata') return !OWNABLE_METADATA.has(field);
  if (path.length === 2 && path[0] === 'metadata') {
    const stamps =
      path[1] === 'labels'
        ? STAMP_KEYS.labels
        : path[1] === 'annotations'
          ? STAMP_KEYS.annotations
          : undefined;
    return stamps?.has(field) ?? false;
  }
  return false;
}

function walkField(
  field: string,
  node: JsonObject,
  desired: unknown,
  live: unknown,
  context: WalkContext,
): void {
  if (!isJsonObject(live) || isSkipped(field, context)) return;
  const liveValue = live[field];
  // An empty map or list going away changes nothing; an empty string (a label value) does.
  if (liveValue === '' ? false : isEmptyValue(liveValue)) return;
  const desiredValue = isJsonObject(desired) ? desired[field] : undefined;
  if (desiredValue === null) return;
  context.path.push(field);
  if (desiredValue === undefined) reportRemoval(liveValue, context);
  else walkNode(node, desiredValue, liveValue, context);
  context.path.pop();
}

function walkItem(
  { key, node }: OwnedItem,
  desired: unknown,
  live: unknown,
  context: WalkContext,
): void {
  if (!Array.isArray(live)) return;
  const liveIndex = live.findIndex((item) => matchesItemKey(item, key));
  if (liveIndex < 0) return;
  const desiredIndex = Array.isArray(desired)
    ? desired.findIndex((item) => matchesItemKey(item, key))
    : -1;
  if (desiredIndex < 0) {
    context.path.push(liveIndex);
    reportRemoval(live[liveIndex], context);
  } else {
    context.path.push(desiredIndex);
    walkNode(node, (desired as unknown[])[desiredIndex], live[liveIndex], context);
  }
  context.path.pop();
}

function walkSetValue(
  valueText: string,
  desired: unknown,
  live: unknown,
  context: WalkContext,
): void {
  const value = parseJson(valueText);
  if (!Array.isArray(live) || !live.includes(value)) return;
  if (Array.isArray(desired) && desired.includes(value)) return;
  reportRemoval(value, context);
}

function reportRemoval(live: unknown, context: WalkContext): void {
  context.out.add('doubtful', context.path, 'applied before, removed from desired', { live });
}
