/**
 * The subset walk: every field the desired object sets must hold the same value in the live
 * object; fields only live has (server defaults, other managers' fields, status) are fine.
 * Differences are certain when applying surely changes the value, doubtful when the server
 * might prune, default or convert it (those go to a dry-run).
 */
import type { Ownership } from './managed-fields.js';
import { childOwnership } from './managed-fields.js';
import { isQuantityPath, isFreeFormMap } from './schema-knowledge.js';
import { isSameQuantity } from './quantity.js';
import { isEmptyValue, isJsonObject, type JsonObject } from './values.js';
import type { WalkContext } from './walk-context.js';
import { compareList } from './walk-lists.js';

export function compareValue(
  desired: unknown,
  live: unknown,
  context: WalkContext,
  owned: Ownership,
): void {
  if (desired === undefined) return;
  if (live === undefined || live === null) {
    reportMissing(desired, context);
    return;
  }
  if (Array.isArray(desired)) {
    if (Array.isArray(live)) compareList(desired, live, context, owned, compareValue);
    else reportTypeDifference(desired, live, context);
    return;
  }
  if (isJsonObject(desired)) {
    if (isJsonObject(live)) compareFields(desired, live, context, owned);
    else reportTypeDifference(desired, live, context);
    return;
  }
  if (desired === null) {
    // An apply of null removes the field; whether something else then fills it is the server's call.
    if (!isEmptyValue(live)) context.out.add('doubtful', context.path, 'null in desired', { live });
    return;
  }
  compareScalar(desired, live, context);
}

function compareFields(
  desired: JsonObject,
  live: JsonObject,
  context: WalkContext,
  owned: Ownership,
): void {
  const path = context.path;
  for (const key in desired) {
    path.push(key);
    compareValue(desired[key], live[key], context, childOwnership(owned, key));
    path.pop();
  }
}

function reportTypeDifference(desired: unknown, live: unknown, context: WalkContext): void {
  if (isEmptyValue(desired) && isEmptyValue(live)) return;
  context.out.add('doubtful', context.path, 'type differs', { desired, live });
}

/** Whether the value at the current path is an entry of a free-form map (labels, data…). */
function isFreeFormEntry(context: WalkContext): boolean {
  const path = context.path;
  const last = path.pop();
  const isTopMetadata = path.length === 2 && path[0] === 'metadata';
  const isFree = (context.builtin || isTopMetadata) && isFreeFormMap(path, context.kind);
  if (last !== undefined) path.push(last);
  return isFree;
}

/**
 * A desired field live lacks: empty values are what the server drops anyway; a key of a
 * free-form map (labels, ConfigMap data…) is surely added; a struct field may be one the
 * server prunes (unknown to a CRD schema) or drops (deprecated), so only a dry-run can tell.
 */
function reportMissing(desired: unknown, context: WalkContext): void {
  const isFree = isFreeFormEntry(context);
  // In a free-form map even an empty string is a value the server stores.
  if (isFree ? desired === null : isEmptyValue(desired)) return;
  context.out.add(isFree ? 'certain' : 'doubtful', context.path, 'missing in live', { desired });
}

function compareScalar(desired: unknown, live: unknown, context: WalkContext): void {
  if (desired === live) return;
  const out = context.out;
  if (isQuantityPath(context.path, context.kind)) {
    const same = isSameQuantity(desired, live);
    if (same === false) {
      out.add('certain', context.path, 'quantity differs', { desired, live });
      return;
    }
    if (same === true) {
      // The API server stores built-in quantities canonically; a custom resource keeps the text.
      if (!context.builtin || context.kind === 'CustomResourceDefinition')
        out.add('doubtful', context.path, 'quantity spelled differently', { desired, live });
      return;
    }
  }
  if (typeof desired !== typeof live) {
    // 8080 against "8080" (int-or-string) or a conversion: the server keeps what it is given.
    out.add('doubtful', context.path, 'type differs', { desired, live });
    return;
  }
  if (desired === '' && !isFreeFormEntry(context)) {
    // An empty string field is dropped and may be defaulted by the server.
    out.add('doubtful', context.path, 'empty in desired', { live });
    return;
  }
  out.add('certain', context.path, 'value differs', { desired, live });
}
