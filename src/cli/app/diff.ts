import type { Application, ResourceIgnoreDifferences } from '../../api/index.js';
import {
  compareDryRun,
  compareResource,
  removeIgnoredFields,
  type DiffResult,
} from '../../diff/index.js';
import {
  dryRunApply,
  getObject,
  isKindServed,
  type KubeClient,
  type ManifestObject,
} from '../../kube/index.js';
import {
  describeError,
  describeResource,
  type KubeObject,
  type ResourceIdentity,
} from '../../model/index.js';
import { classifyHook, type DesiredObject } from '../../sync/plan/index.js';
import type { CommandIO } from '../io.js';
import type { AppCommand } from './app-args.js';
import { requireApp } from './app-client.js';
import { renderDesiredState } from './desired-state.js';
import { formatUnifiedDiff } from './line-diff.js';
import { formatObjectYaml, maskSecretPair, normalizeForDiff } from './normalize-object.js';

/** `live/<kind>/<namespace>/<name>`; cluster-scoped objects have no namespace segment. */
function diffPathOf(side: 'live' | 'desired', identity: ResourceIdentity): string {
  const namespace = identity.namespace ? `${identity.namespace}/` : '';
  return `${side}/${identity.kind}/${namespace}${identity.name}`;
}

/** One object's unified diff from normalised live to normalised desired ('' when equal). */
export function formatObjectDiff(
  identity: ResourceIdentity,
  live: KubeObject | undefined,
  desired: KubeObject | undefined,
  rules: readonly ResourceIgnoreDifferences[],
): string {
  const clean = (object: KubeObject | undefined): KubeObject | undefined =>
    object && removeIgnoredFields(normalizeForDiff(object), rules, live);
  const [from, to] = maskSecretPair(clean(live), clean(desired));
  return formatUnifiedDiff(formatObjectYaml(from), formatObjectYaml(to), {
    fromName: diffPathOf('live', identity),
    toName: diffPathOf('desired', identity),
  });
}

async function readLiveOf(
  client: KubeClient,
  entry: DesiredObject,
): Promise<KubeObject | undefined> {
  const { kind, name, namespace } = entry.identity;
  const apiVersion = String(entry.object['apiVersion']);
  // A kind the server does not serve (its CRD is in this very app) has no live objects.
  if (!(await isKindServed(client, apiVersion, kind))) return undefined;
  return getObject(client, { apiVersion, kind, name, ...(namespace ? { namespace } : {}) });
}

/**
 * The diff of one desired object: nothing when applying it would change nothing (the
 * controller's own comparison, dry-run included), else live against what the API server says
 * the object would become (a server-side dry-run apply), so defaults never show as changes.
 */
async function diffDesiredObject(
  client: KubeClient,
  entry: DesiredObject,
  rules: readonly ResourceIgnoreDifferences[],
  warn: (message: string) => void,
): Promise<string> {
  const live = await readLiveOf(client, entry);
  if (live === undefined) return formatObjectDiff(entry.identity, undefined, entry.object, rules);
  const options = { ignoreDifferences: rules };
  let verdict: DiffResult = compareResource(entry.object, live, options);
  if (verdict.verdict === 'equal') return '';
  let predicted: KubeObject;
  try {
    predicted = await dryRunApply(client, entry.object as ManifestObject);
  } catch (error) {
    // E.g. a change to an immutable field: the server refuses the dry-run, but the user still
    // needs to see the change (and that a sync of it will fail).
    warn(
      `${describeResource(entry.identity)}: server-side dry-run failed (${describeError(error)}); showing desired fields laid over live`,
    );
    return formatObjectDiff(entry.identity, live, overlayDesired(live, entry.object), rules);
  }
  if (verdict.verdict === 'needsDryRun')
    verdict = compareDryRun(entry.object, live, predicted, options);
  if (verdict.verdict === 'equal') return '';
  return formatObjectDiff(entry.identity, live, predicted, rules);
}

/** Desired fields laid over live (maps merged, lists and scalars replaced): the fallback prediction. */
export function overlayDesired(live: KubeObject, desired: KubeObject): KubeObject {
  const isMap = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const merge = (base: unknown, over: unknown): unknown => {
    if (!isMap(base) || !isMap(over)) return structuredClone(over);
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = merge(base[key], value);
    return out;
  };
  return merge(live, desired) as KubeObject;
}

/** Live objects the app tracks but no longer renders: a sync with prune deletes them. */
async function diffExtraneous(client: KubeClient, app: Application): Promise<string[]> {
  const texts: string[] = [];
  for (const resource of app.status?.resources ?? []) {
    if (resource.requiresPruning !== true || !resource.kind || !resource.name) continue;
    const apiVersion = resource.group
      ? `${resource.group}/${resource.version ?? ''}`
      : (resource.version ?? 'v1');
    const namespace = resource.namespace ?? '';
    const live = await getObject(client, {
      apiVersion,
      kind: resource.kind,
      name: resource.name,
      ...(namespace ? { namespace } : {}),
    });
    if (!live) continue;
    const identity = {
      group: resource.group ?? '',
      kind: resource.kind,
      namespace,
      name: resource.name,
    };
    texts.push(formatObjectDiff(identity, live, undefined, app.spec.ignoreDifferences ?? []));
  }
  return texts;
}

/**
 * `capstan app diff NAME`: a unified diff, live → desired, for every object that a sync would
 * change, create or prune. Exit 1 when there are differences, 0 when none (kubectl diff's
 * convention); errors exit 2 through runApp.
 */
export async function runAppDiff(
  command: AppCommand,
  client: KubeClient,
  io: CommandIO,
): Promise<number> {
  const app = await requireApp(client, command.namespace, command.name);
  const { revision, desired } = await renderDesiredState(client, app, command.repoCacheDir);
  for (const problem of desired.problems) io.stderr(`capstan: warning: ${problem.message}\n`);
  const rules = app.spec.ignoreDifferences ?? [];
  const entries = [...desired.objects.values()]
    .filter((entry) => classifyHook(entry.object, []).kind === 'resource')
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const warn = (message: string): void => {
    io.stderr(`capstan: warning: ${message}\n`);
  };
  const texts = await Promise.all(
    entries.map((entry) => diffDesiredObject(client, entry, rules, warn)),
  );
  texts.push(...(await diffExtraneous(client, app)));
  const changed = texts.filter((text) => text !== '');
  io.stdout(changed.join(''));
  io.stderr(
    `capstan: ${command.namespace}/${command.name} at ${revision.slice(0, 7)}: ${String(changed.length)} object(s) differ\n`,
  );
  return changed.length > 0 ? 1 : 0;
}
