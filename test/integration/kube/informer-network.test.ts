/**
 * Informers across a connection that fails: cut, refused, or resumed from a resourceVersion
 * the apiserver no longer has. The informer talks to the real apiserver through a TLS proxy
 * (api-proxy.ts) that does to its connections what a network would; the test makes its
 * changes directly, so they happen while the informer cannot see them.
 *
 * Forcing 410: a watch from resourceVersion=1 of a custom resource is always "too old":
 * the apiserver's watch cache for a CRD starts at the CRD's creation, far past 1, and
 * answers with an ERROR event {code: 410, reason: Expired} on an HTTP 200 stream. (Core
 * kinds are no good for this: their caches start at revision ~1 on a fresh etcd.)
 */
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
  type Informer,
  type InformerOptions,
  type KubeClient,
  type ManifestObject,
  type ResourceTarget,
} from '../../../src/kube/index.js';
import type { KubeError } from '../../../src/model/index.js';
import { startApiProxy, type ApiProxy, type ProxiedRequest } from './api-proxy.js';
import { createTestNamespace, installTestCrd, recordNotices, summarize } from './support.js';

const GROUP = 'net.kubetest.capstan.dev';
const WIDGETS: ResourceTarget = { group: GROUP, version: 'v1', kind: 'Widget' };

function widget(namespace: string, name: string, size = 1): ManifestObject {
  return {
    apiVersion: `${GROUP}/v1`,
    kind: 'Widget',
    metadata: { name, namespace },
    spec: { size },
  };
}

function isWidgetList(r: ProxiedRequest): boolean {
  return r.outcome === 'forwarded' && !r.isWatch && /\/widgets(\?|$)/.test(r.url);
}

