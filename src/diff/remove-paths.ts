/**
 * Deleting fields from a (copied) object: at concrete paths (JSON pointers, jq results) and
 * wherever a manager's managedFields say it owns them.
 */
import { parseListIndex, type PathSegment } from './json-pointer.js';
import { matchesItemKey, parseJson } from './managed-fields.js';
import { isDeepEqual, isJsonObject, type JsonObject } from './values.js';

/** Deletes the value at a path; list items are spliced out. Missing paths are no-ops. */
export function deleteAtPath(root: unknown, path: readonly (string | number)[]): void {
  if (path.length === 0) return;
  let parent: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    parent = stepInto(parent, path[i]);
    if (parent === undefined) return;
  }
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const index = typeof last === 'number' ? last : parseListIndex(String(last));
    if (index !== undefined && index < parent.length) parent.splice(index, 1);
  } else if (isJsonObject(parent) && last !== undefined) {
    Reflect.deleteProperty(parent, String(last));
  }
}

function stepInto(value: unknown, segment: string | number | undefined): unknown {
  if (segment === undefined) return undefined;
  if (Array.isArray(value)) {
    const index = typeof segment === 'number' ? segment : parseListIndex(segment);
    return index === undefined ? undefined : (value[index] as unknown);
  }
  return isJsonObject(value) ? value[String(segment)] : undefined;
}

/**
 * Deletes several paths: deepest and highest list index first, so that splicing one item
 * never shifts another path that is still to be deleted.
 */
export function deletePaths(root: unknown, paths: readonly (readonly PathSegment[])[]): void {
  const sorted = [...paths].sort(comparePathsDescending);
  for (const path of sorted) deleteAtPath(root, path);
}

function comparePathsDescending(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y) < String(x) ? -1 : 1;
  }
  return b.length - a.length;
}

/** Owned whole: the node holds nothing but (perhaps) the `.` self marker. */
function isLeafNode(node: JsonObject): boolean {
  for (const key in node) if (key !== '.') return false;
  return true;
}

/**
 * Deletes what a FieldsV1 node says a manager owns. Fields owned whole go; list items the
 * manager created (`.`) go whole; in other items only the owned fields go, never the key
 * fields, so that the item still matches its counterpart in the other object.
 */
export function deleteOwnedFields(target: unknown, node: JsonObject): void {
  if (isJsonObject(target)) {
    for (const name in node) {
      const child = node[name];
      if (!name.startsWith('f:') || !isJsonObject(child)) continue;
      const field = name.slice(2);
      if (!Object.hasOwn(target, field)) continue;
      if (isLeafNode(child)) Reflect.deleteProperty(target, field);
      else deleteOwnedFields(target[field], child);
    }
    return;
  }
  if (Array.isArray(target)) deleteOwnedItems(target, node);
}

function deleteOwnedItems(list: unknown[], node: JsonObject): void {
  const doomed = new Set<number>();
  for (const name in node) {
    const child = node[name];
    if (!isJsonObject(child)) continue;
    const prefix = name.slice(0, 2);
    const parsed = prefix === 'i:' ? Number(name.slice(2)) : parseJson(name.slice(2));
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      const hit =
        prefix === 'k:'
          ? isJsonObject(parsed) && matchesItemKey(item, parsed)
          : prefix === 'v:'
            ? isDeepEqual(item, parsed)
            : prefix === 'i:' && i === parsed;
      if (!hit) continue;
      if (prefix !== 'k:' || Object.hasOwn(child, '.') || isLeafNode(child)) doomed.add(i);
      else deleteOwnedFields(item, withoutKeyFields(child, parsed as JsonObject));
    }
  }
  [...doomed].sort((a, b) => b - a).forEach((index) => list.splice(index, 1));
}

function withoutKeyFields(node: JsonObject, key: JsonObject): JsonObject {
  const copy: JsonObject = { ...node };
  for (const field in key) Reflect.deleteProperty(copy, `f:${field}`);
  return copy;
}
