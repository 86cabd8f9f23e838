/**
 * The read path's I/O half: for each desired object find its live state (informer cache,
 * else one direct GET), decide equal / drift with diff/, settle doubtful cases with a
 * server-side dry-run (cached per desired content and live resourceVersion), and assess
 * health. Live objects tracked by the app but no longer desired are reported for pruning.
 */
import { createHash } from 'node:crypto';
import type { ResourceIgnoreDifferences } from '../api/index.js';
import {
  compareDryRun,
  compareResource,
  readCompareOptions,
  type DiffResult,
} from '../diff/index.js';
import { assessHealth } from '../health/index.js';
import { dryRunApply, getObject, type KubeClient, type ManifestObject } from '../kube/index.js';
import {
  describeError,
  describeResource,
  identityOf,
  resourceKeyOf,
  versionOfApiVersion,
  type KubeObject,
  type ResourceKey,
} from '../model/index.js';
import type { ComparedResource, ConditionInput } from '../status/index.js';
import { classifyHook, readSyncWave, type DesiredObject } from '../sync/plan/index.js';
import type { BoundedCache } from './bounded-cache.js';
import { trackingOwner, type LiveState } from './live-state.js';

export interface LiveComparison {
  readonly resources: ComparedResource[];
  readonly warnings: ConditionInput[];
  /** Objects whose drift a dry-run settled during this comparison (for metrics and logs). */
  readonly dryRuns: number;
  /** What differs, per drifted object, for the debug log and `capstan app diff`. */
  readonly drifts: ReadonlyMap<ResourceKey, DiffResult>;
}

export interface CompareContext {
  readonly client: KubeClient;
  readonly liveState: LiveState;
  readonly dryRunVerdicts: BoundedCache<string, DiffResult>;
  readonly ignoreDifferences: readonly ResourceIgnoreDifferences[];
  /** `<app-namespace>_<app-name>`, the owner part of tracking-ids. */
  readonly appId: string;
}

export async function compareWithLive(
  desired: ReadonlyMap<ResourceKey, DesiredObject>,
  context: CompareContext,
): Promise<LiveComparison> {
  const warnings: ConditionInput[] = [];
  let dryRuns = 0;
  const drifts = new Map<ResourceKey, DiffResult>();
  const compared = await Promise.all(
    [...desired.values()].map(async (entry) => {
      const live = await readLive(entry, context);
      const owner = live ? trackingOwner(live) : undefined;
      if (owner !== undefined && owner !== context.appId)
        warnings.push(sharedResourceWarning(entry, owner));
      const verdict = await decide(entry, live, context, (settled) => {
        if (settled.error !== undefined) warnings.push(settled.error);
        else dryRuns += 1;
      });
      if (verdict.verdict !== 'equal') drifts.set(entry.key, verdict);
      return describeCompared(entry, live, verdict);
    }),
  );
  const resources: ComparedResource[] = compared;
  for (const live of context.liveState.trackedBy(context.appId)) {
    const key = resourceKeyOf(live);
    if (desired.has(key)) continue;
    resources.push(describeExtraneous(key, live));
  }
  return { resources, warnings, dryRuns, drifts };
}

/**
 * Another app's tracking-id is on the live object: a sync will not take it over (or fails with
 * FailOnSharedResource), so the user hears about it now, as Argo CD's SharedResourceWarning.
 */
function sharedResourceWarning(entry: DesiredObject, owner: string): ConditionInput {
  const [namespace, name] = owner.split('_', 2);
  return {
    type: 'SharedResourceWarning',
    reason: 'SharedResource',
    message: `${describeResource(entry.identity)} is part of application ${namespace ?? ''}/${name ?? ''}, not this one`,
  };
}

