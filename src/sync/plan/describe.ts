/** A sync plan as short human lines, for `capstan app sync --dry-run`, logs and events. */
import { describeResource, parseResourceKey } from '../../model/index.js';
import type { SyncPlan, SyncTask, TaskReason } from './types.js';

const REASON_TEXT: Readonly<Record<TaskReason, string>> = {
  missing: 'create: not in the cluster',
  drift: 'update: drifted from Git',
  needsDryRun: 'update: may differ (to be settled by the server)',
  notCompared: 'update: not compared',
  inSync: 'update: already in sync',
  hook: 'run hook',
  notDesired: 'delete: no longer in Git',
  namespaceMissing: 'create: destination namespace missing',
};

function describeDetails(task: SyncTask): string[] {
  const details = [REASON_TEXT[task.reason]];
  if (task.deletePolicies !== undefined && task.deletePolicies.length > 0) {
    details.push(`delete policy ${task.deletePolicies.join(',')}`);
  }
  if (task.replace === true) details.push('replace');
  if (task.validate === false) details.push('no validation');
  if (task.skipDryRunOnMissingResource === true) details.push('dry-run skipped if kind missing');
  if (task.pruneLast === true) details.push('PruneLast');
  if (task.propagationPolicy !== undefined) details.push(`propagation ${task.propagationPolicy}`);
  return details;
}

/** `Sync wave 0: apply Deployment/web in prod (update: drifted from Git; replace)` */
export function describeSyncTask(task: SyncTask): string {
  const subject = describeResource(parseResourceKey(task.key));
  return `${task.phase} wave ${task.wave}: ${task.action} ${subject} (${describeDetails(task).join('; ')})`;
}

/** One line per task in execution order, then SyncFail hooks, skips and warnings. */
export function describeSyncPlan(plan: SyncPlan): string[] {
  if (plan.refusal !== undefined) {
    return [`refused (${plan.refusalReason ?? 'unknown'}): ${plan.refusal}`];
  }
  const lines = plan.steps.flatMap((step) => step.tasks.map(describeSyncTask));
  if (lines.length === 0) lines.push('nothing to apply or prune');
  for (const task of plan.syncFailHooks) lines.push(`on failure: ${describeSyncTask(task)}`);
  for (const skipped of plan.skipped) lines.push(`skipped (${skipped.reason}): ${skipped.message}`);
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return lines;
}
