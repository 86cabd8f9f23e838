/**
 * Reading `metadata.managedFields` (FieldsV1): which fields a manager owns. A FieldsV1 node
 * maps `f:<field>` to a child node, `k:<json>` to a list item with those key fields,
 * `v:<json>` to a set value, `i:<n>` to a list index, and `.` marks the node itself as owned;
 * an empty node `{}` is a leaf owned as a whole (a scalar, or an atomic list or map).
 */
import { FIELD_MANAGER } from '../model/index.js';
import { isDeepEqual, isJsonObject, type JsonObject } from './values.js';

/** What Capstan owns at one place of the live object: its FieldsV1 node, nothing, or unknown. */
export type Ownership = JsonObject | 'none' | 'unknown';

export interface ManagedFieldsEntry {
  readonly manager?: unknown;
  readonly operation?: unknown;
  readonly apiVersion?: unknown;
  readonly subresource?: unknown;
  readonly fieldsV1?: unknown;
}

export function managedFieldsOf(object: JsonObject | undefined): ManagedFieldsEntry[] | undefined {
  const metadata = object?.['metadata'];
  const entries = isJsonObject(metadata) ? metadata['managedFields'] : undefined;
  return Array.isArray(entries) ? entries.filter(isJsonObject) : undefined;
}

/**
 * What Capstan's server-side applies own in `live`. Unknown when the live object carries no
 * managedFields or Capstan applied another apiVersion (field paths may differ after
 * conversion); 'none' when Capstan has never applied it.
 */
export function readCapstanOwnership(live: JsonObject, apiVersion: unknown): Ownership {
  const entries = managedFieldsOf(live);
  if (entries === undefined) return 'unknown';
  const mine = entries.filter(
    (entry) =>
      entry.manager === FIELD_MANAGER &&
      entry.operation === 'Apply' &&
      (entry.subresource === undefined || entry.subresource === ''),
  );
  const [entry, ...others] = mine;
  if (entry === undefined) return 'none';
  if (others.length > 0) return 'unknown';
  if (entry.apiVersion !== apiVersion || !isJsonObject(entry.fieldsV1)) return 'unknown';
  return entry.fieldsV1;
}

export function childOwnership(owned: Ownership, field: string): Ownership {
  if (typeof owned === 'string') return owned;
  const child = owned[`f:${field}`];
  return isJsonObject(child) ? child : 'none';
}

/** A leaf: owned whole, so an apply replaces it (an atomic list or map). */
export function isOwnedWhole(owned: Ownership): boolean {
  if (typeof owned === 'string') return false;
  for (const key in owned) if (key !== '.') return false;
  return true;
}

export interface OwnedItem {
  readonly key: JsonObject;
  readonly node: JsonObject;
}

/**
 * Parsed `k:` items per FieldsV1 node. Informer caches hand out the same live object on
 * every resync, so each node's keys are parsed once; a WeakMap holds no object alive.
 */
const parsedItems = new WeakMap<JsonObject, readonly OwnedItem[]>();

/** The `k:` items of a list node. */
export function ownedItemsOf(owned: Ownership): readonly OwnedItem[] {
  if (typeof owned === 'string') return [];
  const known = parsedItems.get(owned);
  if (known !== undefined) return known;
  const items: OwnedItem[] = [];
  for (const name in owned) {
    if (!name.startsWith('k:')) continue;
    const node = owned[name];
    const key = parseJson(name.slice(2));
    if (isJsonObject(key) && isJsonObject(node)) items.push({ key, node });
  }
  parsedItems.set(owned, items);
  return items;
}

/** Key fields the server fills in before it records a key (a port's protocol). */
const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

/** Whether a list item carries every key field of a `k:` entry. */
export function matchesItemKey(item: unknown, key: JsonObject): boolean {
  if (!isJsonObject(item)) return false;
  for (const field in key) {
    const value = item[field] ?? KEY_DEFAULTS[field];
    if (!isDeepEqual(value, key[field])) return false;
  }
  return true;
}

/** The ownership of one live list item under a list node. */
export function itemOwnership(
  owned: Ownership,
  items: readonly OwnedItem[],
  item: unknown,
): Ownership {
  if (typeof owned === 'string') return owned;
  for (const entry of items) if (matchesItemKey(item, entry.key)) return entry.node;
  return 'none';
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
