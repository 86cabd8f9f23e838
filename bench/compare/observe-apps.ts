/**
 * Watches Application status through the API server (not kubectl, whose start-up would
 * swamp the numbers): how long until every app is Synced at the expected revision with
 * all its resources listed, and how long a live edit of a managed ConfigMap takes to show
 * as OutOfSync (and a re-apply to show as Synced again).
 */
import type { ApplicationStatus } from '../../src/api/index.js';
import {
  applyServerSide,
  getObject,
  listObjects,
  patchObject,
  type KubeClient,
  type ManifestObject,
} from '../../src/kube/index.js';
import type { DesiredObject } from '../../src/sync/plan/index.js';
import { APP_NAMESPACE, type BenchApp } from './generate-apps.js';
import type { DesiredByApp, Progress } from './setup.js';

const APPLICATIONS = { group: 'capstan.dev', version: 'v1alpha1', kind: 'Application' };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function statusOf(app: ManifestObject | undefined): ApplicationStatus | undefined {
  return app?.['status'] as ApplicationStatus | undefined;
}

function isFullySynced(status: ApplicationStatus | undefined, commit: string, count: number) {
  return (
    status?.sync?.status === 'Synced' &&
    status.sync.revision === commit &&
    (status.resources ?? []).length === count
  );
}

export interface AllSyncedResult {
  /** Per app, ms from `startedAt` until first seen fully Synced (missing: never). */
  readonly syncedAtMs: ReadonlyMap<string, number>;
  readonly timedOut: boolean;
  readonly polls: number;
  readonly meanListMs: number;
  /** Apps not Synced at the end, grouped by what their status said. */
  readonly stragglers: { state: string; apps: number; example: string }[];
  /** App health at the end, counted by status. */
  readonly health: Record<string, number>;
}

function describeState(status: ApplicationStatus | undefined): { state: string; detail: string } {
  const condition = status?.conditions?.[0];
  const drifted = (status?.resources ?? []).filter((r) => r.status !== 'Synced');
  const state = [
    status?.sync?.status ?? 'no status',
    `${String(status?.resources?.length ?? 0)} resources`,
    condition ? condition.type : '',
  ].join(' ');
  const detail = condition
    ? condition.message
    : drifted
        .slice(0, 3)
        .map((r) => `${r.kind ?? ''}/${r.name ?? ''}=${r.status ?? ''}`)
        .join(', ');
  return { state: state.trim(), detail };
}

/** Lists the Applications every `pollMs` until all are Synced at `commit` or time runs out. */
export async function waitForAllSynced(
  client: KubeClient,
  apps: readonly BenchApp[],
  commit: string,
  options: { startedAt: number; timeoutMs: number; pollMs: number; progress: Progress },
): Promise<AllSyncedResult> {
  const expected = new Map(apps.map((app) => [app.name, app.objects.length]));
  const syncedAtMs = new Map<string, number>();
  let polls = 0;
  let listMs = 0;
  let lastReport = performance.now();
  let items: ManifestObject[] = [];
  for (;;) {
    const pollStart = performance.now();
    items = (await listObjects(client, APPLICATIONS, { namespace: APP_NAMESPACE })).items;
    const now = performance.now();
    polls += 1;
    listMs += now - pollStart;
    for (const item of items) {
      const name = item.metadata.name;
      const count = expected.get(name);
      if (count === undefined || syncedAtMs.has(name)) continue;
      if (isFullySynced(statusOf(item), commit, count))
        syncedAtMs.set(name, now - options.startedAt);
    }
    const done = syncedAtMs.size === apps.length;
    const timedOut = !done && now - options.startedAt > options.timeoutMs;
    if (done || timedOut || now - lastReport > 5000) {
      lastReport = now;
      const withStatus = items.filter((item) => statusOf(item)?.sync).length;
      options.progress(
        `  ${String(syncedAtMs.size)}/${String(apps.length)} apps Synced at ${commit.slice(0, 7)}, ${String(withStatus)} with a status (${((now - options.startedAt) / 1000).toFixed(1)} s)`,
      );
    }
    if (done || timedOut)
      return {
        syncedAtMs,
        timedOut,
        polls,
        meanListMs: listMs / polls,
        stragglers: groupStragglers(items, syncedAtMs),
        health: countHealth(items),
      };
    await sleep(Math.max(0, options.pollMs - (performance.now() - pollStart)));
  }
}

