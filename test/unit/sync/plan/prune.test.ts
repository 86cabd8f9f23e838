import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../src/model/index.js';
import { planSync } from '../../../../src/sync/plan/index.js';
import {
  APP,
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
const deploy = (name: string, annotations?: Record<string, string>) =>
  manifest('apps/v1', 'Deployment', name, annotations ? { annotations } : {});

function prunedKeys(plan: ReturnType<typeof planSync>): string[] {
  return allTasks(plan)
    .filter((task) => task.action === 'prune')
    .map((task) => task.key);
}

describe('planSync prune set', () => {
  it('prunes a live object whose tracking-id names this app once it is gone from Git', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('kept')],
        live: [ownedLive(cm('kept')), ownedLive(cm('old'))],
        prune: true,
      }),
    );
    assert.deepEqual(prunedKeys(plan), ['/ConfigMap/prod/old']);
    const task = allTasks(plan).find((t) => t.action === 'prune');
    assert.ok(task);
    assert.equal(task.reason, 'notDesired');
    assert.equal(task.exists, true);
    assert.equal(task.phase, 'Sync');
    assert.equal(task.propagationPolicy, 'foreground');
  });

  it('never prunes a live object without a tracking-id, even with prune on', () => {
    const plan = planSync(buildInput({ live: [unownedLive(cm('handmade'))], prune: true }));
    assert.deepEqual(prunedKeys(plan), []);
    assert.deepEqual(plan.skipped, []);
    assert.equal(plan.refusal, undefined);
  });

  it('never prunes an object whose tracking-id names another app', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('mine')],
        live: [ownedLive(cm('theirs'), OTHER_APP)],
        prune: true,
      }),
    );
    assert.deepEqual(prunedKeys(plan), []);
  });

  it('never prunes an object of another app with the same name in another namespace', () => {
    const otherNamespaceApp = { namespace: 'team-b', name: APP.name };
    const plan = planSync(
      buildInput({
        live: [ownedLive(cm('theirs'), otherNamespaceApp)],
        prune: true,
        desired: [cm('x')],
      }),
    );
    assert.deepEqual(prunedKeys(plan), []);
  });

  it('never prunes an object carrying a tracking-id copied from another object', () => {
    const copied = ownedLive(cm('original'));
    const metadata = copied['metadata'] as Record<string, unknown>;
    const impostor: KubeObject = { ...copied, metadata: { ...metadata, name: 'copy' } };
    const plan = planSync(buildInput({ live: [impostor], prune: true, desired: [cm('x')] }));
    assert.deepEqual(prunedKeys(plan), []);
  });

  it('never prunes an object with a malformed tracking-id', () => {
    const live = unownedLive(
      manifest('v1', 'ConfigMap', 'odd', {
        annotations: { 'capstan.dev/tracking-id': 'capstan-system_web' },
      }),
    );
    const plan = planSync(buildInput({ live: [live], prune: true, desired: [cm('x')] }));
    assert.deepEqual(prunedKeys(plan), []);
  });

  it('ignores an Argo CD tracking-id: only capstan.dev/tracking-id makes an object ours', () => {
    const live = unownedLive(
      manifest('v1', 'ConfigMap', 'argo', {
        annotations: { 'argocd.argoproj.io/tracking-id': 'web:/ConfigMap:prod/argo' },
      }),
    );
    const plan = planSync(buildInput({ live: [live], prune: true, desired: [cm('x')] }));
    assert.deepEqual(prunedKeys(plan), []);
  });

  it('reports ours-but-gone objects as PruneDisabled when prune is off', () => {
    const plan = planSync(buildInput({ desired: [cm('kept')], live: [ownedLive(cm('old'))] }));
    assert.deepEqual(prunedKeys(plan), []);
    assert.deepEqual(listSkipped(plan), ['PruneDisabled /ConfigMap/prod/old']);
    assert.match(plan.skipped[0]?.message ?? '', /ConfigMap\/old in prod: .*requires pruning/u);
  });

  it('prunes on an automated sync whose policy says prune, even if the operation flag is off', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('kept')],
        live: [ownedLive(cm('old'))],
        automated: { prune: true },
      }),
    );
    assert.deepEqual(prunedKeys(plan), ['/ConfigMap/prod/old']);
  });

  it('does not prune on an automated sync without automated.prune', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('kept')],
        live: [ownedLive(cm('old'))],
        automated: { selfHeal: true },
      }),
    );
    assert.deepEqual(prunedKeys(plan), []);
    assert.deepEqual(listSkipped(plan), ['PruneDisabled /ConfigMap/prod/old']);
  });

  it('honours Prune=false on the live object in both annotation spellings', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('kept')],
        live: [
          ownedLive(cm('keep-me', { 'capstan.dev/sync-options': 'Prune=false' })),
          ownedLive(
            cm('keep-me-too', { 'argocd.argoproj.io/sync-options': 'Validate=false,Prune=false' }),
          ),
          ownedLive(cm('delete-me', { 'capstan.dev/sync-options': 'Prune=true' })),
        ],
        prune: true,
      }),
    );
    assert.deepEqual(prunedKeys(plan), ['/ConfigMap/prod/delete-me']);
    assert.deepEqual(listSkipped(plan), [
      'PruneFalse /ConfigMap/prod/keep-me',
      'PruneFalse /ConfigMap/prod/keep-me-too',
    ]);
  });

  it('never prunes a hook left over from an earlier sync', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('kept')],
        live: [
          ownedLive(
            manifest('batch/v1', 'Job', 'migrate-0123456-presync', {
              annotations: { 'capstan.dev/hook': 'PreSync' },
            }),
          ),
          ownedLive(
            manifest('batch/v1', 'Job', 'argo-hook', {
              annotations: { 'argocd.argoproj.io/hook': 'PostSync' },
            }),
          ),
        ],
        prune: true,
      }),
    );
    assert.deepEqual(prunedKeys(plan), []);
    assert.deepEqual(plan.skipped, []);
  });

  it('prunes an object whose only hook annotation is Skip: Skip makes it a plain resource', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('kept')],
        live: [ownedLive(cm('skipped-before', { 'capstan.dev/hook': 'Skip' }))],
        prune: true,
      }),
    );
    assert.deepEqual(prunedKeys(plan), ['/ConfigMap/prod/skipped-before']);
  });

  it('prunes nothing outside the operation resources, and reports what it left', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('a'), cm('b')],
        live: [ownedLive(cm('old-1')), ownedLive(cm('old-2'))],
        prune: true,
        resources: [
          { kind: 'ConfigMap', name: 'a' },
          { kind: 'ConfigMap', name: 'old-2', namespace: 'prod' },
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/0 prune /ConfigMap/prod/old-2',
      'Sync/0 apply /ConfigMap/prod/a',
    ]);
    assert.deepEqual(listSkipped(plan), [
      'NotInResources /ConfigMap/prod/b',
      'NotInResources /ConfigMap/prod/old-1',
    ]);
  });

  it('matches resources by group and namespace when they are given', () => {
    const plan = planSync(
      buildInput({
        desired: [deploy('web'), cm('web')],
        prune: true,
        resources: [
          { group: 'apps', kind: 'Deployment', name: 'web', namespace: 'other' },
          { kind: 'ConfigMap', name: 'web', namespace: 'prod' },
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), ['Sync/0 apply /ConfigMap/prod/web']);
    assert.deepEqual(listSkipped(plan), ['NotInResources apps/Deployment/prod/web']);
  });

  it('prunes in reverse wave order: what was created last goes first', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('kept', { 'capstan.dev/sync-wave': '2' })],
        live: [
          ownedLive(cm('made-first', { 'capstan.dev/sync-wave': '-1' })),
          ownedLive(cm('made-second', { 'capstan.dev/sync-wave': '1' })),
          ownedLive(cm('made-last', { 'capstan.dev/sync-wave': '5' })),
        ],
        prune: true,
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/-1 prune /ConfigMap/prod/made-last',
      'Sync/1 prune /ConfigMap/prod/made-second',
      'Sync/2 apply /ConfigMap/prod/kept',
      'Sync/5 prune /ConfigMap/prod/made-first',
    ]);
  });

  it('deletes workloads before the namespace they live in, and prunes before applying in a wave', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('new')],
        live: [
          ownedLive(manifest('v1', 'Namespace', 'legacy')),
          ownedLive(deploy('api'), APP, 'legacy'),
          ownedLive(cm('settings'), APP, 'legacy'),
          ownedLive(manifest('example.com/v1', 'Widget', 'w'), APP, 'legacy'),
        ],
        prune: true,
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/0 prune example.com/Widget/legacy/w',
      'Sync/0 prune apps/Deployment/legacy/api',
      'Sync/0 prune /ConfigMap/legacy/settings',
      'Sync/0 prune /Namespace//legacy',
      'Sync/0 apply /ConfigMap/prod/new',
    ]);
  });

  it('with PruneLast=true on the app, prunes after the last Sync wave', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('a', { 'capstan.dev/sync-wave': '3' }), cm('b')],
        live: [ownedLive(cm('old')), ownedLive(deploy('gone', { 'capstan.dev/sync-wave': '7' }))],
        prune: true,
        syncOptions: ['PruneLast=true'],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/0 apply /ConfigMap/prod/b',
      'Sync/3 apply /ConfigMap/prod/a',
      'Sync/8 prune apps/Deployment/prod/gone',
      'Sync/8 prune /ConfigMap/prod/old',
    ]);
    assert.ok(
      allTasks(plan)
        .filter((t) => t.action === 'prune')
        .every((t) => t.pruneLast === true),
    );
  });

  it('with PruneLast on one object, only that object waits for the end', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('a', { 'capstan.dev/sync-wave': '-2' })],
        live: [
          ownedLive(cm('now')),
          ownedLive(cm('at-the-end', { 'argocd.argoproj.io/sync-options': 'PruneLast=true' })),
        ],
        prune: true,
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/-2 apply /ConfigMap/prod/a',
      'Sync/0 prune /ConfigMap/prod/now',
      'Sync/1 prune /ConfigMap/prod/at-the-end',
    ]);
  });

  it('runs PruneLast prunes before PostSync hooks', () => {
    const plan = planSync(
      buildInput({
        desired: [
          cm('a'),
          manifest('batch/v1', 'Job', 'notify', {
            annotations: { 'capstan.dev/hook': 'PostSync' },
          }),
        ],
        live: [ownedLive(cm('old'))],
        prune: true,
        syncOptions: ['PruneLast=true'],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/0 apply /ConfigMap/prod/a',
      'Sync/1 prune /ConfigMap/prod/old',
      'PostSync/0 hook batch/Job/prod/notify',
    ]);
  });

  it('carries PrunePropagationPolicy on prune tasks', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('a')],
        live: [ownedLive(cm('old'))],
        prune: true,
        syncOptions: ['PrunePropagationPolicy=orphan'],
      }),
    );
    assert.equal(allTasks(plan).find((t) => t.action === 'prune')?.propagationPolicy, 'orphan');
  });

  it('prunes cluster-scoped objects it owns', () => {
    const plan = planSync(
      buildInput({
        desired: [cm('a')],
        live: [ownedLive(manifest('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'))],
        prune: true,
      }),
    );
    assert.deepEqual(prunedKeys(plan), ['rbac.authorization.k8s.io/ClusterRole//reader']);
  });
});
