/**
 * Prune tasks: DELETE with the plan's propagation policy, only while the object is still the
 * one the plan saw (uid precondition) — a namesake created since is never deleted.
 */
import type { PrunePropagationPolicy } from '../../api/index.js';
import {
  deleteObject,
  type DeleteOptions,
  type DeleteOutcome,
  type PropagationPolicy,
} from '../../kube/index.js';
import type { SyncTask } from '../plan/index.js';
import { refOf, uidOf } from './object-state.js';
import { describePruneChange, type PruneChange } from './results.js';
import { recordTaskRejection, type Runner } from './runner.js';

const PROPAGATION: Readonly<Record<PrunePropagationPolicy, PropagationPolicy>> = {
  foreground: 'Foreground',
  background: 'Background',
  orphan: 'Orphan',
};

export function deleteOptionsOf(task: SyncTask, dryRun: boolean): DeleteOptions {
  const options: DeleteOptions = {
    propagationPolicy: PROPAGATION[task.propagationPolicy ?? 'foreground'],
  };
  const uid = uidOf(task.object);
  if (uid !== undefined) options.preconditions = { uid };
  if (dryRun) options.dryRun = true;
  return options;
}

export function toPruneChange(outcome: DeleteOutcome): PruneChange {
  switch (outcome) {
    case 'deleted':
      return 'pruned';
    case 'notFound':
      return 'alreadyGone';
    case 'preconditionFailed':
      return 'replacedSincePlan';
  }
}

export type PruneOutcome =
  | { readonly ok: true; readonly change: PruneChange }
  | { readonly ok: false; readonly message: string };

/** Deletes one pruned object and records the result; the caller waits for it to be gone. */
export async function runPruneTask(runner: Runner, task: SyncTask): Promise<PruneOutcome> {
  try {
    const outcome = await deleteObject(
      runner.client,
      refOf(task.object),
      deleteOptionsOf(task, false),
    );
    const change = toPruneChange(outcome);
    await runner.book.record(task, describePruneChange(change, false));
    return { ok: true, change };
  } catch (error) {
    return recordTaskRejection(runner, task, error);
  }
}
