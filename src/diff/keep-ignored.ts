/**
 * RespectIgnoreDifferences=true: a sync must not overwrite what ignoreDifferences tells the
 * comparison to ignore (replicas an HPA owns, a field a webhook fills in). The applied object
 * takes those fields from the live object; a field the live object lacks is left out.
 */
import type { ResourceIgnoreDifferences } from '../api/index.js';
import type { KubeObject } from '../model/index.js';
import { selectIgnoreRules } from './ignore-rules.js';
import { parseJqPath } from './jq-parse.js';
import { selectJqPaths } from './jq-eval.js';
import { parseListIndex, parsePointer, type PathSegment } from './json-pointer.js';
import { deletePaths } from './remove-paths.js';
import { cloneJson, isJsonObject } from './values.js';

/**
 * `desired` with every field a jsonPointers or jqPathExpressions rule covers copied from
 * `live`. managedFieldsManagers rules are not applied here: what another manager owns is known
 * only field by field through managedFields, and server-side apply already leaves a field
 * alone unless the applied object sets it.
 */
export function keepIgnoredFieldsFromLive(
  desired: KubeObject,
  live: KubeObject,
  rules: readonly ResourceIgnoreDifferences[],
): KubeObject {
  const copy = cloneJson(desired);
  const paths = new Map<string, PathSegment[]>();
  const add = (path: PathSegment[]): void => {
    if (path.length > 0) paths.set(JSON.stringify(path), path);
  };
  for (const rule of selectIgnoreRules(rules, live)) {
    for (const pointer of rule.jsonPointers ?? []) {
      const path = parsePointer(pointer);
      if (path !== undefined) add(path);
    }
    for (const expression of rule.jqPathExpressions ?? []) {
      const parsed = parseJqPath(expression);
      if (!parsed.ok) continue;
      for (const path of selectJqPaths(live, parsed.steps)) add(path);
      for (const path of selectJqPaths(copy, parsed.steps)) add(path);
    }
  }
  const absentFromLive: PathSegment[][] = [];
  for (const path of paths.values()) {
    const value = readAtPath(live, path);
    if (value === undefined) absentFromLive.push(path);
    else writeAtPath(copy, path, cloneJson(value));
  }
  deletePaths(copy, absentFromLive);
  return copy;
}

function step(value: unknown, segment: PathSegment): unknown {
  if (Array.isArray(value)) {
    const index = typeof segment === 'number' ? segment : parseListIndex(segment);
    return index === undefined ? undefined : (value[index] as unknown);
  }
  return isJsonObject(value) ? value[String(segment)] : undefined;
}

function readAtPath(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    current = step(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

/** Sets a value, creating missing objects on the way; a list index must already exist. */
function writeAtPath(root: unknown, path: readonly PathSegment[], value: unknown): void {
  let parent = root;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i] as PathSegment;
    let next = step(parent, segment);
    if (next === undefined && isJsonObject(parent)) {
      next = {};
      parent[String(segment)] = next;
    }
    if (next === undefined) return;
    parent = next;
  }
  const last = path[path.length - 1] as PathSegment;
  if (Array.isArray(parent)) {
    const index = typeof last === 'number' ? last : parseListIndex(last);
    if (index !== undefined && index < parent.length) parent[index] = value;
  } else if (isJsonObject(parent)) {
    parent[String(last)] = value;
  }
}
