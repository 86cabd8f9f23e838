import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import {
  applyServerSide,
  createObject,
  deleteObject,
  getObject,
  isConflictError,
  isKindServed,
  replaceObject,
  connectKube,
  KubeStatusError,
  type KubeClient,
  type ManifestObject,
} from '../../../src/kube/index.js';
import { configMap, createTestNamespace, installTestCrd, resourceVersionOf } from './support.js';

function uidOf(object: ManifestObject | undefined): string {
  const uid = object?.metadata['uid'];
  assert.equal(typeof uid, 'string');
  return uid as string;
}

describe('create, replace and delete through the kube adapter', () => {
  let cp: TestControlPlane;
  let client: KubeClient;
  let ns: string;

  before(async () => {
    cp = await useControlPlane();
    client = connectKube(cp.kubeconfig);
    ns = await createTestNamespace(client, 'sync-writes');
  });
  after(async () => {
    await cp.stop();
  });

  const ref = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name });

  it('creates an object, refuses a second of the same name, and completes a generateName', async () => {
    const created = await createObject(client, configMap(ns, 'made', { a: '1' }));
    assert.equal(created.metadata.name, 'made');
    await assert.rejects(createObject(client, configMap(ns, 'made')), (error: unknown) => {
      assert.ok(error instanceof KubeStatusError);
      assert.equal(error.statusCode, 409);
      assert.equal(error.reason, 'AlreadyExists');
      assert.match(
        error.message,
        new RegExp(`^ConfigMap/made in ${ns}: create failed \\(409 AlreadyExists\\)`),
      );
      return true;
    });
    const generated = await createObject(client, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { generateName: 'gen-', namespace: ns },
    });
    assert.match(generated.metadata.name, /^gen-[a-z0-9]{5}$/u);
  });

  it('creates nothing on a dry-run create', async () => {
    const predicted = await createObject(client, configMap(ns, 'dry-made'), { dryRun: true });
    assert.equal(predicted.metadata.name, 'dry-made');
    assert.equal(await getObject(client, ref('dry-made')), undefined);
  });

  it('replaces a whole object, conditionally on its resourceVersion', async () => {
    const live = await applyServerSide(client, configMap(ns, 'whole', { a: '1', b: '2' }));
    const replaced = await replaceObject(client, {
      ...configMap(ns, 'whole', { a: '9' }),
      metadata: { name: 'whole', namespace: ns, resourceVersion: resourceVersionOf(live) },
    });
    assert.deepEqual(replaced['data'], { a: '9' });
    await assert.rejects(
      replaceObject(client, {
        ...configMap(ns, 'whole', { a: '0' }),
        metadata: { name: 'whole', namespace: ns, resourceVersion: resourceVersionOf(live) },
      }),
      (error: unknown) => isConflictError(error),
    );
    await assert.rejects(replaceObject(client, configMap(ns, 'never-made')), (error: unknown) => {
      assert.ok(error instanceof KubeStatusError);
      assert.equal(error.statusCode, 404);
      return true;
    });
  });

  it('deletes an object, and says notFound for a missing one', async () => {
    await applyServerSide(client, configMap(ns, 'doomed'));
    assert.equal(
      await deleteObject(client, ref('doomed'), { propagationPolicy: 'Background' }),
      'deleted',
    );
    assert.equal(await getObject(client, ref('doomed')), undefined);
    assert.equal(await deleteObject(client, ref('doomed')), 'notFound');
  });

  it('deletes nothing when the uid precondition names an earlier object of that name', async () => {
    const first = await applyServerSide(client, configMap(ns, 'reborn', { v: '1' }));
    await deleteObject(client, ref('reborn'));
    await applyServerSide(client, configMap(ns, 'reborn', { v: '2' }));
    const outcome = await deleteObject(client, ref('reborn'), {
      preconditions: { uid: uidOf(first) },
    });
    assert.equal(outcome, 'preconditionFailed');
    const still = await getObject(client, ref('reborn'));
    assert.deepEqual(still?.['data'], { v: '2' });
    // The request after a DELETE with a body still works: the body was framed properly.
    assert.equal(
      await deleteObject(client, ref('reborn'), { preconditions: { uid: uidOf(still) } }),
      'deleted',
    );
  });

  it('deletes nothing on a dry-run delete', async () => {
    const live = await applyServerSide(client, configMap(ns, 'kept'));
    assert.equal(await deleteObject(client, ref('kept'), { dryRun: true }), 'deleted');
    assert.equal(resourceVersionOf(await getObject(client, ref('kept'))), resourceVersionOf(live));
  });

  it('tells whether a kind is served, seeing a CRD established a moment ago', async () => {
    const group = `served-${String(process.pid)}.capstan.dev`;
    assert.equal(await isKindServed(client, 'v1', 'ConfigMap'), true);
    assert.equal(await isKindServed(client, `${group}/v1`, 'Gadget'), false);
    await installTestCrd(client, group, 'Gadget');
    assert.equal(await isKindServed(client, `${group}/v1`, 'Gadget'), true);
  });
});
