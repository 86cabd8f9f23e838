/**
 * compareDryRun: the answer to a doubtful comparison. The server-side dry-run apply result
 * is what live would become; it is compared exactly with live after both lose what changes
 * on every write or is not content: volatile metadata, Capstan's stamps, kubectl's
 * last-applied annotation, status, and ignored fields. Absent, null, [] and {} count as equal.
 */
import type { KubeObject } from '../model/index.js';
import { groupOfApiVersion } from '../model/index.js';
import { DifferenceCollector } from './collector.js';
import { STAMP_KEYS } from './compare-metadata.js';
import { removeIgnoredFields, selectIgnoreRules } from './ignore-rules.js';
import type { PathSegment } from './json-pointer.js';
import type { CompareOptions, DiffResult } from './types.js';
import { isJsonObject } from './values.js';

const VOLATILE_METADATA = new Set([
  'managedFields',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'uid',
  'selfLink',
]);

export function compareDryRun(
  desired: KubeObject,
  live: KubeObject,
  dryRunResult: KubeObject,
  options: CompareOptions = {},
): DiffResult {
  const rules = selectIgnoreRules(options.ignoreDifferences, live);
  // Both sides lose the fields the live object's managers own: the dry-run result may show
  // Capstan as their new owner, which must not make an ignored field count.
  const before = rules.length > 0 ? removeIgnoredFields(live, rules, live) : live;
  const after = rules.length > 0 ? removeIgnoredFields(dryRunResult, rules, live) : dryRunResult;
  const apiVersion = typeof desired['apiVersion'] === 'string' ? desired['apiVersion'] : '';
  const isSecret = desired['kind'] === 'Secret' && groupOfApiVersion(apiVersion) === '';
  const out = new DifferenceCollector(isSecret);
  compareExactly(after, before, [], out);
  return out.result();
}

/** Whether a field at this place is left out of the comparison. */
function isSkipped(path: readonly PathSegment[], key: string): boolean {
  if (path.length === 0) return key === 'status';
  if (path[0] !== 'metadata') return false;
  if (path.length === 1) return VOLATILE_METADATA.has(key);
  if (path.length === 2 && (path[1] === 'labels' || path[1] === 'annotations'))
    return STAMP_KEYS[path[1]].has(key);
  return false;
}

function compareExactly(
  after: unknown,
  before: unknown,
  path: PathSegment[],
  out: DifferenceCollector,
): void {
  if (after === before || (isHollow(after) && isHollow(before))) return;
  const afterObject = isJsonObject(after) ? after : isAbsent(after) ? {} : undefined;
  const beforeObject = isJsonObject(before) ? before : isAbsent(before) ? {} : undefined;
  if (afterObject !== undefined && beforeObject !== undefined) {
    // A map only one side has is walked too: its keys may all be skipped ones (stamps).
    for (const key of new Set([...Object.keys(afterObject), ...Object.keys(beforeObject)])) {
      if (isSkipped(path, key)) continue;
      path.push(key);
      compareExactly(afterObject[key], beforeObject[key], path, out);
      path.pop();
    }
    return;
  }
  if (Array.isArray(after) && Array.isArray(before) && after.length === before.length) {
    for (let i = 0; i < after.length; i++) {
      path.push(i);
      compareExactly(after[i], before[i], path, out);
      path.pop();
    }
    return;
  }
  const reason =
    before === undefined
      ? 'added by apply'
      : after === undefined
        ? 'removed by apply'
        : 'value differs';
  out.add('certain', path, reason, { desired: after, live: before });
}

/**
 * Absent, null, [] or a map of such: no content, whichever the server printed. An empty
 * string is content here (a ConfigMap key may hold one).
 */
function isHollow(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isJsonObject(value) && Object.values(value).every(isHollow);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}
