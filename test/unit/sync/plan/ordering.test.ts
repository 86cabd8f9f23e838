import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planSync } from '../../../../src/sync/plan/index.js';
import { buildInput, listTasks, manifest } from './plan-input.js';

const cm = (name: string, annotations?: Record<string, string>) =>
  manifest('v1', 'ConfigMap', name, annotations ? { annotations } : {});
const deploy = (name: string, annotations?: Record<string, string>) =>
  manifest('apps/v1', 'Deployment', name, annotations ? { annotations } : {});
const wave = (value: string) => ({ 'capstan.dev/sync-wave': value });

describe('planSync ordering', () => {
  it('orders one wave by Argo CD kind order, whatever the input order', () => {
    const plan = planSync(
      buildInput({
        desired: [
          manifest('networking.k8s.io/v1', 'Ingress', 'web'),
          manifest('apps/v1', 'StatefulSet', 'db'),
          deploy('web'),
          manifest('v1', 'Service', 'web'),
          manifest('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rb'),
          manifest('rbac.authorization.k8s.io/v1', 'Role', 'r'),
          manifest('rbac.authorization.k8s.io/v1', 'ClusterRole', 'cr'),
          manifest('v1', 'PersistentVolumeClaim', 'data'),
          cm('settings'),
          manifest('v1', 'Secret', 'creds'),
          manifest('v1', 'ServiceAccount', 'sa'),
          manifest('v1', 'Namespace', 'prod'),
          manifest('batch/v1', 'CronJob', 'nightly'),
          manifest('batch/v1', 'Job', 'once'),
          manifest('networking.k8s.io/v1', 'IngressClass', 'nginx'),
          manifest('apiregistration.k8s.io/v1', 'APIService', 'v1.metrics'),
        ],
      }),
    );
    assert.deepEqual(
      plan.steps[0]?.tasks.map((task) => task.key.split('/')[1]),
      [
        'Namespace',
        'ServiceAccount',
        'Secret',
        'ConfigMap',
        'PersistentVolumeClaim',
        'ClusterRole',
        'Role',
        'RoleBinding',
        'Service',
        'Deployment',
        'StatefulSet',
        'Job',
        'CronJob',
        'IngressClass',
        'Ingress',
        'APIService',
      ],
    );
  });

  it('puts unknown kinds after every known kind and orders them by name, not kind', () => {
    const plan = planSync(
      buildInput({
        desired: [
          manifest('example.com/v1', 'Zebra', 'a-zebra'),
          manifest('example.com/v1', 'Aardvark', 'b-aardvark'),
          manifest('apiregistration.k8s.io/v1', 'APIService', 'z-last-known'),
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/0 apply apiregistration.k8s.io/APIService//z-last-known',
      'Sync/0 apply example.com/Zebra/prod/a-zebra',
      'Sync/0 apply example.com/Aardvark/prod/b-aardvark',
    ]);
  });

  it('orders the same kind by name', () => {
    const plan = planSync(buildInput({ desired: [cm('c'), cm('a'), cm('b')] }));
    assert.deepEqual(listTasks(plan), [
      'Sync/0 apply /ConfigMap/prod/a',
      'Sync/0 apply /ConfigMap/prod/b',
      'Sync/0 apply /ConfigMap/prod/c',
    ]);
  });

  it('runs lower waves first, negative waves before the default wave 0', () => {
    const plan = planSync(
      buildInput({
        desired: [
          deploy('late', wave('5')),
          cm('first', wave('-3')),
          cm('default'),
          deploy('mid', wave('+1')),
        ],
      }),
    );
    assert.deepEqual(
      plan.steps.map((step) => `${step.phase}/${step.wave}`),
      ['Sync/-3', 'Sync/0', 'Sync/1', 'Sync/5'],
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/-3 apply /ConfigMap/prod/first',
      'Sync/0 apply /ConfigMap/prod/default',
      'Sync/1 apply apps/Deployment/prod/mid',
      'Sync/5 apply apps/Deployment/prod/late',
    ]);
  });

  it('lets the wave win over the kind order', () => {
    const plan = planSync(
      buildInput({ desired: [deploy('web', wave('-1')), cm('config', wave('1'))] }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/-1 apply apps/Deployment/prod/web',
      'Sync/1 apply /ConfigMap/prod/config',
    ]);
  });

  it('reads a bad wave as 0 and says so in a warning', () => {
    const plan = planSync(
      buildInput({ desired: [cm('odd', wave('early')), cm('neg', wave('-1'))] }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/-1 apply /ConfigMap/prod/neg',
      'Sync/0 apply /ConfigMap/prod/odd',
    ]);
    assert.equal(plan.warnings.length, 1);
    assert.match(
      plan.warnings[0] ?? '',
      /ConfigMap\/odd in prod: sync-wave "early" is not an integer/u,
    );
  });

  it('orders phases PreSync, Sync, PostSync whatever the waves', () => {
    const job = (name: string, hook: string, waveValue: string) =>
      manifest('batch/v1', 'Job', name, {
        annotations: { 'capstan.dev/hook': hook, 'capstan.dev/sync-wave': waveValue },
      });
    const plan = planSync(
      buildInput({
        desired: [
          job('after', 'PostSync', '-10'),
          job('before', 'PreSync', '10'),
          job('during', 'Sync', '3'),
          cm('config', wave('7')),
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'PreSync/10 hook batch/Job/prod/before',
      'Sync/3 hook batch/Job/prod/during',
      'Sync/7 apply /ConfigMap/prod/config',
      'PostSync/-10 hook batch/Job/prod/after',
    ]);
  });

  it('mixes Sync hooks into the steps of their wave, in kind order with resources', () => {
    const plan = planSync(
      buildInput({
        desired: [
          manifest('batch/v1', 'Job', 'smoke', { annotations: { 'capstan.dev/hook': 'Sync' } }),
          deploy('web'),
          cm('config'),
        ],
      }),
    );
    assert.equal(plan.steps.length, 1);
    assert.deepEqual(listTasks(plan), [
      'Sync/0 apply /ConfigMap/prod/config',
      'Sync/0 apply apps/Deployment/prod/web',
      'Sync/0 hook batch/Job/prod/smoke',
    ]);
  });

  it('creates a CRD before its custom resources even when the CRD asks for a later wave', () => {
    const crd = manifest(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      'widgets.example.com',
      {
        annotations: wave('5'),
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { kind: 'Widget', plural: 'widgets' },
        },
      },
    );
    const plan = planSync(
      buildInput({
        desired: [
          manifest('example.com/v1', 'Widget', 'w', { annotations: wave('-1') }),
          crd,
          cm('c'),
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/-1 apply apiextensions.k8s.io/CustomResourceDefinition//widgets.example.com',
      'Sync/-1 apply example.com/Widget/prod/w',
      'Sync/0 apply /ConfigMap/prod/c',
    ]);
  });

  it('keeps a CRD in its own wave when its resources come later anyway', () => {
    const crd = manifest(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      'widgets.example.com',
      {
        annotations: wave('-2'),
        spec: { group: 'example.com', names: { kind: 'Widget' } },
      },
    );
    const plan = planSync(
      buildInput({ desired: [manifest('example.com/v1', 'Widget', 'w'), crd] }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/-2 apply apiextensions.k8s.io/CustomResourceDefinition//widgets.example.com',
      'Sync/0 apply example.com/Widget/prod/w',
    ]);
  });

  it('marks custom resources whose CRD is in the same sync to skip the dry-run if the kind is missing', () => {
    const crd = manifest(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      'widgets.example.com',
      {
        spec: { group: 'example.com', names: { kind: 'Widget' } },
      },
    );
    const plan = planSync(
      buildInput({
        desired: [
          crd,
          manifest('example.com/v1', 'Widget', 'w'),
          manifest('example.com/v1', 'Gadget', 'g'),
        ],
      }),
    );
    const byKind = new Map(plan.steps[0]?.tasks.map((task) => [task.key.split('/')[1], task]));
    assert.equal(byKind.get('Widget')?.skipDryRunOnMissingResource, true);
    assert.equal(byKind.get('Gadget')?.skipDryRunOnMissingResource, false);
    assert.equal(byKind.get('CustomResourceDefinition')?.skipDryRunOnMissingResource, false);
  });

  it('creates a namespace before the objects in it even when it asks for a later wave', () => {
    const plan = planSync(
      buildInput({
        desired: [
          manifest('v1', 'Namespace', 'team', { annotations: wave('3') }),
          manifest('v1', 'ConfigMap', 'c', { namespace: 'team', annotations: wave('1') }),
          cm('elsewhere', wave('-1')),
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'Sync/-1 apply /ConfigMap/prod/elsewhere',
      'Sync/1 apply /Namespace//team',
      'Sync/1 apply /ConfigMap/team/c',
    ]);
  });

  it('moves a Sync-phase namespace into PreSync when a PreSync hook lives in it', () => {
    const plan = planSync(
      buildInput({
        desired: [
          manifest('v1', 'Namespace', 'prod'),
          manifest('batch/v1', 'Job', 'migrate', {
            annotations: { 'capstan.dev/hook': 'PreSync' },
          }),
          deploy('web'),
        ],
      }),
    );
    assert.deepEqual(listTasks(plan), [
      'PreSync/0 apply /Namespace//prod',
      'PreSync/0 hook batch/Job/prod/migrate',
      'Sync/0 apply apps/Deployment/prod/web',
    ]);
  });

  it('gives the same plan for the same input, whatever the map order', () => {
    const objects = [
      deploy('b', wave('1')),
      cm('a'),
      manifest('v1', 'Service', 'b'),
      cm('z', wave('-1')),
    ];
    const first = planSync(buildInput({ desired: objects }));
    const second = planSync(buildInput({ desired: [...objects].reverse() }));
    assert.deepEqual(first, second);
    assert.deepEqual(
      JSON.stringify(first),
      JSON.stringify(planSync(buildInput({ desired: objects }))),
    );
  });
});
