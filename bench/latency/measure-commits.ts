/**
 * commit → applied: each trial commits a new value of one app's `settings` ConfigMap to the
 * served repository and times, from the commit returning, until the bench's watch shows the
 * value in the cluster. Nothing nudges the controller (no refresh annotation, no webhook): it
 * has to notice the commit by its own Git poll (`--resync`).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ManifestObject } from '../../src/kube/index.js';
import type { TestRepo } from '../../test/helpers/git-server/index.js';
import { formatMs } from '../compare/format-report.js';
import type { BenchApp } from '../compare/generate-apps.js';
import type { Progress } from '../compare/setup.js';
import { SETTINGS, configMapsPathOf, writeConfigMaps } from './latency-apps.js';
import type { CommitSample } from './report.js';
import type { ValueWatch } from './value-watch.js';

export interface CommitTrialsContext {
  readonly repo: TestRepo;
  /** Trials rotate over these apps. */
  readonly apps: readonly BenchApp[];
  readonly watch: ValueWatch;
  readonly trials: number;
  /** Longest random pause before a commit: one poll period spreads commits over the cycle. */
  readonly maxPauseMs: number;
  readonly random: () => number;
  readonly timeoutMs: number;
  readonly progress: Progress;
}

export function readConfigMapValue(object: ManifestObject, key: string): string | undefined {
  return (object['data'] as Record<string, string> | undefined)?.[key];
}

export async function measureCommitTrials(context: CommitTrialsContext): Promise<CommitSample[]> {
  const { repo, apps, watch, progress } = context;
  const samples: CommitSample[] = [];
  for (let trial = 0; trial < context.trials; trial++) {
    const app = apps[trial % apps.length] as BenchApp;
    const value = `commit-${String(trial)}`;
    const pauseMs = Math.round(context.random() * context.maxPauseMs);
    await delay(pauseMs);
    const beforeCommit = performance.now();
    const commit = await repo.commit(
      { [configMapsPathOf(app)]: writeConfigMaps(app.name, value) },
      { message: `latency trial ${String(trial)}: ${app.name} ${value}` },
    );
    const committed = performance.now();
    const seen = await watch.waitFor(
      { kind: 'ConfigMap', namespace: app.namespace, name: SETTINGS.name },
      (object) => readConfigMapValue(object, SETTINGS.trialKey) === value,
      {
        timeoutMs: context.timeoutMs,
        onWaiting: (ms) => {
          progress(`  … ${app.name} has not applied ${value} yet (${formatMs(ms)})`);
        },
      },
    );
    const appliedMs = seen === undefined ? undefined : seen - committed;
    samples.push({
      trial,
      app: app.name,
      commit,
      pauseMs,
      commitMs: committed - beforeCommit,
      appliedMs,
    });
    progress(
      `commit ${String(trial + 1)}/${String(context.trials)}: ${app.name} ${commit.slice(0, 7)} applied after ${appliedMs === undefined ? 'NEVER (timed out)' : formatMs(appliedMs)}`,
    );
  }
  return samples;
}
