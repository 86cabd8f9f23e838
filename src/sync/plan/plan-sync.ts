/**
 * planSync: desired, live and diff verdicts → the ordered steps of one sync, or a refusal.
 * Pure and synchronous; the same input always gives the same plan.
 */
import {
  formatResourceKey,
  parseResourceKey,
  type KubeObject,
  type ResourceKey,
} from '../../model/index.js';
import { orderTasks, groupSteps } from './order.js';
import { makeResourceFilter, planDesiredObjects, type DesiredPlan } from './plan-desired.js';
import { isPruneEnabled, movePruneLast, reversePruneWaves, selectPrunes } from './prune-set.js';
import type {
  SkippedResource,
  SyncPlan,
  SyncPlanInput,
  SyncRefusalReason,
  SyncTask,
} from './types.js';

function refuse(reason: SyncRefusalReason, message: string, warnings: string[]): SyncPlan {
  // A refused plan carries no task at all, so no executor can run part of it by mistake.
  return {
    steps: [],
    syncFailHooks: [],
    skipped: [],
    refusal: message,
    refusalReason: reason,
    warnings,
  };
}

function namespaceTask(input: SyncPlanInput): SyncTask | undefined {
  const name = input.destinationNamespace;
  if (!input.syncOptions.createNamespace || name === '') return undefined;
  const key = formatResourceKey({ group: '', kind: 'Namespace', namespace: '', name });
  if (input.desired.has(key)) return undefined;
  if (input.destinationNamespaceExists ?? input.live.has(key)) return undefined;
  const object: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  return {
    key,
    action: 'createNamespace',
    phase: 'PreSync',
    wave: 0,
    object,
    reason: 'namespaceMissing',
    exists: false,
    replace: false,
    validate: input.syncOptions.validate,
    skipDryRunOnMissingResource: false,
  };
}

function findRefusal(
  input: SyncPlanInput,
  desired: DesiredPlan,
  prunes: readonly SyncTask[],
): { reason: SyncRefusalReason; message: string } | undefined {
  if (desired.clientSideApply.length > 0) {
    return {
      reason: 'ServerSideApplyDisabled',
      message: `${desired.clientSideApply.join(', ')}: ServerSideApply=false is not supported; Capstan always applies server-side`,
    };
  }
  if (desired.shared.length > 0 && input.syncOptions.failOnSharedResource) {
    return {
      reason: 'SharedResource',
      message: `${desired.shared.map((shared) => shared.message).join('; ')}; FailOnSharedResource=true refuses the sync`,
    };
  }
  // An automated sync of an empty render (a wrong path, a bad merge) must not wipe the app.
  if (
    input.automated !== undefined &&
    isPruneEnabled(input) &&
    input.automated.allowEmpty !== true &&
    desired.resourceCount === 0 &&
    prunes.length > 0
  ) {
    return {
      reason: 'WouldPruneEverything',
      message: `automated sync would prune all ${prunes.length} resources of the app and apply none; set syncPolicy.automated.allowEmpty=true to allow it`,
    };
  }
  return undefined;
}

function compareSkipped(a: SkippedResource, b: SkippedResource): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.action < b.action ? -1 : a.action > b.action ? 1 : 0;
}

export function planSync(input: SyncPlanInput): SyncPlan {
  const warnings: string[] = [];
  // After a failed render the desired set is partial: applying or pruning from it would
  // delete or roll back objects that are still in Git.
  if (!input.renderSucceeded) {
    return refuse('RenderFailed', 'rendering failed: nothing is applied or pruned', warnings);
  }
  if (!input.syncOptions.serverSideApply) {
    return refuse(
      'ServerSideApplyDisabled',
      'sync option ServerSideApply=false is not supported; Capstan always applies server-side',
      warnings,
    );
  }
  const desired = planDesiredObjects(input, warnings);
  const isInResources = makeResourceFilter(input.resources);
  const pruneSelection = selectPrunes(
    input,
    (key: ResourceKey) => isInResources(parseResourceKey(key)),
    warnings,
  );
  const refusal = findRefusal(input, desired, pruneSelection.tasks);
  if (refusal !== undefined) return refuse(refusal.reason, refusal.message, warnings);

  const applies = [...desired.tasks];
  const createNamespace = namespaceTask(input);
  if (createNamespace !== undefined) applies.push(createNamespace);
  const prunes = movePruneLast(reversePruneWaves(pruneSelection.tasks), applies);
  return {
    steps: groupSteps(orderTasks([...applies, ...prunes])),
    syncFailHooks: orderTasks(desired.syncFailHooks),
    skipped: [...desired.skipped, ...pruneSelection.skipped].sort(compareSkipped),
    warnings,
  };
}
