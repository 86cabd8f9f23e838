/**
 * Lists, by how server-side apply merges them. Keyed lists (containers, env, ports…) match
 * items by key; sets match values; atomic lists are replaced whole, so they must be equal
 * item by item; lists of unknown kind (custom resources) are matched as well as can be and
 * answer `needsDryRun` whenever the kind would decide the outcome.
 */
import { isOwnedWhole, itemOwnership, ownedItemsOf, type Ownership } from './managed-fields.js';
import { listSemanticsOf, type ListSemantics } from './schema-knowledge.js';
import { isJsonObject, isScalar } from './values.js';
import { assessValue, type CompareValue, type WalkContext } from './walk-context.js';

export function compareList(
  desired: readonly unknown[],
  live: readonly unknown[],
  context: WalkContext,
  owned: Ownership,
  compare: CompareValue,
): void {
  if (desired.length === 0) {
    if (live.length > 0) context.out.add('doubtful', context.path, 'empty in desired', { live });
    return;
  }
  const hasObjects = desired.some(isJsonObject);
  const semantics = listSemanticsOf(context.path, context.kind, context.builtin, hasObjects);
  switch (semantics.type) {
    case 'map':
      compareKeyedList(desired, live, context, { owned, semantics, compare });
      return;
    case 'set':
      compareSetList(desired, live, context, owned);
      return;
    case 'atomic':
      compareAtomicList(desired, live, context, compare);
      return;
    case 'unknown':
      if (hasObjects) compareUnknownObjectList(desired, live, context, compare);
      else compareUnknownScalarList(desired, live, context);
      return;
  }
}

type KeyedSemantics = Extract<ListSemantics, { type: 'map' }>;

interface KeyedListOptions {
  readonly owned: Ownership;
  readonly semantics: KeyedSemantics;
  readonly compare: CompareValue;
}

/** The item's key as text; 80 and "80" give the same text (types are checked apart). */
function keyTextOf(item: unknown, semantics: KeyedSemantics): string | undefined {
  if (!isJsonObject(item)) return undefined;
  let text = '';
  for (const field of semantics.keys) {
    const value = item[field] ?? semantics.defaults?.[field];
    if (!isScalar(value)) return undefined;
    text += `${JSON.stringify(String(value))},`;
  }
  return text;
}

function hasSameKeyTypes(a: unknown, b: unknown, semantics: KeyedSemantics): boolean {
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  return semantics.keys.every(
    (field) => a[field] === undefined || typeof a[field] === typeof b[field],
  );
}

function compareKeyedList(
  desired: readonly unknown[],
  live: readonly unknown[],
  context: WalkContext,
  { owned, semantics, compare }: KeyedListOptions,
): void {
  const { path, out } = context;
  const liveIndex = new Map<string, number>();
  for (let j = 0; j < live.length; j++) {
    const key = keyTextOf(live[j], semantics);
    if (key !== undefined && !liveIndex.has(key)) liveIndex.set(key, j);
  }
  const ownedItems = ownedItemsOf(owned);
  const matched = new Uint8Array(live.length);
  const seen = new Set<string>();
  for (let i = 0; i < desired.length; i++) {
    const item = desired[i];
    const key = keyTextOf(item, semantics);
    path.push(i);
    const j = key === undefined ? undefined : liveIndex.get(key);
    if (key === undefined) {
      out.add('doubtful', path, 'list item key missing', { desired: item });
    } else if (seen.has(key)) {
      out.add('doubtful', path, 'duplicate list item key', { desired: item });
    } else if (j === undefined) {
      out.add('certain', path, 'missing in live', { desired: item });
    } else {
      matched[j] = 1;
      const liveItem = live[j];
      if (!hasSameKeyTypes(item, liveItem, semantics))
        out.add('doubtful', path, 'list item key type differs', { desired: item, live: liveItem });
      compare(item, liveItem, context, itemOwnership(owned, ownedItems, liveItem));
    }
    if (key !== undefined) seen.add(key);
    path.pop();
  }
  reportExtraItems(live, matched, context, owned);
}

/**
 * Live items the desired list lacks. An apply removes only items Capstan owns (the
 * removed-field check reports those) or, for a list owned whole, every other item; when
 * ownership is unknown only a dry-run can tell.
 */
function reportExtraItems(
  live: readonly unknown[],
  matched: Uint8Array,
  context: WalkContext,
  owned: Ownership,
): void {
  // 'none' (Capstan owns nothing here) and per-item ownership both return; unknown and
  // whole-list ownership fall through.
  if (owned !== 'unknown' && !isOwnedWhole(owned)) return;
  for (let j = 0; j < live.length; j++) {
    if (matched[j] === 1) continue;
    context.path.push(j);
    context.out.add('doubtful', context.path, 'extra list items in live', { live: live[j] });
    context.path.pop();
  }
}