function groupStragglers(items: readonly ManifestObject[], synced: ReadonlyMap<string, number>) {
  const groups = new Map<string, { state: string; apps: number; example: string }>();
  for (const item of items) {
    if (synced.has(item.metadata.name)) continue;
    const { state, detail } = describeState(statusOf(item));
    const group = groups.get(state);
    if (group) group.apps += 1;
    else groups.set(state, { state, apps: 1, example: `${item.metadata.name}: ${detail}` });
  }
  return [...groups.values()];
}

function countHealth(items: readonly ManifestObject[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const health = statusOf(item)?.health?.status ?? 'none';
    out[health] = (out[health] ?? 0) + 1;
  }
  return out;
}

export interface LiveEditSample {
  readonly app: string;
  readonly configMap: string;
  /** From sending the patch to the app reporting the ConfigMap OutOfSync; undefined: never. */
  readonly outOfSyncMs: number | undefined;
  /** From re-applying the desired ConfigMap to the app reporting Synced again. */
  readonly resyncedMs: number | undefined;
}

/** performance.now() when the app's status first satisfied `predicate`; undefined: never. */
async function pollStatusUntil(
  client: KubeClient,
  app: string,
  predicate: (status: ApplicationStatus | undefined) => boolean,
  timeoutMs: number,
): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const object = await getObject(client, {
      apiVersion: 'capstan.dev/v1alpha1',
      kind: 'Application',
      namespace: APP_NAMESPACE,
      name: app,
    });
    if (predicate(statusOf(object))) return performance.now();
    await sleep(20);
  }
  return undefined;
}

/** Plain (non-generated) ConfigMaps with data, the kind of object people edit by hand. */
function editableConfigMaps(desired: DesiredByApp): { app: string; entry: DesiredObject }[] {
  return [...desired].flatMap(([app, entries]) =>
    entries
      .filter((e) => e.identity.kind === 'ConfigMap' && e.object['data'] !== undefined)
      .map((entry) => ({ app, entry })),
  );
}

/**
 * Edits `count` random managed ConfigMaps one at a time (a value the desired state sets),
 * timing until the owning app reports it OutOfSync; then re-applies the desired object and
 * times until the app is Synced again, so every sample starts from a Synced app.
 */
export async function measureLiveEdits(
  client: KubeClient,
  desired: DesiredByApp,
  options: { count: number; random: () => number; timeoutMs: number; progress: Progress },
): Promise<LiveEditSample[]> {
  const candidates = editableConfigMaps(desired);
  const samples: LiveEditSample[] = [];
  for (let i = 0; i < options.count && candidates.length > 0; i++) {
    const { app, entry } = candidates.splice(
      Math.floor(options.random() * candidates.length),
      1,
    )[0] as { app: string; entry: DesiredObject };
    const data = entry.object['data'] as Record<string, string>;
    const key = Object.keys(data)[0] ?? 'LOG_LEVEL';
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: entry.identity.namespace,
      name: entry.identity.name,
    };
    const isThisDrift = (status: ApplicationStatus | undefined): boolean =>
      status?.sync?.status === 'OutOfSync' &&
      (status.resources ?? []).some(
        (r) => r.kind === 'ConfigMap' && r.name === ref.name && r.status === 'OutOfSync',
      );
    const started = performance.now();
    await patchObject(client, ref, { data: { [key]: `edited-${String(i)}` } }, 'merge');
    const seen = await pollStatusUntil(client, app, isThisDrift, options.timeoutMs);
    const outOfSyncMs = seen === undefined ? undefined : seen - started;
    const restoreStarted = performance.now();
    await applyServerSide(client, entry.object as ManifestObject);
    const back = await pollStatusUntil(
      client,
      app,
      (status) => status?.sync?.status === 'Synced',
      options.timeoutMs,
    );
    const resyncedMs = back === undefined ? undefined : back - restoreStarted;
    samples.push({ app, configMap: ref.name, outOfSyncMs, resyncedMs });
    options.progress(
      `  edit ${String(i + 1)}/${String(options.count)}: ${app} ConfigMap/${ref.name} OutOfSync after ${outOfSyncMs === undefined ? 'NEVER' : `${outOfSyncMs.toFixed(0)} ms`}, Synced again after ${resyncedMs === undefined ? 'NEVER' : `${resyncedMs.toFixed(0)} ms`}`,
    );
  }
  return samples;
}
