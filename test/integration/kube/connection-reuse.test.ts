/**
 * Requests share TLS connections: a new handshake per request cost the controller a third of
 * its CPU before client-node's per-call agent was replaced by the pooled one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectKube, getObject } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { startApiProxy, type ApiProxy } from './api-proxy.js';

describe('kube connections', () => {
  let proxy: ApiProxy;
  let plane: TestControlPlane;

  before(async () => {
    plane = await useControlPlane();
    proxy = await startApiProxy(plane);
  });
  after(async () => {
    await proxy.close();
    await plane.stop();
  });

  it('reuses kept-alive connections for sequential requests', async () => {
    const client = connectKube(proxy.kubeconfig);
    const before = proxy.connectionsAccepted;
    for (let i = 0; i < 40; i += 1) {
      const namespace = await getObject(client, {
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'default',
      });
      assert.equal(namespace?.metadata.name, 'default');
    }
    const opened = proxy.connectionsAccepted - before;
    assert.ok(opened <= 3, `40 requests opened ${String(opened)} connections`);
  });
});
