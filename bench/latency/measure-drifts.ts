/**
 * drift → healed: each trial overwrites a field Git sets (the `settings` ConfigMap's `mode`,
 * or the Deployment's `replicas`) with the bench's own client and times, from the PATCH
 * returning, until the bench's watch shows Git's value back (self-heal).
 *
 * Self-heal on one app backs off (2 s × 3^(n−1) after its n-th heal, forgotten after 5 quiet
 * minutes; docs/controller.md): a feature, so two writers cannot make the controller spin.
 * The trials measure the undelayed heal: they rotate over the apps, and before drifting an
 * app again the bench waits until that app's backoff has run out. A separate series drifts
 * one reserved app back to back, to show the backoff itself.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { patchObject, type KubeClient, type ManifestObject } from '../../src/kube/index.js';
import { formatMs } from '../compare/format-report.js';
import type { BenchApp } from '../compare/generate-apps.js';
import type { Progress } from '../compare/setup.js';
import { DEPLOYMENT_NAME, GIT_VALUES, SETTINGS } from './latency-apps.js';
import { readConfigMapValue } from './measure-commits.js';
import type { BackToBackSample, DriftField, DriftSample } from './report.js';
import { readRevision, type ValueWatch, type WatchTarget } from './value-watch.js';

export interface DriftContext {
  readonly client: KubeClient;
  readonly watch: ValueWatch;
  readonly timeoutMs: number;
  readonly progress: Progress;
}

/** The controller's delay after an app's n-th self-heal in a row (sync-trigger.ts, documented). */
export function computeSelfHealBackoffMs(heals: number): number {
  return heals < 1 ? 0 : 2000 * 3 ** (heals - 1);
}

/** Slack on top of the backoff: the controller's clock starts when its heal starts. */
const SPACING_MARGIN_MS = 300;

interface Drift {
  readonly target: WatchTarget;
  readonly patch: Record<string, unknown>;
  readonly isGitValue: (object: ManifestObject) => boolean;
}

function describeDrift(app: BenchApp, field: DriftField, trial: number): Drift {
  if (field === 'ConfigMap data')
    return {
      target: { kind: 'ConfigMap', namespace: app.namespace, name: SETTINGS.name },
      patch: { data: { [SETTINGS.driftKey]: `drifted-${String(trial)}` } },
      isGitValue: (o) => readConfigMapValue(o, SETTINGS.driftKey) === GIT_VALUES.mode,
    };
  return {
    target: { kind: 'Deployment', namespace: app.namespace, name: DEPLOYMENT_NAME },
    patch: { spec: { replicas: GIT_VALUES.replicas + 1 + (trial % 3) } },
    isGitValue: (o) =>
      (o['spec'] as { replicas?: number } | undefined)?.replicas === GIT_VALUES.replicas,
  };
}

/** One live overwrite, timed until the watch shows it and until Git's value is back. */
async function driftOnce(
  context: DriftContext,
  drift: Drift,
  extraTimeoutMs = 0,
): Promise<Pick<DriftSample, 'patchMs' | 'driftSeenMs' | 'healedMs'>> {
  const { target } = drift;
  const ref = {
    apiVersion: target.kind === 'ConfigMap' ? 'v1' : 'apps/v1',
    kind: target.kind,
    namespace: target.namespace,
    name: target.name,
  };
  const beforePatch = performance.now();
  const drifted = await patchObject(context.client, ref, drift.patch, 'merge');
  const patched = performance.now();
  const revision = readRevision(drifted);
  const timeoutMs = context.timeoutMs + extraTimeoutMs;
  const seen = context.watch.waitFor(target, (o) => readRevision(o) >= revision, { timeoutMs });
  const healed = await context.watch.waitFor(
    target,
    (o) => readRevision(o) > revision && drift.isGitValue(o),
    {
      timeoutMs,
      onWaiting: (ms) => {
        context.progress(`  … ${target.namespace} ${target.kind} not healed yet (${formatMs(ms)})`);
      },
    },
  );
  const driftSeen = await seen;
  return {
    patchMs: patched - beforePatch,
    driftSeenMs: driftSeen === undefined ? undefined : driftSeen - patched,
    healedMs: healed === undefined ? undefined : healed - patched,
  };
}

/** Waits until `until` (performance.now() time), saying so every 5 s. */
async function waitUntil(until: number, why: string, progress: Progress): Promise<void> {
  for (let left = until - performance.now(); left > 0; left = until - performance.now()) {
    if (left > 5000) progress(`  waiting ${formatMs(left)} for ${why}`);
    await delay(Math.min(left, 5000));
  }
}

export interface DriftTrialsOptions {
  readonly apps: readonly BenchApp[];
  readonly trials: number;
  readonly maxPauseMs: number;
  readonly random: () => number;
}

/** Trials rotate over the apps and alternate ConfigMap data / Deployment replicas. */
export async function measureDriftTrials(
  context: DriftContext,
  options: DriftTrialsOptions,
): Promise<DriftSample[]> {
  const heals = new Map<string, { count: number; healedAt: number }>();
  const samples: DriftSample[] = [];
  for (let trial = 0; trial < options.trials; trial++) {
    const app = options.apps[trial % options.apps.length] as BenchApp;
    const field: DriftField = trial % 2 === 0 ? 'ConfigMap data' : 'Deployment replicas';
    const earlier = heals.get(app.name);
    const backoffEnds = earlier
      ? earlier.healedAt + computeSelfHealBackoffMs(earlier.count) + SPACING_MARGIN_MS
      : 0;
    const pauseEnds = performance.now() + options.random() * options.maxPauseMs;
    await waitUntil(
      Math.max(pauseEnds, backoffEnds),
      `${app.name}'s self-heal backoff to run out`,
      context.progress,
    );
    const spacedMs = Math.max(0, backoffEnds - pauseEnds);
    const timed = await driftOnce(context, describeDrift(app, field, trial));
    const healedAt = performance.now();
    heals.set(app.name, { count: (earlier?.count ?? 0) + 1, healedAt });
    samples.push({ trial, app: app.name, field, spacedMs, ...timed });
    context.progress(
      `drift ${String(trial + 1)}/${String(options.trials)}: ${app.name} ${field} healed after ${timed.healedMs === undefined ? 'NEVER (timed out)' : formatMs(timed.healedMs)}${spacedMs > 0 ? ` (spaced ${formatMs(spacedMs)} for the backoff)` : ''}`,
    );
  }
  return samples;
}

/** `count` ConfigMap drifts of one app, each as soon as the previous one healed. */
export async function measureBackToBack(
  context: DriftContext,
  app: BenchApp,
  count: number,
): Promise<BackToBackSample[]> {
  const samples: BackToBackSample[] = [];
  for (let drift = 1; drift <= count; drift++) {
    const backoffMs = computeSelfHealBackoffMs(drift - 1);
    const drifted = describeDrift(app, 'ConfigMap data', 1000 + drift);
    const { healedMs } = await driftOnce(context, drifted, backoffMs);
    samples.push({ drift, healedMs, backoffMs });
    context.progress(
      `back-to-back drift ${String(drift)}/${String(count)} on ${app.name}: healed after ${healedMs === undefined ? 'NEVER (timed out)' : formatMs(healedMs)} (documented backoff ${formatMs(backoffMs)})`,
    );
  }
  return samples;
}
