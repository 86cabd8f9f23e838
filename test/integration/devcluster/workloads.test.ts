import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';

describe('dev cluster with workloads', () => {
  let cp: TestControlPlane;
  const ns = `workloads-${String(process.pid)}`;

  before(async () => {
    cp = await useControlPlane();
    const created = await kubectl(cp.kubeconfig, ['create', 'namespace', ns]);
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => {
    await cp.stop();
  });

  it('runs a Deployment applied by kubectl until it is Available with all replicas ready', async () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.27, ports: [{containerPort: 80}]}]
`;
    const applied = await kubectl(cp.kubeconfig, ['apply', '-f', '-'], manifest);
    assert.equal(applied.code, 0, applied.stderr);
    const waited = await kubectl(cp.kubeconfig, [
      '-n',
      ns,
      'wait',
      'deployment/web',
      '--for=condition=Available',
      '--timeout=60s',
    ]);
    assert.equal(waited.code, 0, waited.stderr);
    const ready = await kubectl(cp.kubeconfig, [
      '-n',
      ns,
      'get',
      'deployment/web',
      '-o',
      'jsonpath={.status.readyReplicas}',
    ]);
    assert.equal(ready.stdout, '3');
  });

  it('runs a Job to completion and marks its pod Succeeded', async () => {
    const created = await kubectl(cp.kubeconfig, [
      '-n',
      ns,
      'create',
      'job',
      'migrate',
      '--image=busybox',
      '--',
      'true',
    ]);
    assert.equal(created.code, 0, created.stderr);
    const waited = await kubectl(cp.kubeconfig, [
      '-n',
      ns,
      'wait',
      'job/migrate',
      '--for=condition=Complete',
      '--timeout=60s',
    ]);
    assert.equal(waited.code, 0, waited.stderr);
    const phases = await kubectl(cp.kubeconfig, [
      '-n',
      ns,
      'get',
      'pods',
      '-l',
      'job-name=migrate',
      '-o',
      'jsonpath={.items[*].status.phase}',
    ]);
    assert.equal(phases.stdout, 'Succeeded');
  });

  it('keeps workloads Ready past the node lifecycle grace period of 40 s', async () => {
    // kwok does not heartbeat the fake node; without a long grace period the controller
    // manager marked it NotReady after 40 s and took every pod's Ready with it.
    const deadline = Date.now() + 55_000;
    while (Date.now() < deadline) {
      const ready = await kubectl(cp.kubeconfig, [
        '-n',
        ns,
        'get',
        'deployment/web',
        '-o',
        'jsonpath={.status.readyReplicas}',
      ]);
      assert.equal(ready.stdout, '3', `readyReplicas dropped at ${new Date().toISOString()}`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    const events = await kubectl(cp.kubeconfig, [
      'get',
      'events',
      '-A',
      '--field-selector',
      'reason=NodeNotReady',
      '-o',
      'name',
    ]);
    assert.equal(events.stdout.trim(), '', 'the node was never marked NotReady');
  });

  it('keeps the fake node Ready and schedules pods onto it', async () => {
    const node = await kubectl(cp.kubeconfig, [
      'get',
      'nodes',
      '-o',
      'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}',
    ]);
    assert.equal(node.stdout, 'True');
    const placed = await kubectl(cp.kubeconfig, [
      '-n',
      ns,
      'get',
      'pods',
      '-l',
      'app=web',
      '-o',
      'jsonpath={.items[*].spec.nodeName}',
    ]);
    assert.deepEqual(new Set(placed.stdout.split(' ')), new Set(['kwok-node-0']));
  });
});