function compareSetList(
  desired: readonly unknown[],
  live: readonly unknown[],
  context: WalkContext,
  owned: Ownership,
): void {
  for (let i = 0; i < desired.length; i++) {
    if (!live.includes(desired[i])) reportMissingValue(desired[i], i, live, context);
  }
  const matched = new Uint8Array(live.length);
  for (let j = 0; j < live.length; j++) if (desired.includes(live[j])) matched[j] = 1;
  reportExtraItems(live, matched, context, owned);
}

function compareAtomicList(
  desired: readonly unknown[],
  live: readonly unknown[],
  context: WalkContext,
  compare: CompareValue,
): void {
  if (desired.length !== live.length) {
    // An apply replaces an atomic list whole, so a different length is a certain change.
    context.out.add('certain', context.path, 'list length differs', { desired, live });
    return;
  }
  for (let i = 0; i < desired.length; i++) {
    context.path.push(i);
    compare(desired[i], live[i], context, 'unknown');
    context.path.pop();
  }
}

function compareUnknownScalarList(
  desired: readonly unknown[],
  live: readonly unknown[],
  context: WalkContext,
): void {
  if (desired.length === live.length && desired.every((value, i) => value === live[i])) return;
  let reported = false;
  for (let i = 0; i < desired.length; i++) {
    const value = desired[i];
    if (live.includes(value)) continue;
    // Whatever the list's kind, a value live lacks anywhere is added by an apply.
    reportMissingValue(value, i, live, context);
    reported = true;
  }
  // Same values in another order or with extras: an atomic list would change, a set would not.
  if (!reported)
    context.out.add('doubtful', context.path, 'list order or extra items differ', {
      desired,
      live,
    });
}

function reportMissingValue(
  value: unknown,
  index: number,
  live: readonly unknown[],
  context: WalkContext,
): void {
  const loose = live.some((item) => isScalar(item) && String(item) === String(value));
  context.path.push(index);
  if (loose) context.out.add('doubtful', context.path, 'type differs', { desired: value });
  else context.out.add('certain', context.path, 'missing in live', { desired: value });
  context.path.pop();
}

function compareUnknownObjectList(
  desired: readonly unknown[],
  live: readonly unknown[],
  context: WalkContext,
  compare: CompareValue,
): void {
  let allEqual = true;
  // Each live item stands for one desired item at most, as in any keyed list or set.
  const used = new Uint8Array(live.length);
  for (let i = 0; i < desired.length; i++) {
    const best = bestMatchOf(desired[i], i, live, used, { context, compare });
    if (best.assessment === 'equal') {
      used[best.index] = 1;
      if (best.index !== i) {
        allEqual = false;
        context.path.push(i);
        context.out.add('doubtful', context.path, 'list order differs', { desired: desired[i] });
        context.path.pop();
      }
      continue;
    }
    allEqual = false;
    context.path.push(i);
    if (best.assessment === 'certain' && i < live.length && used[i] === 0) {
      // Every free live item differs for sure: the positional one shows where.
      compare(desired[i], live[i], context, 'unknown');
    } else {
      const certainty = best.assessment === 'certain' ? 'certain' : 'doubtful';
      context.out.add(certainty, context.path, 'list item differs', { desired: desired[i] });
    }
    context.path.pop();
  }
  if (allEqual && live.length > desired.length)
    context.out.add('doubtful', context.path, 'extra list items in live', {
      live: live.slice(desired.length),
    });
}

interface BestMatch {
  readonly index: number;
  readonly assessment: 'equal' | 'doubtful' | 'certain';
}

interface Trial {
  readonly context: WalkContext;
  readonly compare: CompareValue;
}

/** The free live item closest to a desired one, trying its own position first. */
function bestMatchOf(
  item: unknown,
  position: number,
  live: readonly unknown[],
  used: Uint8Array,
  { context, compare }: Trial,
): BestMatch {
  let best: BestMatch = { index: -1, assessment: 'certain' };
  const order = position < live.length ? [position] : [];
  for (let j = 0; j < live.length; j++) if (j !== position) order.push(j);
  for (const j of order) {
    if (used[j] === 1) continue;
    context.path.push(j);
    const assessment = assessValue(compare, item, live[j], context);
    context.path.pop();
    if (assessment === 'equal') return { index: j, assessment };
    if (assessment === 'doubtful' && best.assessment === 'certain') best = { index: j, assessment };
  }
  return best;
}
