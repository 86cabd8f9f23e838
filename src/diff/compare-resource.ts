/**
 * compareResource: would a server-side apply of `desired` (field manager capstan, force)
 * change `live`? Ignored fields are removed from both sides first; then every field desired
 * sets is looked for in live (metadata by its own rules, status never), and fields Capstan
 * applied before but desired dropped are looked for in live's managedFields. With the
 * compare option ServerSideDiff=true a local drift is only ever `needsDryRun`.
 */
import { groupOfApiVersion, type KubeObject } from '../model/index.js';
import { compareBase64Map, foldStringData } from './binary-data.js';
import { DifferenceCollector } from './collector.js';
import { compareMetadata } from './compare-metadata.js';
import { readCompareOptions } from './compare-options.js';
import { selectIgnoreRules, removeIgnoredFields } from './ignore-rules.js';
import { childOwnership, readCapstanOwnership, type Ownership } from './managed-fields.js';
import { reportOwnedRemovals } from './owned-removals.js';
import { isBuiltinGroup } from './schema-knowledge.js';
import type { CompareOptions, DiffResult } from './types.js';
import type { WalkContext } from './walk-context.js';
import { compareValue } from './walk-values.js';

/** Top-level fields that are identity or the server's report, not content to apply. */
const NOT_CONTENT = new Set(['apiVersion', 'kind', 'metadata', 'status']);

const MISSING: DiffResult = {
  verdict: 'drift',
  differences: [{ path: '', reason: 'missing in live' }],
};

export function compareResource(
  desired: KubeObject,
  live: KubeObject | undefined,
  options: CompareOptions = {},
): DiffResult {
  if (live === undefined) return MISSING;
  const rules = selectIgnoreRules(options.ignoreDifferences, live);
  // Copies only when a rule applies: the common path allocates no clone.
  const wanted = rules.length > 0 ? removeIgnoredFields(desired, rules, live) : desired;
  const have = rules.length > 0 ? removeIgnoredFields(live, rules, live) : live;
  const apiVersion = typeof desired['apiVersion'] === 'string' ? desired['apiVersion'] : '';
  const kind = typeof desired['kind'] === 'string' ? desired['kind'] : '';
  const group = groupOfApiVersion(apiVersion);
  const isSecret = kind === 'Secret' && group === '';
  const context: WalkContext = {
    kind,
    builtin: isBuiltinGroup(group),
    path: [],
    out: new DifferenceCollector(isSecret),
  };
  if (apiVersion !== live['apiVersion']) {
    // Field paths can differ between versions; only the server can convert.
    context.out.add('doubtful', ['apiVersion'], 'apiVersion differs', {
      desired: apiVersion,
      live: live['apiVersion'],
    });
  }
  const effective = isSecret ? foldStringData(wanted) : wanted;
  const owned = readCapstanOwnership(live, apiVersion);
  compareMetadata(
    effective['metadata'],
    have['metadata'],
    context,
    childOwnership(owned, 'metadata'),
  );
  compareContent(effective, have, context, owned, group);
  reportOwnedRemovals(owned, effective, have, context);
  const result = context.out.result();
  // ServerSideDiff=true: the user says only the server (mutating webhooks included) can
  // tell, so a local drift becomes a question for the dry-run.
  if (result.verdict === 'drift' && readCompareOptions(desired).serverSideDiff)
    return { verdict: 'needsDryRun', differences: result.differences };
  return result;
}

function compareContent(
  desired: KubeObject,
  live: KubeObject,
  context: WalkContext,
  owned: Ownership,
  group: string,
): void {
  const base64Fields =
    group !== ''
      ? []
      : context.kind === 'Secret'
        ? ['data']
        : context.kind === 'ConfigMap'
          ? ['binaryData']
          : [];
  const path = context.path;
  for (const key in desired) {
    if (NOT_CONTENT.has(key)) continue;
    path.push(key);
    if (base64Fields.includes(key)) compareBase64Map(desired[key], live[key], context);
    else compareValue(desired[key], live[key], context, childOwnership(owned, key));
    path.pop();
  }
}
