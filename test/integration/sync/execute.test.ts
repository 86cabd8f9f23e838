import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../helpers/eventually.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { connectKube, patchObject, type KubeClient } from '../../../src/kube/index.js';
import {
  buildPlan,
  configMap,
  deployment,
  listResults,
  makeNamespace,
  NO_NODE,
  readLive,
  readObject,
  resourceVersionNumber,
  runPlan,
} from './support.js';

const WAVE = 'capstan.dev/sync-wave';

describe('executePlan on a real control plane', () => {
  let cp: TestControlPlane;
  let client: KubeClient;

  before(async () => {
    cp = await useControlPlane();
    client = connectKube(cp.kubeconfig);
  });
  after(async () => {
    await cp.stop();
  });

  it('applies three waves in order and waits for each wave to be healthy before the next', async () => {
    const ns = await makeNamespace(client, 'waves');
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [
        configMap('last', { [WAVE]: '2' }),
        // Unschedulable at first: wave 2 must not start while this stays Progressing.
        deployment('web', { annotations: { [WAVE]: '1' }, nodeSelector: NO_NODE }),
        configMap('first', { [WAVE]: '0' }),
      ],
    });
    const running = runPlan(client, plan);
    const waitingMessage = `Sync wave 1: waiting for Deployment/web in ${ns} to be healthy`;
    await eventually(async () => {
      const web = await readObject(client, 'apps/v1', 'Deployment', ns, 'web');
      assert.ok(web, 'wave 1 applied');
      assert.equal(await readObject(client, 'v1', 'ConfigMap', ns, 'last'), undefined);
    });
    // Give the executor time to (wrongly) move on, then check it did not.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(
      await readObject(client, 'v1', 'ConfigMap', ns, 'last'),
      undefined,
      'wave 2 waited',
    );
    const patched = await patchObject(
      client,
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' },
      { spec: { template: { spec: { nodeSelector: null } } } },
      'merge',
    );
    const released = resourceVersionNumber(patched);
    const result = await running;
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(listResults(result), [
      'ConfigMap/first Synced created',
      'Deployment/web Synced created',
      'ConfigMap/last Synced created',
    ]);
    assert.ok(
      result.messages.some((m) => m.startsWith(waitingMessage)),
      result.messages.join('\n'),
    );
    const last = await readObject(client, 'v1', 'ConfigMap', ns, 'last');
    assert.ok(
      resourceVersionNumber(last) > released,
      'wave 2 was written after wave 1 was released',
    );
    const waves = result.resources.map((r) => `${r.syncPhase ?? ''}/${String(r.syncWave)}`);
    assert.deepEqual(waves, ['Sync/0', 'Sync/1', 'Sync/2']);
  });

  it('writes nothing when one object of the plan fails the dry-run, and names that object', async () => {
    const ns = await makeNamespace(client, 'invalid');
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [
        configMap('settings'),
        deployment('web', { containerName: 'Bad_Name' }),
        deployment('api', { annotations: { [WAVE]: '1' } }),
        configMap('later', { [WAVE]: '2' }),
      ],
    });
    const result = await runPlan(client, plan);
    assert.equal(result.phase, 'Failed');
    assert.equal(result.reason, 'DryRunFailed');
    assert.match(
      result.message,
      new RegExp(`^Deployment/web in ${ns}: dry-run failed \\(422 Invalid\\): `),
    );
    assert.match(result.message, /Bad_Name/u);
    assert.match(result.message, /nothing was applied$/u);
    assert.deepEqual(
      result.resources.map((r) => `${r.kind ?? ''}/${r.name ?? ''} ${r.status ?? ''}`),
      ['Deployment/web SyncFailed'],
    );
    for (const [apiVersion, kind, name] of [
      ['v1', 'ConfigMap', 'settings'],
      ['apps/v1', 'Deployment', 'web'],
      ['apps/v1', 'Deployment', 'api'],
      ['v1', 'ConfigMap', 'later'],
    ] as const) {
      assert.equal(
        await readObject(client, apiVersion, kind, ns, name),
        undefined,
        `${kind}/${name} absent`,
      );
    }
  });

  it('creates the destination namespace with CreateNamespace=true, then the objects in it', async () => {
    const ns = await makeNamespace(client, 'create-ns', false);
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [configMap('settings'), deployment('web')],
      syncOptions: ['CreateNamespace=true'],
    });
    const result = await runPlan(client, plan);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(listResults(result), [
      `Namespace/${ns} Synced created`,
      'ConfigMap/settings Synced created',
      'Deployment/web Synced created',
    ]);
    assert.ok(await readObject(client, 'v1', 'Namespace', '', ns));
    assert.ok(await readObject(client, 'apps/v1', 'Deployment', ns, 'web'));
  });

  it('checks objects in a namespace it creates only after creating that namespace, and writes nothing else when they fail', async () => {
    const ns = await makeNamespace(client, 'create-ns-bad', false);
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [configMap('settings'), deployment('web', { containerName: 'Bad_Name' })],
      syncOptions: ['CreateNamespace=true'],
    });
    const result = await runPlan(client, plan);
    assert.equal(result.reason, 'DryRunFailed');
    assert.match(
      result.message,
      new RegExp(`^Deployment/web in ${ns}: dry-run failed \\(422 Invalid\\)`),
    );
    assert.deepEqual(
      listResults(result).map((line) => line.split(' ').slice(0, 2).join(' ')),
      [`Namespace/${ns} Synced`, 'Deployment/web SyncFailed'],
    );
    assert.equal(await readObject(client, 'v1', 'ConfigMap', ns, 'settings'), undefined);
    assert.equal(await readObject(client, 'apps/v1', 'Deployment', ns, 'web'), undefined);
  });

  it('in dry-run mode says what it would do and writes nothing', async () => {
    const ns = await makeNamespace(client, 'dry');
    const first = await runPlan(
      client,
      await buildPlan(client, {
        namespace: ns,
        objects: [configMap('same'), configMap('changed'), configMap('gone')],
      }),
    );
    assert.equal(first.phase, 'Succeeded', first.message);
    const before = await Promise.all(
      ['same', 'changed', 'gone'].map((name) => readObject(client, 'v1', 'ConfigMap', ns, name)),
    );
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [configMap('same'), configMap('changed', {}, { a: '2' }), configMap('new')],
      live: await readLive(client, ns),
      prune: true,
    });
    const result = await runPlan(client, plan, { dryRun: true });
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.match(result.message, /nothing was written/u);
    assert.deepEqual(listResults(result).sort(), [
      'ConfigMap/changed Synced configured (dry run)',
      'ConfigMap/gone Pruned pruned (dry run)',
      'ConfigMap/new Synced created (dry run)',
      'ConfigMap/same Synced unchanged (dry run)',
    ]);
    const after = await Promise.all(
      ['same', 'changed', 'gone'].map((name) => readObject(client, 'v1', 'ConfigMap', ns, name)),
    );
    assert.deepEqual(after.map(resourceVersionNumber), before.map(resourceVersionNumber));
    assert.equal(await readObject(client, 'v1', 'ConfigMap', ns, 'new'), undefined);
  });

  it('reports unchanged and configured on a second real sync', async () => {
    const ns = await makeNamespace(client, 'again');
    const objects = [configMap('same'), configMap('changed')];
    const first = await runPlan(client, await buildPlan(client, { namespace: ns, objects }));
    assert.deepEqual(listResults(first), [
      'ConfigMap/changed Synced created',
      'ConfigMap/same Synced created',
    ]);
    const second = await runPlan(
      client,
      await buildPlan(client, {
        namespace: ns,
        objects: [configMap('same'), configMap('changed', {}, { a: '2' })],
      }),
    );
    assert.deepEqual(listResults(second), [
      'ConfigMap/changed Synced configured',
      'ConfigMap/same Synced unchanged',
    ]);
  });

  it('fails with a clear message when a wave does not become healthy in time, and stops there', async () => {
    const ns = await makeNamespace(client, 'timeout');
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [deployment('stuck', { nodeSelector: NO_NODE }), configMap('next', { [WAVE]: '1' })],
    });
    const result = await runPlan(client, plan, { waitTimeoutMs: 1500 });
    assert.equal(result.phase, 'Failed');
    assert.equal(result.reason, 'Timeout');
    assert.match(
      result.message,
      new RegExp(
        `^Sync wave 0: timed out after \\d+s waiting for Deployment/stuck in ${ns} to be healthy \\(Progressing`,
      ),
    );
    assert.equal(await readObject(client, 'v1', 'ConfigMap', ns, 'next'), undefined);
  });

  it('stops between tasks when cancelled and reports what it had done', async () => {
    const ns = await makeNamespace(client, 'cancel');
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [deployment('stuck', { nodeSelector: NO_NODE }), configMap('next', { [WAVE]: '1' })],
    });
    const controller = new AbortController();
    const result = await runPlan(client, plan, {
      signal: controller.signal,
      onProgressSeen: (progress) => {
        if (progress.message.includes('waiting for')) controller.abort();
      },
    });
    assert.equal(result.phase, 'Failed');
    assert.equal(result.reason, 'Cancelled');
    assert.equal(
      result.message,
      'sync cancelled during Sync wave 0 after 1 of 2 tasks; the results list what was done',
    );
    assert.deepEqual(listResults(result), ['Deployment/stuck Synced created']);
    assert.equal(await readObject(client, 'v1', 'ConfigMap', ns, 'next'), undefined);
  });

  it('applies a CRD and a custom resource of its kind in one sync, skipping only that resource’s dry-run', async () => {
    const ns = await makeNamespace(client, 'crd');
    const group = `t${String(process.pid)}.capstan.dev`;
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [
        { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } },
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: `widgets.${group}` },
          spec: {
            group,
            scope: 'Namespaced',
            names: {
              plural: 'widgets',
              singular: 'widget',
              kind: 'Widget',
              listKind: 'WidgetList',
            },
            versions: [
              {
                name: 'v1',
                served: true,
                storage: true,
                schema: {
                  openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
            ],
          },
        },
      ],
    });
    const result = await runPlan(client, plan);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(listResults(result), [
      `CustomResourceDefinition/widgets.${group} Synced created`,
      'Widget/w1 Synced created',
    ]);
    const widget = await readObject(client, `${group}/v1`, 'Widget', ns, 'w1');
    assert.deepEqual(widget?.['spec'], { size: 3 });
  });

  it('with Replace=true replaces the whole object, dropping what another writer added', async () => {
    const ns = await makeNamespace(client, 'replace');
    const objects = [configMap('settings')];
    const spec = { namespace: ns, objects, syncOptions: ['Replace=true'] };
    const first = await runPlan(client, await buildPlan(client, spec));
    assert.deepEqual(listResults(first), ['ConfigMap/settings Synced created']);
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'settings' };
    await patchObject(client, ref, { data: { extra: 'x' } }, 'merge');
    const second = await runPlan(client, await buildPlan(client, spec));
    assert.deepEqual(listResults(second), ['ConfigMap/settings Synced replaced']);
    const third = await runPlan(client, await buildPlan(client, spec));
    assert.deepEqual(listResults(third), ['ConfigMap/settings Synced unchanged']);
    const live = await readObject(client, 'v1', 'ConfigMap', ns, 'settings');
    assert.deepEqual(live?.['data'], { a: '1' });
  });
});
