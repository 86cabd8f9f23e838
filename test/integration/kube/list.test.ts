import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import {
  applyServerSide,
  connectKube,
  instrumentKube,
  listObjects,
  listSecrets,
  KubeStatusError,
  type KubeClient,
} from '../../../src/kube/index.js';
import { configMap, createTestNamespace } from './support.js';

const CONFIG_MAPS = { group: '', version: 'v1', kind: 'ConfigMap' };

describe('listing objects on a real apiserver', () => {
  let cp: TestControlPlane;
  let client: KubeClient;

  before(async () => {
    cp = await useControlPlane();
    client = connectKube(cp.kubeconfig);
  });
  after(async () => {
    await cp.stop();
  });

  it('reads every page when there are more objects than the page size', async () => {
    const ns = await createTestNamespace(client, 'list-pages');
    const names = Array.from({ length: 23 }, (_, i) => `cm-${String(i).padStart(2, '0')}`);
    await Promise.all(
      names.map((name) => applyServerSide(client, configMap(ns, name, { n: name }))),
    );
    const requests: string[] = [];
    const unsubscribe = instrumentKube(client, (verb, kind, status) =>
      requests.push(`${verb} ${kind ?? '-'} ${String(status)}`),
    );
    const listed = await listObjects(client, CONFIG_MAPS, { namespace: ns, pageSize: 10 });
    unsubscribe();
    // kube-root-ca.crt is published into every namespace by the controller-manager.
    const ours = listed.items.filter((item) => item.metadata.name.startsWith('cm-'));
    assert.deepEqual(ours.map((item) => item.metadata.name).sort(), names);
    assert.equal(new Set(listed.items.map((i) => i.metadata.name)).size, listed.items.length);
    assert.deepEqual(requests, Array(3).fill('List ConfigMap 200'), 'three pages of 10');
    assert.match(listed.resourceVersion, /^\d+$/);
    for (const item of ours) {
      assert.equal(item.apiVersion, 'v1');
      assert.equal(item.kind, 'ConfigMap');
      assert.equal((item['data'] as Record<string, string>)['n'], item.metadata.name);
      // Plain JSON: timestamps stay strings.
      assert.equal(typeof item.metadata['creationTimestamp'], 'string');
    }
  });

  it('filters by label and field selectors, and across namespaces', async () => {
    const ns = await createTestNamespace(client, 'list-select');
    await applyServerSide(client, configMap(ns, 'red', {}, { colour: 'red' }));
    await applyServerSide(client, configMap(ns, 'blue', {}, { colour: 'blue' }));
    const red = await listObjects(client, CONFIG_MAPS, {
      namespace: ns,
      labelSelector: 'colour=red',
    });
    assert.deepEqual(
      red.items.map((i) => i.metadata.name),
      ['red'],
    );
    const byName = await listObjects(client, CONFIG_MAPS, {
      namespace: ns,
      fieldSelector: 'metadata.name=blue',
    });
    assert.deepEqual(
      byName.items.map((i) => i.metadata.name),
      ['blue'],
    );
    const everywhere = await listObjects(client, CONFIG_MAPS, { labelSelector: 'colour' });
    const mine = everywhere.items.filter((i) => i.metadata.namespace === ns);
    assert.deepEqual(mine.map((i) => i.metadata.name).sort(), ['blue', 'red']);
  });

  it('names the kind and the reason when the server refuses the list', async () => {
    await assert.rejects(
      listObjects(client, CONFIG_MAPS, { labelSelector: 'not a selector!' }),
      (err: unknown) => {
        assert.ok(err instanceof KubeStatusError);
        assert.equal(err.statusCode, 400);
        assert.match(err.message, /^ConfigMap list: list failed \(400 BadRequest\)/);
        return true;
      },
    );
  });

  it('returns repository credential Secrets by label, with their data intact', async () => {
    const ns = await createTestNamespace(client, 'list-secrets');
    const secret = (
      name: string,
      labels: Record<string, string>,
    ): Parameters<typeof applyServerSide>[1] => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: ns, labels },
      stringData: { url: `https://git.example.com/${name}.git`, password: 'hunter2' },
    });
    await applyServerSide(client, secret('repo-a', { 'capstan.dev/secret-type': 'repository' }));
    await applyServerSide(client, secret('repo-b', { 'capstan.dev/secret-type': 'repository' }));
    await applyServerSide(client, secret('other', { 'capstan.dev/secret-type': 'cluster' }));
    const secrets = await listSecrets(client, ns, 'capstan.dev/secret-type=repository');
    assert.deepEqual(secrets.map((s) => s.metadata.name).sort(), ['repo-a', 'repo-b']);
    const a = secrets.find((s) => s.metadata.name === 'repo-a');
    assert.equal(a?.kind, 'Secret');
    const data = a['data'] as Record<string, string>;
    assert.equal(Buffer.from(data['password'] ?? '', 'base64').toString('utf8'), 'hunter2');
  });
});
