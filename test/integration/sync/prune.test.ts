import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../helpers/eventually.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import {
  applyServerSide,
  connectKube,
  listObjects,
  patchObject,
  type KubeClient,
  type ManifestObject,
} from '../../../src/kube/index.js';
import { stampTracking } from '../../../src/sync/plan/index.js';
import {
  buildPlan,
  configMap,
  deployment,
  listResults,
  makeNamespace,
  readLive,
  readObject,
  runPlan,
} from './support.js';

const REPLICA_SETS = { group: 'apps', version: 'v1', kind: 'ReplicaSet' };

async function replicaSetsOf(
  client: KubeClient,
  ns: string,
  app: string,
): Promise<ManifestObject[]> {
  return (await listObjects(client, REPLICA_SETS, { namespace: ns, labelSelector: `app=${app}` }))
    .items;
}

describe('prune through executePlan', () => {
  let cp: TestControlPlane;
  let client: KubeClient;

  before(async () => {
    cp = await useControlPlane();
    client = connectKube(cp.kubeconfig);
  });
  after(async () => {
    await cp.stop();
  });

  it('deletes only the objects the plan prunes: never unowned ones, another app’s, or Prune=false', async () => {
    const ns = await makeNamespace(client, 'prune-only');
    const protectedMap = configMap('protected', { 'capstan.dev/sync-options': 'Prune=false' });
    const first = await runPlan(
      client,
      await buildPlan(client, {
        namespace: ns,
        objects: [configMap('keep'), configMap('drop'), protectedMap, deployment('old')],
      }),
    );
    assert.equal(first.phase, 'Succeeded', first.message);
    await applyServerSide(client, {
      ...configMap('stray'),
      metadata: { name: 'stray', namespace: ns },
    } as ManifestObject);
    const theirs = stampTracking(
      { ...configMap('theirs'), metadata: { name: 'theirs', namespace: ns } },
      { namespace: 'capstan-system', name: 'billing' },
      { group: '', kind: 'ConfigMap', namespace: ns, name: 'theirs' },
    );
    await applyServerSide(client, theirs as ManifestObject);

    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [configMap('keep')],
      live: await readLive(client, ns),
      prune: true,
    });
    const result = await runPlan(client, plan);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(listResults(result), [
      'Deployment/old Pruned pruned',
      'ConfigMap/drop Pruned pruned',
      'ConfigMap/keep Synced unchanged',
      'ConfigMap/protected PruneSkipped no longer in Git; ignored (Prune=false)',
    ]);
    // Foreground deletion: the objects go once the garbage collector has seen to dependents.
    await eventually(async () => {
      assert.equal(await readObject(client, 'v1', 'ConfigMap', ns, 'drop'), undefined);
      assert.equal(await readObject(client, 'apps/v1', 'Deployment', ns, 'old'), undefined);
    });
    for (const name of ['keep', 'protected', 'stray', 'theirs', 'kube-root-ca.crt']) {
      assert.ok(await readObject(client, 'v1', 'ConfigMap', ns, name), `ConfigMap/${name} kept`);
    }
  });

  it('honours PrunePropagationPolicy=orphan: the pruned Deployment’s ReplicaSet stays, ownerless', async () => {
    const ns = await makeNamespace(client, 'prune-orphan');
    await runPlan(client, await buildPlan(client, { namespace: ns, objects: [deployment('web')] }));
    await eventually(async () => assert.equal((await replicaSetsOf(client, ns, 'web')).length, 1));
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [configMap('left')],
      live: await readLive(client, ns),
      prune: true,
      syncOptions: ['PrunePropagationPolicy=orphan'],
    });
    const result = await runPlan(client, plan);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(listResults(result), [
      'Deployment/web Pruned pruned',
      'ConfigMap/left Synced created',
    ]);
    await eventually(async () => {
      assert.equal(await readObject(client, 'apps/v1', 'Deployment', ns, 'web'), undefined);
      const [replicaSet] = await replicaSetsOf(client, ns, 'web');
      assert.ok(replicaSet, 'the ReplicaSet was orphaned, not deleted');
      assert.deepEqual(replicaSet.metadata['ownerReferences'] ?? [], []);
    });
  });

  it('with foreground propagation waits for the pruned object and its dependents to go before the next wave', async () => {
    const ns = await makeNamespace(client, 'prune-fg');
    await runPlan(client, await buildPlan(client, { namespace: ns, objects: [deployment('web')] }));
    const [replicaSet] = await eventually(async () => {
      const sets = await replicaSetsOf(client, ns, 'web');
      assert.equal(sets.length, 1);
      return sets;
    });
    assert.ok(replicaSet);
    const rsRef = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      namespace: ns,
      name: replicaSet.metadata.name,
    };
    // A finalizer on the dependent holds a foreground deletion of its owner until we lift it.
    await patchObject(
      client,
      rsRef,
      { metadata: { finalizers: ['capstan.dev/test-hold'] } },
      'merge',
    );
    const plan = await buildPlan(client, {
      namespace: ns,
      objects: [configMap('after', { 'capstan.dev/sync-wave': '1' })],
      live: await readLive(client, ns),
      prune: true,
    });
    const running = runPlan(client, plan);
    await eventually(async () => {
      const web = await readObject(client, 'apps/v1', 'Deployment', ns, 'web');
      assert.ok(web?.metadata['deletionTimestamp'], 'deletion started');
      assert.ok((web.metadata['finalizers'] as string[]).includes('foregroundDeletion'));
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(
      await readObject(client, 'v1', 'ConfigMap', ns, 'after'),
      undefined,
      'wave 1 waits',
    );
    await patchObject(client, rsRef, { metadata: { finalizers: null } }, 'merge');
    const result = await running;
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.ok(
      result.messages.some(
        (m) => m === `Sync wave 0: waiting for Deployment/web in ${ns} to be deleted`,
      ),
    );
    assert.equal(await readObject(client, 'apps/v1', 'Deployment', ns, 'web'), undefined);
    assert.ok(await readObject(client, 'v1', 'ConfigMap', ns, 'after'));
  });
});
