/**
 * From an unordered task list to ordered steps. After the plain sort, two dependency rules
 * pull a task forward (gitops-engine does the same): a Namespace moves before the first task
 * placed in it, and a CRD before the first custom resource of its group/kind — each taking
 * the phase and wave of the task that needs it, so a wave annotation can never make an
 * object wait for a namespace or a kind that does not exist yet.
 */
import { groupOfApiVersion, identityOf, type KubeObject } from '../../model/index.js';
import { comparePrunes, compareTasks } from './kind-order.js';
import type { PlanPhase, SyncStep, SyncTask } from './types.js';

type KeyOf = (object: KubeObject) => string | undefined;

function namespaceProvided(object: KubeObject): string | undefined {
  const identity = identityOf(object);
  return identity.kind === 'Namespace' && identity.group === '' ? identity.name : undefined;
}

function namespaceNeeded(object: KubeObject): string | undefined {
  const { namespace } = identityOf(object);
  return namespace === '' ? undefined : namespace;
}

/** The `group/kind` a CRD defines, or undefined when the object is not a usable CRD. */
export function readDefinedKind(object: KubeObject): string | undefined {
  const identity = identityOf(object);
  if (identity.kind !== 'CustomResourceDefinition' || identity.group !== 'apiextensions.k8s.io') {
    return undefined;
  }
  const spec = object['spec'] as { group?: unknown; names?: { kind?: unknown } } | undefined;
  if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string') return undefined;
  return `${spec.group}/${spec.names.kind}`;
}

function kindNeeded(object: KubeObject): string | undefined {
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  return `${groupOfApiVersion(apiVersion)}/${identityOf(object).kind}`;
}

/** Moves each provider before the first task that needs what it provides. */
function hoistProviders(tasks: SyncTask[], provided: KeyOf, needed: KeyOf): SyncTask[] {
  const ordered = [...tasks];
  const firstUse = new Map<string, number>();
  for (let index = 0; index < ordered.length; index += 1) {
    const task = ordered[index];
    // Deleting never needs anything created first.
    if (task === undefined || task.action === 'prune') continue;
    const provides = provided(task.object);
    if (provides !== undefined) {
      const target = firstUse.get(provides);
      const anchor = target === undefined ? undefined : ordered[target];
      if (target === undefined || anchor === undefined) continue;
      ordered.splice(index, 1);
      ordered.splice(target, 0, { ...task, phase: anchor.phase, wave: anchor.wave });
      for (const [use, at] of firstUse) if (at >= target) firstUse.set(use, at + 1);
      continue;
    }
    const needs = needed(task.object);
    if (needs !== undefined && !firstUse.has(needs)) firstUse.set(needs, index);
  }
  return ordered;
}

/** Sorted, with namespaces and CRDs hoisted before their first user. */
export function orderTasks(tasks: readonly SyncTask[]): SyncTask[] {
  const sorted = [...tasks].sort(compareTasks);
  const withNamespaces = hoistProviders(sorted, namespaceProvided, namespaceNeeded);
  return hoistProviders(withNamespaces, readDefinedKind, kindNeeded);
}

/** Consecutive tasks of one phase and wave form a step; its prunes go first. */
export function groupSteps(ordered: readonly SyncTask[]): SyncStep[] {
  const steps: { phase: PlanPhase; wave: number; tasks: SyncTask[] }[] = [];
  for (const task of ordered) {
    if (task.phase === 'SyncFail') continue;
    const last = steps.at(-1);
    if (last?.phase === task.phase && last.wave === task.wave) last.tasks.push(task);
    else steps.push({ phase: task.phase, wave: task.wave, tasks: [task] });
  }
  return steps.map((step) => {
    const prunes = step.tasks.filter((task) => task.action === 'prune').sort(comparePrunes);
    const rest = step.tasks.filter((task) => task.action !== 'prune');
    return { ...step, tasks: [...prunes, ...rest] };
  });
}
