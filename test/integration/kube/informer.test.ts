import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { kubectl } from '../../helpers/kubectl.js';
import { createSilentLogger } from '../../../src/log/index.js';
import {
  applyServerSide,
  connectKube,
  createInformer,
  patchObject,
  type Informer,
  type InformerOptions,
  type KubeClient,
  type ResourceTarget,
} from '../../../src/kube/index.js';
import { configMap, createTestNamespace, recordNotices, summarize } from './support.js';

const CONFIG_MAPS: ResourceTarget = { group: '', version: 'v1', kind: 'ConfigMap' };
const logger = createSilentLogger();

describe('informers on a real apiserver', () => {
  let cp: TestControlPlane;
  let client: KubeClient;
  const running: Informer[] = [];

  before(async () => {
    cp = await useControlPlane();
    client = connectKube(cp.kubeconfig);
  });
  afterEach(() => {
    for (const informer of running.splice(0)) informer.stop();
  });
  after(async () => {
    await cp.stop();
  });

  function informOn(
    on: KubeClient,
    target: ResourceTarget,
    options: Omit<InformerOptions, 'logger'>,
  ): Informer {
    const informer = createInformer(on, target, { logger, ...options });
    running.push(informer);
    return informer;
  }

  it('tells of an add, an update and a delete in order, each within a second', async () => {
    const ns = await createTestNamespace(client, 'inf-order');
    const informer = informOn(client, CONFIG_MAPS, { namespace: ns });
    const { handlers, notices } = recordNotices();
    informer.addHandlers(handlers);
    await informer.start();
    assert.equal(informer.hasSynced, true);

    const ops: number[] = [];
    await applyServerSide(client, configMap(ns, 'web', { v: '1' }));
    ops.push(Date.now());
    await eventually(() => assert.deepEqual(summarize(notices, ['web']), ['add web']), {
      timeoutMs: 5000,
    });
    await applyServerSide(client, configMap(ns, 'web', { v: '2' }));
    ops.push(Date.now());
    await eventually(() => assert.equal(summarize(notices, ['web']).length, 2), {
      timeoutMs: 5000,
    });
    const deleted = await kubectl(cp.kubeconfig, ['-n', ns, 'delete', 'configmap', 'web']);
    assert.equal(deleted.code, 0, deleted.stderr);
    ops.push(Date.now());
    await eventually(() => assert.equal(summarize(notices, ['web']).length, 3), {
      timeoutMs: 5000,
    });

    const web = notices.filter((n) => n.name === 'web');
    assert.deepEqual(summarize(web), ['add web', 'update web', 'delete web']);
    web.forEach((notice, i) => {
      const lag = notice.at - (ops[i] ?? 0);
      assert.ok(lag < 1000, `${notice.type} arrived ${String(lag)} ms after the change`);
    });
    const updated = web[1]?.object;
    assert.ok(updated);
    assert.equal((updated['data'] as Record<string, string>)['v'], '2');
    assert.equal(updated.kind, 'ConfigMap');
    assert.equal(updated.apiVersion, 'v1');
    assert.equal(informer.get(ns, 'web'), undefined);
  });

  it('keeps a store keyed by namespace and name that matches the server', async () => {
    const ns = await createTestNamespace(client, 'inf-store');
    await applyServerSide(client, configMap(ns, 'before', { a: '1' }));
    const informer = informOn(client, CONFIG_MAPS, { namespace: ns });
    await informer.start();
    assert.equal((informer.get(ns, 'before')?.['data'] as Record<string, string>)['a'], '1');
    await applyServerSide(client, configMap(ns, 'after', { b: '2' }));
    await eventually(() => assert.ok(informer.get(ns, 'after')));
    const names = informer
      .list()
      .map((o) => o.metadata.name)
      .filter((n) => n !== 'kube-root-ca.crt');
    assert.deepEqual(names.sort(), ['after', 'before']);
    assert.equal(informer.get('elsewhere', 'before'), undefined);
  });

  it('with a label selector ignores unlabelled objects and reports a removed label as a delete', async () => {
    const ns = await createTestNamespace(client, 'inf-label');
    const informer = informOn(client, CONFIG_MAPS, { namespace: ns, labelSelector: 'team=a' });
    const { handlers, notices } = recordNotices();
    informer.addHandlers(handlers);
    await informer.start();
    await applyServerSide(client, configMap(ns, 'plain'));
    await applyServerSide(client, configMap(ns, 'tagged', {}, { team: 'a' }));
    await eventually(() => assert.deepEqual(summarize(notices), ['add tagged']));
    const unlabel = await kubectl(cp.kubeconfig, [
      '-n',
      ns,
      'label',
      'configmap',
      'tagged',
      'team-',
    ]);
    assert.equal(unlabel.code, 0, unlabel.stderr);
    await eventually(() => assert.deepEqual(summarize(notices), ['add tagged', 'delete tagged']));
    assert.equal(informer.get(ns, 'tagged'), undefined);
    assert.equal(informer.get(ns, 'plain'), undefined);
  });

  it('replays known objects as adds to handlers added after the first list', async () => {
    const ns = await createTestNamespace(client, 'inf-late');
    await applyServerSide(client, configMap(ns, 'early'));
    const informer = informOn(client, CONFIG_MAPS, { namespace: ns });
    await informer.start();
    const { handlers, notices } = recordNotices();
    informer.addHandlers(handlers);
    assert.deepEqual(summarize(notices, ['early']), ['add early']);
  });

  it('keeps going when a handler throws', async () => {
    const ns = await createTestNamespace(client, 'inf-throw');
    const informer = informOn(client, CONFIG_MAPS, { namespace: ns });
    informer.addHandlers({
      onAdd: () => {
        throw new Error('handler bug');
      },
    });
    const { handlers, notices } = recordNotices();
    informer.addHandlers(handlers);
    await informer.start();
    await applyServerSide(client, configMap(ns, 'one'));
    await applyServerSide(client, configMap(ns, 'two'));
    await eventually(() =>
      assert.deepEqual(summarize(notices, ['one', 'two']), ['add one', 'add two']),
    );
  });

  it('stops: no handler runs after stop(), and the watch loop ends', async () => {
    const ns = await createTestNamespace(client, 'inf-stop');
    const informer = informOn(client, CONFIG_MAPS, { namespace: ns });
    const { handlers, notices } = recordNotices();
    informer.addHandlers(handlers);
    await informer.start();
    informer.stop();
    await informer.whenStopped();
    await applyServerSide(client, configMap(ns, 'unseen'));
    // A second informer proves the event was delivered to watchers meanwhile.
    const witness = informOn(client, CONFIG_MAPS, { namespace: ns });
    await witness.start();
    assert.ok(witness.get(ns, 'unseen'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(summarize(notices, ['unseen']), []);
  });

  it('stops when its abort signal fires', async () => {
    const ns = await createTestNamespace(client, 'inf-signal');
    const abort = new AbortController();
    const informer = informOn(client, CONFIG_MAPS, { namespace: ns, signal: abort.signal });
    await informer.start();
    abort.abort();
    await informer.whenStopped();
  });

  it('refuses to start for a kind the server does not serve', async () => {
    const informer = informOn(
      client,
      { group: 'nowhere.example.com', version: 'v1', kind: 'Ghost' },
      {},
    );
    await assert.rejects(informer.start(), {
      message: 'Ghost (nowhere.example.com/v1): no such kind on the API server',
    });
  });

  it('follows cluster-scoped kinds, keyed by name alone', async () => {
    const informer = informOn(client, { group: '', version: 'v1', kind: 'Namespace' }, {});
    await informer.start();
    const ns = await createTestNamespace(client, 'inf-cluster');
    await eventually(() => assert.equal(informer.get(undefined, ns)?.kind, 'Namespace'));
    await patchObject(
      client,
      { apiVersion: 'v1', kind: 'Namespace', name: ns },
      { metadata: { labels: { x: 'y' } } },
      'merge',
    );
    await eventually(() =>
      assert.equal(
        (informer.get(undefined, ns)?.metadata['labels'] as Record<string, string>)['x'],
        'y',
      ),
    );
  });
});
