import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import {
  applyServerSide,
  connectKube,
  discoverApiResources,
  instrumentKube,
  invalidateDiscovery,
  listObjects,
  waitForCrdsEstablished,
  type ApiResource,
  type KubeClient,
} from '../../../src/kube/index.js';
import { installTestCrd } from './support.js';

function find(resources: ApiResource[], group: string, kind: string): ApiResource | undefined {
  return resources.find((r) => r.group === group && r.kind === kind);
}

describe('API discovery on a real apiserver', () => {
  let cp: TestControlPlane;
  let client: KubeClient;

  before(async () => {
    cp = await useControlPlane();
    client = connectKube(cp.kubeconfig);
  });
  after(async () => {
    await cp.stop();
  });

  it('finds built-in and Capstan kinds at their preferred versions with scope and plural', async () => {
    const resources = await discoverApiResources(client);
    assert.deepEqual(find(resources, 'apps', 'Deployment'), {
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      plural: 'deployments',
      namespaced: true,
      verbs: find(resources, 'apps', 'Deployment')?.verbs,
    });
    assert.equal(find(resources, '', 'ConfigMap')?.plural, 'configmaps');
    assert.equal(find(resources, '', 'ConfigMap')?.version, 'v1');
    assert.equal(find(resources, '', 'Namespace')?.namespaced, false);
    assert.equal(find(resources, 'autoscaling', 'HorizontalPodAutoscaler')?.version, 'v2');
    const app = find(resources, 'capstan.dev', 'Application');
    assert.equal(app?.version, 'v1alpha1');
    assert.equal(app.plural, 'applications');
    assert.equal(app.namespaced, true);
    assert.equal(find(resources, 'capstan.dev', 'AppProject')?.plural, 'appprojects');
  });

  it('lists only resources that can be listed and watched, and no subresources', async () => {
    const resources = await discoverApiResources(client);
    assert.ok(resources.length > 30, `found ${String(resources.length)} resources`);
    for (const r of resources) {
      assert.ok(!r.plural.includes('/'), `${r.plural} is a subresource`);
      assert.ok(r.verbs.includes('list') && r.verbs.includes('watch'), `${r.plural} verbs`);
    }
    // bindings can only be created; tokenreviews only created, never listed.
    assert.equal(find(resources, '', 'Binding'), undefined);
    assert.equal(find(resources, 'authentication.k8s.io', 'TokenReview'), undefined);
    const plurals = resources.map((r) => `${r.group}/${r.plural}`);
    assert.equal(new Set(plurals).size, plurals.length, 'each resource once');
  });

  it('is answered from a cache: two requests (/api and /apis) once, none the second time', async () => {
    const seen: string[] = [];
    const unsubscribe = instrumentKube(client, (verb, kind, status) =>
      seen.push(`${verb} ${kind ?? '-'} ${String(status)}`),
    );
    invalidateDiscovery(client);
    const started = performance.now();
    await discoverApiResources(client);
    const elapsed = performance.now() - started;
    await discoverApiResources(client);
    unsubscribe();
    assert.deepEqual(seen, ['Get - 200', 'Get - 200']);
    assert.ok(elapsed < 2000, `discovery took ${elapsed.toFixed(0)} ms`);
  });

  it('sees a CRD installed after the first discovery once invalidated', async () => {
    const before = await discoverApiResources(client);
    assert.equal(find(before, 'mid.kubetest.capstan.dev', 'Gadget'), undefined);
    await installTestCrd(client, 'mid.kubetest.capstan.dev', 'Gadget', 'Cluster');
    // The cache is deliberate (discovery is read on every controller resync), so the new
    // kind only shows once the caller says the API changed.
    assert.equal(
      find(await discoverApiResources(client), 'mid.kubetest.capstan.dev', 'Gadget'),
      undefined,
    );
    invalidateDiscovery(client);
    const gadget = find(await discoverApiResources(client), 'mid.kubetest.capstan.dev', 'Gadget');
    assert.deepEqual(gadget && { ...gadget, verbs: [...gadget.verbs].sort() }, {
      group: 'mid.kubetest.capstan.dev',
      version: 'v1',
      kind: 'Gadget',
      plural: 'gadgets',
      namespaced: false,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    });
    const listed = await listObjects(client, {
      group: 'mid.kubetest.capstan.dev',
      version: 'v1',
      kind: 'Gadget',
    });
    assert.deepEqual(listed.items, []);
  });

  it('picks the version the API server prefers for a CRD that serves two', async () => {
    const name = 'dials.multi.kubetest.capstan.dev';
    const schema = {
      openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    };
    await applyServerSide(client, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name },
      spec: {
        group: 'multi.kubetest.capstan.dev',
        scope: 'Namespaced',
        names: { plural: 'dials', singular: 'dial', kind: 'Dial', listKind: 'DialList' },
        versions: [
          { name: 'v1beta1', served: true, storage: false, schema },
          { name: 'v1', served: true, storage: true, schema },
          { name: 'v2alpha1', served: true, storage: false, schema },
        ],
      },
    });
    await waitForCrdsEstablished(client, [name], 30_000);
    invalidateDiscovery(client);
    const dial = find(await discoverApiResources(client), 'multi.kubetest.capstan.dev', 'Dial');
    assert.ok(dial, 'waitForCrdsEstablished returned before discovery listed the kind');
    // Kubernetes version priority: GA before beta before alpha.
    assert.equal(dial.version, 'v1');
  });
});
