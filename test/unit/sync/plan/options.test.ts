import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planSync } from '../../../../src/sync/plan/index.js';
import {
  OTHER_APP,
  allTasks,
  buildInput,
  listSkipped,
  listTasks,
  manifest,
  ownedLive,
  unownedLive,
} from './plan-input.js';

const cm = (name: string, annotations?: Record<string, string>) =>
  manifest('v1', 'ConfigMap', name, annotations ? { annotations } : {});
const taskOf = (plan: ReturnType<typeof planSync>, key: string) =>
  allTasks(plan).find((task) => task.key === key);

describe('planSync apply reasons and sync options', () => {
  it('says why each object is applied', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('new'), cm('drifted'), cm('unsure'), cm('same'), cm('unknown')],
        live: [cm('drifted'), cm('unsure'), cm('same'), cm('unknown')].map((o) => ownedLive(o)),
        verdicts: {
          '/ConfigMap/prod/drifted': 'drift',
          '/ConfigMap/prod/unsure': 'needsDryRun',
          '/ConfigMap/prod/same': 'equal',
        },
      }),
    );
    const reasons = Object.fromEntries(allTasks(plan).map((task) => [task.key, task.reason]));
    assert.deepEqual(reasons, {
      '/ConfigMap/prod/drifted': 'drift',
      '/ConfigMap/prod/new': 'missing',
      '/ConfigMap/prod/same': 'inSync',
      '/ConfigMap/prod/unknown': 'notCompared',
      '/ConfigMap/prod/unsure': 'needsDryRun',
    });
    assert.equal(taskOf(plan, '/ConfigMap/prod/new')?.exists, false);
    assert.equal(taskOf(plan, '/ConfigMap/prod/same')?.exists, true);
  });

  it('with ApplyOutOfSyncOnly, skips objects already in sync and applies the rest', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('new'), cm('drifted'), cm('unsure'), cm('same'), cm('unknown')],
        live: [cm('drifted'), cm('unsure'), cm('same'), cm('unknown')].map((o) => ownedLive(o)),
        verdicts: {
          '/ConfigMap/prod/drifted': 'drift',
          '/ConfigMap/prod/unsure': 'needsDryRun',
          '/ConfigMap/prod/same': 'equal',
        },
        syncOptions: ['ApplyOutOfSyncOnly=true'],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/0 apply /ConfigMap/prod/drifted',
      'Sync/0 apply /ConfigMap/prod/new',
      'Sync/0 apply /ConfigMap/prod/unknown',
      'Sync/0 apply /ConfigMap/prod/unsure',
    ]);
    assert.deepEqual(listSkipped(plan), ['InSync /ConfigMap/prod/same']);
  });

  it('applies an object whose verdict says equal but which is not live', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('gone')],
        verdicts: { '/ConfigMap/prod/gone': 'equal' },
        syncOptions: ['ApplyOutOfSyncOnly=true'],
      }),
    );
    assert.deepEqual(listTasks(plan), ['Sync/0 apply /ConfigMap/prod/gone']);
    assert.equal(taskOf(plan, '/ConfigMap/prod/gone')?.reason, 'missing');
  });

  it('marks tasks replace when the app says Replace=true', () => {
    const plan = planSync(buildInput({ desired: [cm('a')], syncOptions: ['Replace=true'] }));
    assert.equal(taskOf(plan, '/ConfigMap/prod/a')?.replace, true);
  });

  it('marks only the annotated object replace when the option is per resource', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('a', { 'argocd.argoproj.io/sync-options': 'Replace=true' }), cm('b')],
      }),
    );
    assert.equal(taskOf(plan, '/ConfigMap/prod/a')?.replace, true);
    assert.equal(taskOf(plan, '/ConfigMap/prod/b')?.replace, false);
  });

  it('carries Validate=false from the app or the object', () => {
    const fromApp = planSync(buildInput({ desired: [cm('a')], syncOptions: ['Validate=false'] }));
    assert.equal(taskOf(fromApp, '/ConfigMap/prod/a')?.validate, false);
    const perObject = planSync(
      buildInput({ desired: [cm('a', { 'capstan.dev/sync-options': 'Validate=false' }), cm('b')] }),
    );
    assert.equal(taskOf(perObject, '/ConfigMap/prod/a')?.validate, false);
    assert.equal(taskOf(perObject, '/ConfigMap/prod/b')?.validate, true);
  });

  it('carries SkipDryRunOnMissingResource from the app or the object', () => {
    const fromApp = planSync(
      buildInput({ desired: [cm('a')], syncOptions: ['SkipDryRunOnMissingResource=true'] }),
    );
    assert.equal(taskOf(fromApp, '/ConfigMap/prod/a')?.skipDryRunOnMissingResource, true);
    const perObject = planSync(
      buildInput({
        desired: [
          manifest('example.com/v1', 'Widget', 'w', {
            annotations: { 'capstan.dev/sync-options': 'SkipDryRunOnMissingResource=true' },
          }),
          cm('b'),
        ],
      }),
    );
    assert.equal(taskOf(perObject, 'example.com/Widget/prod/w')?.skipDryRunOnMissingResource, true);
    assert.equal(taskOf(perObject, '/ConfigMap/prod/b')?.skipDryRunOnMissingResource, false);
  });

  it('accepts ServerSideApply=true on the app and on objects as a no-op', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('a', { 'capstan.dev/sync-options': 'ServerSideApply=true' })],
        syncOptions: ['ServerSideApply=true'],
      }),
    );
    assert.equal(plan.refusal, undefined);
    assert.deepEqual(listTasks(plan), ['Sync/0 apply /ConfigMap/prod/a']);
    assert.deepEqual(plan.warnings, []);
  });

  it('warns about per-resource sync options it does not know and goes on', () => {
    const plan = planSync(
      buildInput({ desired: [cm('a', { 'capstan.dev/sync-options': 'Force=true' })] }),
    );
    assert.deepEqual(listTasks(plan), ['Sync/0 apply /ConfigMap/prod/a']);
    assert.match(
      plan.warnings.join('\n'),
      /ConfigMap\/a in prod: sync option "Force=true" ignored/u,
    );
  });

  it('adds a createNamespace task first when CreateNamespace=true and the namespace is absent', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('a', { 'capstan.dev/sync-wave': '-5' })],
        syncOptions: ['CreateNamespace=true'],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'PreSync/0 createNamespace /Namespace//prod',
      'Sync/-5 apply /ConfigMap/prod/a',
    ]);
    const task = allTasks(plan)[0];
    assert.ok(task);
    assert.equal(task.reason, 'namespaceMissing');
    assert.deepEqual(task.object, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'prod' },
    });
  });

  it('creates the namespace before a PreSync hook in a negative wave', () => {
    const plan = planSync(
      buildInput({
        desired: [
          manifest('batch/v1', 'Job', 'migrate', {
            annotations: { 'capstan.dev/hook': 'PreSync', 'capstan.dev/sync-wave': '-2' },
          }),
        ],
        syncOptions: ['CreateNamespace=true'],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'PreSync/-2 createNamespace /Namespace//prod',
      'PreSync/-2 hook batch/Job/prod/migrate',
    ]);
  });

  it('adds no createNamespace task when the namespace exists, is in Git, or the option is off', () => {
    const exists = planSync(
      buildInput({
        desired: [cm('a')],
        live: [unownedLive(manifest('v1', 'Namespace', 'prod'))],
        syncOptions: ['CreateNamespace=true'],
      }),
    );
    const told = planSync(
      buildInput({
        desired: [cm('a')],
        destinationNamespaceExists: true,
        syncOptions: ['CreateNamespace=true'],
      }),
    );
    const inGit = planSync(
      buildInput({
        desired: [cm('a'), manifest('v1', 'Namespace', 'prod')],
        syncOptions: ['CreateNamespace=true'],
      }),
    );
    const off = planSync(buildInput({ desired: [cm('a')] }));
    for (const plan of [exists, told, inGit, off]) {
      assert.ok(!allTasks(plan).some((task) => task.action === 'createNamespace'));
    }
    assert.deepEqual(listTasks(inGit), [
      'Sync/0 apply /Namespace//prod',
      'Sync/0 apply /ConfigMap/prod/a',
    ]);
  });

  it('skips an object owned by another app instead of taking it', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('shared'), cm('mine')],
        live: [ownedLive(cm('shared'), OTHER_APP)],
      }),
    );
    assert.deepEqual(listTasks(plan), ['Sync/0 apply /ConfigMap/prod/mine']);
    assert.deepEqual(listSkipped(plan), ['SharedResource /ConfigMap/prod/shared']);
    assert.match(
      plan.skipped[0]?.message ?? '',
      /already managed by application capstan-system\/billing/u,
    );
    assert.equal(plan.refusal, undefined);
  });

  it('adopts a live object that has no tracking-id at all', () => {
    const plan = planSync(
      buildInput({ desired: [cm('handmade')], live: [unownedLive(cm('handmade'))] }),
    );
    assert.deepEqual(listTasks(plan), ['Sync/0 apply /ConfigMap/prod/handmade']);
  });

  it('refuses the whole sync under FailOnSharedResource, naming the object and the other app', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('shared'), cm('mine')],
        live: [ownedLive(cm('shared'), OTHER_APP)],
        syncOptions: ['FailOnSharedResource=true'],
      }),
    );
    assert.equal(plan.refusalReason, 'SharedResource');
    assert.match(
      plan.refusal ?? '',
      /ConfigMap\/shared in prod is already managed by application capstan-system\/billing/u,
    );
    assert.deepEqual(plan.steps, []);
  });

  it('does not refuse under FailOnSharedResource when the shared object is outside the selected resources', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('shared'), cm('mine')],
        live: [ownedLive(cm('shared'), OTHER_APP)],
        syncOptions: ['FailOnSharedResource=true'],
        resources: [{ kind: 'ConfigMap', name: 'mine' }],
      }),
    );
    assert.equal(plan.refusal, undefined);
    assert.deepEqual(listTasks(plan), ['Sync/0 apply /ConfigMap/prod/mine']);
  });

  it('keeps ignored fields at their live values with RespectIgnoreDifferences=true, and only then', () => {
    const deployment = manifest('apps/v1', 'Deployment', 'web', { spec: { replicas: 2 } });
    const live = ownedLive(manifest('apps/v1', 'Deployment', 'web', { spec: { replicas: 9 } }));
    const ignoreDifferences = [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    ];
    const replicasApplied = (syncOptions: string[]) => {
      const plan = planSync({
        ...buildInput({
          desired: [deployment],
          live: [live],
          syncOptions,
          defaultVerdict: 'drift',
        }),
        ignoreDifferences,
      });
      const task = taskOf(plan, 'apps/Deployment/prod/web');
      return (task?.object['spec'] as { replicas?: number } | undefined)?.replicas;
    };
    assert.equal(replicasApplied(['RespectIgnoreDifferences=true']), 9);
    assert.equal(replicasApplied([]), 2);
    // A new object is created as Git has it.
    const created = planSync({
      ...buildInput({ desired: [deployment], syncOptions: ['RespectIgnoreDifferences=true'] }),
      ignoreDifferences,
    });
    assert.equal(
      (taskOf(created, 'apps/Deployment/prod/web')?.object['spec'] as { replicas: number })
        .replicas,
      2,
    );
  });
});