/** The live object in the desired apiVersion, from the informer cache when it can be trusted. */
async function readLive(
  entry: DesiredObject,
  context: CompareContext,
): Promise<KubeObject | undefined> {
  const cached = context.liveState.get(entry.key);
  const apiVersion = entry.object['apiVersion'] as string;
  if (cached && cached['apiVersion'] === apiVersion) return cached;
  // An object applied by another tool lacks our label, so the informer cannot see it; a kind
  // the server does not serve cannot have live objects at all.
  if (context.liveState.isNamespaced(entry.identity.group, entry.identity.kind) === undefined)
    return undefined;
  const ref = {
    apiVersion,
    kind: entry.identity.kind,
    name: entry.identity.name,
    ...(entry.identity.namespace ? { namespace: entry.identity.namespace } : {}),
  };
  return getObject(context.client, ref);
}

interface DryRunSettlement {
  readonly error?: ConditionInput;
}

async function decide(
  entry: DesiredObject,
  live: KubeObject | undefined,
  context: CompareContext,
  report: (settlement: DryRunSettlement) => void,
): Promise<DiffResult> {
  const options = { ignoreDifferences: context.ignoreDifferences };
  const local = compareResource(entry.object, live, options);
  if (local.verdict !== 'needsDryRun' || live === undefined) return local;
  const cacheKey = dryRunCacheKey(entry, live);
  const known = context.dryRunVerdicts.get(cacheKey);
  if (known) return known;
  try {
    const result = await dryRunApply(context.client, entry.object as ManifestObject);
    const settled = compareDryRun(entry.object, live, result, options);
    context.dryRunVerdicts.set(cacheKey, settled);
    report({});
    return settled;
  } catch (error) {
    report({
      error: {
        type: 'ComparisonError',
        reason: 'DryRunFailed',
        message: `${describeResource(entry.identity)}: server-side dry-run failed: ${describeError(error)}`,
      },
    });
    return local;
  }
}

function dryRunCacheKey(entry: DesiredObject, live: KubeObject): string {
  const metadata = live['metadata'] as { resourceVersion?: string } | undefined;
  const digest = createHash('sha1').update(JSON.stringify(entry.object)).digest('base64');
  return `${entry.key}\u0000${metadata?.resourceVersion ?? ''}\u0000${digest}`;
}

/** Read-path view of the planner's annotation readers; their warnings belong to a sync. */
function syncWaveOf(object: KubeObject): number {
  return readSyncWave(object, []);
}

/** Any hook annotation, `Skip` included: such objects never count as missing or extraneous. */
function isHook(object: KubeObject): boolean {
  return classifyHook(object, []).kind !== 'resource';
}

function describeCompared(
  entry: DesiredObject,
  live: KubeObject | undefined,
  verdict: DiffResult,
): ComparedResource {
  const sync =
    verdict.verdict === 'equal' ? 'Synced' : verdict.verdict === 'drift' ? 'OutOfSync' : 'Unknown';
  const health = live ? assessHealth(live) : undefined;
  return {
    key: entry.key,
    group: entry.identity.group,
    version: entry.version,
    kind: entry.identity.kind,
    namespace: entry.identity.namespace,
    name: entry.identity.name,
    desired: entry.object,
    ...(live ? { live } : {}),
    sync,
    ...(health ? { health } : {}),
    requiresPruning: false,
    hook: isHook(entry.object),
    syncWave: syncWaveOf(entry.object),
    ignoreExtraneous: readCompareOptions(entry.object).ignoreExtraneous,
  };
}

function describeExtraneous(key: ResourceKey, live: KubeObject): ComparedResource {
  const identity = identityOf(live);
  const health = assessHealth(live);
  return {
    key,
    ...identity,
    version: versionOfApiVersion(String(live['apiVersion'])),
    live,
    sync: 'OutOfSync',
    health,
    requiresPruning: true,
    hook: isHook(live),
    syncWave: syncWaveOf(live),
    ignoreExtraneous: readCompareOptions(live).ignoreExtraneous,
  };
}

/** `Kind/name: /path (reason)` for the first differences of each drifted object, for the debug log. */
export function summarizeDrifts(
  drifts: ReadonlyMap<ResourceKey, DiffResult> | undefined,
): string[] | undefined {
  if (!drifts || drifts.size === 0) return undefined;
  return [...drifts].slice(0, 10).map(([key, result]) => {
    const first = result.differences[0];
    return `${key} ${result.verdict}${first ? ` ${first.path} (${first.reason})` : ''}`;
  });
}
