/**
 * The prune set and its order. A live object is pruned only when (1) it is not desired,
 * (2) it is not a hook, (3) its tracking-id names this app and this object, (4) it is inside
 * the operation's resources, (5) prune is enabled and (6) it does not say Prune=false.
 * Waves are reversed (what was created last is deleted first, as gitops-engine does) and
 * PruneLast moves a prune after every Sync wave.
 */
import {
  describeResource,
  parseResourceKey,
  type KubeObject,
  type ResourceKey,
} from '../../model/index.js';
import { isOwnedByApp } from './ownership.js';
import { isHookObject, readResourceSyncOptions, readSyncWave } from './resource-annotations.js';
import type { SkippedResource, SyncPlanInput, SyncTask } from './types.js';

export interface PruneSelection {
  readonly tasks: SyncTask[];
  readonly skipped: SkippedResource[];
}

/** Whether this sync may delete at all: the operation's flag, or automated.prune. */
export function isPruneEnabled(input: SyncPlanInput): boolean {
  return input.prune || input.automated?.prune === true;
}

export function selectPrunes(
  input: SyncPlanInput,
  isInResources: (key: ResourceKey) => boolean,
  warnings: string[],
): PruneSelection {
  const tasks: SyncTask[] = [];
  const skipped: SkippedResource[] = [];
  const pruneEnabled = isPruneEnabled(input);
  for (const key of [...input.live.keys()].sort()) {
    const live = input.live.get(key);
    if (live === undefined || input.desired.has(key)) continue;
    // Hooks are made by syncs (often with generated names); deleting them is the delete policy's job.
    if (isHookObject(live)) continue;
    // Without our own tracking-id the object may belong to a person or another tool: never prune.
    if (!isOwnedByApp(live, key, input.app)) continue;
    const subject = describeResource(parseResourceKey(key));
    const skip = (reason: SkippedResource['reason'], message: string): void => {
      skipped.push({ key, action: 'prune', reason, message: `${subject}: ${message}` });
    };
    if (!isInResources(key)) {
      skip('NotInResources', 'not in the operation resources, so not pruned');
      continue;
    }
    if (!pruneEnabled) {
      skip('PruneDisabled', 'no longer in Git; ignored (requires pruning)');
      continue;
    }
    const options = readResourceSyncOptions(live, warnings);
    if (options.get('Prune') === 'false') {
      skip('PruneFalse', 'no longer in Git; ignored (Prune=false)');
      continue;
    }
    tasks.push(
      makePruneTask(key, live, {
        wave: readSyncWave(live, warnings),
        pruneLast: input.syncOptions.pruneLast || options.get('PruneLast') === 'true',
        input,
      }),
    );
  }
  return { tasks, skipped };
}

function makePruneTask(
  key: ResourceKey,
  live: KubeObject,
  how: { wave: number; pruneLast: boolean; input: SyncPlanInput },
): SyncTask {
  return {
    key,
    action: 'prune',
    phase: 'Sync',
    wave: how.wave,
    object: live,
    reason: 'notDesired',
    exists: true,
    propagationPolicy: how.input.syncOptions.prunePropagationPolicy,
    pruneLast: how.pruneLast,
  };
}

/**
 * Mirror the prune waves: with prune waves w1 < … < wn, a task of wave wi runs in wave
 * w(n+1-i), so objects created in late waves are deleted in early ones.
 */
export function reversePruneWaves(tasks: readonly SyncTask[]): SyncTask[] {
  const waves = [...new Set(tasks.map((task) => task.wave))].sort((a, b) => a - b);
  const mirrored = new Map(waves.map((wave, index) => [wave, waves[waves.length - 1 - index]]));
  return tasks.map((task) => ({ ...task, wave: mirrored.get(task.wave) ?? task.wave }));
}

/**
 * PruneLast: one wave after the last Sync-phase wave (never before wave 1), so the prune
 * runs only after everything else has been applied and found healthy.
 */
export function movePruneLast(
  prunes: readonly SyncTask[],
  others: readonly SyncTask[],
): SyncTask[] {
  if (!prunes.some((task) => task.pruneLast === true)) return [...prunes];
  let lastWave = 0;
  for (const task of [...others, ...prunes]) {
    if (task.phase === 'Sync' && task.wave > lastWave) lastWave = task.wave;
  }
  return prunes.map((task) => (task.pruneLast === true ? { ...task, wave: lastWave + 1 } : task));
}
