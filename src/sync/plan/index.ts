/**
 * sync/plan — pure planning of what a sync does. Input: the desired object set (placed in
 * namespaces, stamped with tracking metadata by prepareDesiredObjects), live objects, diff
 * verdicts and the operation's settings → output: a SyncPlan (phases PreSync → Sync →
 * PostSync, waves, Argo CD's kind order, hooks with delete policies, the prune set and its
 * order, SyncFail hooks, skips with reasons) or a refusal. It must never plan a prune of an
 * object whose tracking-id does not name this app, never plan anything after a failed render
 * or an automated wipe-out without allowEmpty, and never take another app's object. Never
 * does I/O, never reads the clock.
 */
export { prepareDesiredObjects, stampTracking } from './desired.js';
export type {
  DesiredObject,
  DesiredOptions,
  DesiredProblem,
  DesiredSet,
  ScopeLookup,
} from './desired.js';
export { planSync } from './plan-sync.js';
export { describeSyncPlan, describeSyncTask } from './describe.js';
export { formatHookName } from './hooks.js';
export type {
  HookDeletePolicy,
  PlanPhase,
  SkippedResource,
  SkipReason,
  SyncPlan,
  SyncPlanInput,
  SyncRefusalReason,
  SyncStep,
  SyncTask,
  TaskAction,
  TaskReason,
} from './types.js';
export { decideAutomatedSync } from './automation.js';
export type { AutomationDecision, AutomationInput } from './automation.js';
export { classifyHook, readResourceSyncOptions, readSyncWave } from './resource-annotations.js';
export type { HookClass } from './resource-annotations.js';
export {
  isSameSourceApartFromRevision,
  refuseWhileAutomated,
  requestedSourceOf,
} from './operation-target.js';
