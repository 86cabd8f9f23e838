/**
 * Seeded random plans: whatever the mix of objects, owners, annotations and options, the
 * safety properties hold. Each seed is reproducible (createSeededRandom), and a failure
 * names its seed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  identityOf,
  parseTrackingId,
  resourceKeyOf,
  type AppRef,
  type KubeObject,
} from '../../../../src/model/index.js';
import { planSync, type SyncPlanInput } from '../../../../src/sync/plan/index.js';
import { createSeededRandom } from '../../../helpers/seeded-random.js';
import {
  APP,
  OTHER_APP,
  allTasks,
  buildInput,
  isNamespacedKind,
  manifest,
  ownedLive,
  unownedLive,
} from './plan-input.js';
import type { DiffVerdict } from '../../../../src/diff/index.js';

type Random = () => number;

const KINDS: readonly [string, string][] = [
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['apps/v1', 'Deployment'],
  ['batch/v1', 'Job'],
  ['v1', 'Namespace'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['example.com/v1', 'Widget'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
];
const NAMES = ['a', 'b', 'c', 'd', 'e', 'f'];
const NAMESPACES = ['prod', 'team'];
const VERDICTS: readonly DiffVerdict[] = ['equal', 'drift', 'needsDryRun'];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

function randomAnnotations(random: Random): Record<string, string> {
  const annotations: Record<string, string> = {};
  const prefix = chance(random, 0.5) ? 'capstan.dev/' : 'argocd.argoproj.io/';
  if (chance(random, 0.4)) annotations[`${prefix}sync-wave`] = String(Math.floor(random() * 7) - 3);
  if (chance(random, 0.2)) {
    annotations[`${prefix}hook`] = pick(random, [
      'PreSync',
      'Sync',
      'PostSync',
      'SyncFail',
      'Skip',
      'Bogus',
    ]);
  }
  if (chance(random, 0.2)) {
    annotations[`${prefix}sync-options`] = pick(random, [
      'Prune=false',
      'PruneLast=true',
      'Replace=true',
      'Validate=false',
    ]);
  }
  return annotations;
}

function randomObject(random: Random): KubeObject {
  const [apiVersion, kind] = pick(random, KINDS);
  const name = kind === 'Namespace' ? pick(random, NAMESPACES) : pick(random, NAMES);
  const spec =
    kind === 'CustomResourceDefinition'
      ? { group: 'example.com', names: { kind: 'Widget' } }
      : undefined;
  return manifest(apiVersion, kind, name, {
    ...(isNamespacedKind('', kind) ? { namespace: pick(random, NAMESPACES) } : {}),
    annotations: randomAnnotations(random),
    ...(spec === undefined ? {} : { spec }),
  });
}

function randomLive(random: Random, object: KubeObject): KubeObject {
  const namespace = identityOf(object).namespace;
  const owner: AppRef | undefined = pick(random, [APP, APP, OTHER_APP, undefined]);
  if (owner === undefined) return unownedLive(object, namespace);
  const live = ownedLive(object, owner, namespace);
  if (!chance(random, 0.1)) return live;
  // A tracking-id copied onto a differently named object.
  const metadata = live['metadata'] as Record<string, unknown>;
  return { ...live, metadata: { ...metadata, name: `${String(metadata['name'])}-copy` } };
}

function randomInput(seed: number): SyncPlanInput {
  const random = createSeededRandom(seed);
  const byKey = new Map<string, KubeObject>();
  for (let i = 0; i < 1 + Math.floor(random() * 12); i += 1) {
    const object = randomObject(random);
    byKey.set(resourceKeyOf(object), object);
  }
  const desired = [...byKey.values()].filter(() => chance(random, 0.7));
  const live = [...byKey.values()]
    .filter(() => chance(random, 0.6))
    .map((o) => randomLive(random, o));
  const verdicts: Record<string, DiffVerdict> = {};
  for (const key of byKey.keys()) verdicts[key] = pick(random, VERDICTS);
  const options = [
    'ApplyOutOfSyncOnly=true',
    'PruneLast=true',
    'CreateNamespace=true',
    'FailOnSharedResource=true',
    'Replace=true',
  ];
  const resources = chance(random, 0.2)
    ? [...byKey.values()]
        .filter(() => chance(random, 0.5))
        .map((object) => {
          const { group, kind, name, namespace } = identityOf(object);
          return chance(random, 0.5) ? { group, kind, name, namespace } : { group, kind, name };
        })
    : undefined;
  return buildInput({
    desired,
    live,
    verdicts,
    syncOptions: options.filter(() => chance(random, 0.3)),
    prune: chance(random, 0.5),
    ...(chance(random, 0.4)
      ? { automated: { prune: chance(random, 0.5), allowEmpty: chance(random, 0.3) } }
      : {}),
    ...(resources === undefined ? {} : { resources }),
    renderSucceeded: !chance(random, 0.05),
  });
}

function reversedMaps(input: SyncPlanInput): SyncPlanInput {
  return {
    ...input,
    desired: new Map([...input.desired].reverse()),
    live: new Map([...input.live].reverse()),
    diffs: new Map([...input.diffs].reverse()),
  };
}

const PHASES = ['PreSync', 'Sync', 'PostSync'];

function checkPlan(seed: number, input: SyncPlanInput): void {
  const plan = planSync(input);
  const where = `seed ${seed}`;
  assert.deepEqual(planSync(reversedMaps(input)), plan, `${where}: not deterministic`);
  if (plan.refusal !== undefined) {
    assert.equal(allTasks(plan).length, 0, `${where}: refused plan has tasks`);
    return;
  }
  const tasks = allTasks(plan);
  // Every desired object appears exactly once, as a task or a skip (hooks here have one phase).
  for (const key of input.desired.keys()) {
    const asTask = tasks.filter((task) => task.key === key && task.action !== 'prune').length;
    const asSkip = plan.skipped.filter((skipped) => skipped.key === key).length;
    assert.equal(asTask + asSkip, 1, `${where}: ${key} appears ${asTask} + ${asSkip} times`);
  }
  for (const task of tasks.filter((t) => t.action === 'prune')) {
    const annotations = (task.object['metadata'] as { annotations?: Record<string, string> })
      .annotations;
    const tracking = parseTrackingId(annotations?.['capstan.dev/tracking-id']);
    assert.ok(tracking, `${where}: pruning ${task.key} without a tracking-id`);
    assert.deepEqual(tracking.app, APP, `${where}: pruning ${task.key} not owned by the app`);
    assert.equal(tracking.key, task.key, `${where}: pruning ${task.key} with a copied tracking-id`);
    assert.ok(!input.desired.has(task.key), `${where}: pruning desired ${task.key}`);
    assert.ok(input.prune || input.automated?.prune === true, `${where}: pruning with prune off`);
  }
  const order = plan.steps.map((step) => PHASES.indexOf(step.phase) * 1000 + step.wave);
  for (let i = 1; i < order.length; i += 1) {
    assert.ok((order[i] ?? 0) > (order[i - 1] ?? 0), `${where}: steps out of order`);
  }
  const flat = plan.steps.flatMap((step) => step.tasks).filter((task) => task.action !== 'prune');
  flat.forEach((task, index) => {
    const [, kind, namespace] = task.key.split('/');
    const nsIndex = flat.findIndex((t) => t.key === `/Namespace//${namespace ?? ''}`);
    if (nsIndex !== -1) assert.ok(nsIndex < index, `${where}: ${task.key} before its namespace`);
    if (kind === 'Widget') {
      const crdIndex = flat.findIndex((t) => t.key.includes('CustomResourceDefinition'));
      if (crdIndex !== -1) assert.ok(crdIndex < index, `${where}: ${task.key} before its CRD`);
    }
  });
}

describe('planSync properties over seeded random inputs', () => {
  it('holds every safety and ordering property for 400 seeds', () => {
    const seen = { prunes: 0, refusals: 0, hooks: 0, skips: 0, steps: 0 };
    for (let seed = 1; seed <= 400; seed += 1) {
      const input = randomInput(seed);
      checkPlan(seed, input);
      const plan = planSync(input);
      const tasks = allTasks(plan);
      seen.prunes += tasks.filter((task) => task.action === 'prune').length;
      seen.hooks += tasks.filter((task) => task.action === 'hook').length;
      seen.refusals += plan.refusal === undefined ? 0 : 1;
      seen.skips += plan.skipped.length;
      seen.steps += plan.steps.length;
    }
    // The generator must actually reach the interesting cases, or the properties prove little.
    for (const [what, count] of Object.entries(seen))
      assert.ok(count >= 20, `only ${count} ${what}`);
  });
});