function watchVersion(r: ProxiedRequest): string {
  return new URL(r.url, 'https://x').searchParams.get('resourceVersion') ?? '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('informers when the connection fails', () => {
  let cp: TestControlPlane;
  let direct: KubeClient;
  let proxy: ApiProxy;
  let proxied: KubeClient;
  const running: Informer[] = [];

  before(async () => {
    cp = await useControlPlane();
    direct = connectKube(cp.kubeconfig);
    await installTestCrd(direct, GROUP, 'Widget');
  });
  afterEach(async () => {
    for (const informer of running.splice(0)) informer.stop();
    await proxy.close();
  });
  after(async () => {
    await cp.stop();
  });

  /** A started informer through a fresh proxy, with its notices and reported errors. */
  async function startProxiedInformer(
    namespace: string,
    options: Partial<InformerOptions> = {},
  ): Promise<{
    informer: Informer;
    notices: ReturnType<typeof recordNotices>['notices'];
    errors: KubeError[];
  }> {
    proxy = await startApiProxy(cp);
    proxied = connectKube(proxy.kubeconfig);
    const errors: KubeError[] = [];
    const informer = createInformer(proxied, WIDGETS, {
      namespace,
      logger: createSilentLogger(),
      onError: (error) => errors.push(error),
      ...options,
    });
    running.push(informer);
    const { handlers, notices } = recordNotices();
    informer.addHandlers(handlers);
    await informer.start();
    return { informer, notices, errors };
  }

  it('resumes from its last resourceVersion after the connection is cut, without a relist', async () => {
    const ns = await createTestNamespace(direct, 'net-cut');
    const { notices, errors } = await startProxiedInformer(ns);
    await applyServerSide(direct, widget(ns, 'first'));
    await eventually(() => assert.deepEqual(summarize(notices), ['add first']));
    const firstVersion = BigInt(notices[0]?.resourceVersion ?? '0');
    const mark = proxy.requests.length;

    proxy.cutConnections();
    await applyServerSide(direct, widget(ns, 'second'));
    await eventually(() => assert.deepEqual(summarize(notices), ['add first', 'add second']), {
      timeoutMs: 5000,
    });

    const since = proxy.requests.slice(mark);
    assert.equal(since.filter(isWidgetList).length, 0, 'no list after a plain cut');
    const rewatch = since.find((r) => r.isWatch && r.outcome === 'forwarded');
    assert.ok(rewatch, 'a new watch was opened');
    assert.ok(BigInt(watchVersion(rewatch)) >= firstVersion, `resumed at ${watchVersion(rewatch)}`);
    assert.ok(
      errors.some((e) => /Widget watch/.test(e.message)),
      'the cut was reported',
    );
    assert.ok(errors.every((e) => e.retryable));
  });

  it('relists after 410 Expired and tells of the adds, updates and deletes it missed', async () => {
    const ns = await createTestNamespace(direct, 'net-expired');
    for (const name of ['keep', 'change', 'gone']) await applyServerSide(direct, widget(ns, name));
    const { informer, notices, errors } = await startProxiedInformer(ns);
    assert.deepEqual(summarize(notices).sort(), ['add change', 'add gone', 'add keep']);

    proxy.refusing = true;
    proxy.expireNextWatch();
    proxy.cutConnections();
    await applyServerSide(direct, widget(ns, 'new'));
    await applyServerSide(direct, widget(ns, 'change', 2));
    const deleted = await kubectl(cp.kubeconfig, ['-n', ns, 'delete', `widgets.${GROUP}`, 'gone']);
    assert.equal(deleted.code, 0, deleted.stderr);
    const mark = proxy.requests.length;
    proxy.refusing = false;

    await eventually(
      () =>
        assert.deepEqual(summarize(notices.slice(3)).sort(), [
          'add new',
          'delete gone',
          'update change',
        ]),
      { timeoutMs: 15_000 },
    );
    const forwarded = (): ProxiedRequest[] =>
      proxy.requests.slice(mark).filter((r) => r.outcome === 'forwarded');
    const expired = forwarded().findIndex((r) => r.isWatch && watchVersion(r) === '1');
    const relist = forwarded().findIndex(isWidgetList);
    assert.ok(expired >= 0, 'the watch asked for resourceVersion 1');
    assert.ok(relist > expired, 'listed again after the expired watch');
    // Then it watches again from the fresh list, not from 1 again.
    await eventually(() => {
      const next = forwarded().find((r, i) => i > relist && r.isWatch);
      assert.ok(next && BigInt(watchVersion(next)) > 1n);
    });
    assert.equal(informer.get(ns, 'gone'), undefined);
    assert.equal((informer.get(ns, 'change')?.['spec'] as { size: number }).size, 2);
    // A 410 is routine: it is handled, not reported as an error.
    assert.ok(
      errors.every((e) => !/410|Expired/.test(e.message)),
      errors.map((e) => e.message).join('; '),
    );
  });

  it('relists when a watch is answered with HTTP 410 Gone', async () => {
    const ns = await createTestNamespace(direct, 'net-gone');
    await applyServerSide(direct, widget(ns, 'old'));
    const { notices } = await startProxiedInformer(ns);
    proxy.refusing = true;
    proxy.answerNextWatchWithGone();
    proxy.cutConnections();
    await applyServerSide(direct, widget(ns, 'fresh'));
    const mark = proxy.requests.length;
    proxy.refusing = false;
    await eventually(() => assert.deepEqual(summarize(notices), ['add old', 'add fresh']), {
      timeoutMs: 15_000,
    });
    const since = proxy.requests.slice(mark);
    const gone = since.findIndex((r) => r.outcome === 'gone');
    assert.ok(since.some(isWidgetList), 'listed again');
    assert.ok(gone >= 0 && since.findIndex(isWidgetList) > gone, 'the list followed the 410');
  });

  it('backs off while the apiserver cannot be reached, then recovers', async () => {
    const ns = await createTestNamespace(direct, 'net-backoff');
    const { notices, errors } = await startProxiedInformer(ns);
    proxy.refusing = true;
    const mark = proxy.requests.length;
    proxy.cutConnections();
    await sleep(2500);
    const attempts = proxy.requests.slice(mark).filter((r) => r.isWatch).length;
    // Doubling from 100–200 ms: at most 4 tries in 2.5 s; without a backoff, hundreds.
    assert.ok(attempts >= 2 && attempts <= 6, `${String(attempts)} attempts in 2.5 s`);
    assert.ok(errors.length >= attempts, 'every failure was reported');
    proxy.refusing = false;
    await applyServerSide(direct, widget(ns, 'after'));
    await eventually(() => assert.deepEqual(summarize(notices), ['add after']), {
      timeoutMs: 15_000,
    });
  });

  it('renews a watch the server ended (timeoutSeconds) from where it was, listing only once', async () => {
    const ns = await createTestNamespace(direct, 'net-renew');
    const { notices, errors } = await startProxiedInformer(ns, { watchTimeoutSeconds: 2 });
    await eventually(() => assert.ok(proxy.requests.filter((r) => r.isWatch).length >= 3), {
      timeoutMs: 15_000,
    });
    await applyServerSide(direct, widget(ns, 'late'));
    await eventually(() => assert.deepEqual(summarize(notices), ['add late']));
    const watches = proxy.requests.filter((r) => r.isWatch);
    for (const w of watches) {
      const query = new URL(w.url, 'https://x').searchParams;
      assert.equal(query.get('allowWatchBookmarks'), 'true');
      assert.equal(query.get('timeoutSeconds'), '2');
    }
    const versions = watches.map((w) => BigInt(watchVersion(w)));
    assert.deepEqual(
      [...versions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      versions,
      'never goes back',
    );
    assert.equal(proxy.requests.filter(isWidgetList).length, 1, 'only the initial list');
    assert.deepEqual(errors, []);
  });
});
