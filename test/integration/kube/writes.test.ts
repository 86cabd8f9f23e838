import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import {
  applyServerSide,
  connectKube,
  dryRunApply,
  eventSubjectOf,
  getObject,
  instrumentKube,
  isConflictError,
  listObjects,
  patchObject,
  recordEvent,
  replaceStatus,
  KubeStatusError,
  EVENT_AGGREGATION_WINDOW_MS,
  type KubeClient,
  type ManifestObject,
} from '../../../src/kube/index.js';
import { configMap, createTestNamespace, resourceVersionOf } from './support.js';

function application(namespace: string, name: string): ManifestObject {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace },
    spec: {
      project: 'default',
      source: { repoURL: 'https://git.example.com/org/deploy.git', path: 'apps/web' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
    },
  };
}

function dataOf(object: ManifestObject | undefined): Record<string, string> | undefined {
  return object?.['data'] as Record<string, string> | undefined;
}

async function eventsAbout(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<ManifestObject[]> {
  const list = await listObjects(
    client,
    { group: '', version: 'v1', kind: 'Event' },
    {
      namespace,
      fieldSelector: `involvedObject.name=${name}`,
    },
  );
  return list.items;
}

describe('writes through the kube adapter on a real apiserver', () => {
  let cp: TestControlPlane;
  let client: KubeClient;
  let ns: string;

  before(async () => {
    cp = await useControlPlane();
    client = connectKube(cp.kubeconfig);
    ns = await createTestNamespace(client, 'writes');
  });
  after(async () => {
    await cp.stop();
  });

  it('dry-run apply shows the change with server defaults but does not persist it', async () => {
    await applyServerSide(client, configMap(ns, 'settings', { level: 'info' }));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'settings' };
    const before = await getObject(client, ref);
    const predicted = await dryRunApply(client, configMap(ns, 'settings', { level: 'debug' }));
    assert.equal(dataOf(predicted)?.['level'], 'debug');
    const after = await getObject(client, ref);
    assert.equal(dataOf(after)?.['level'], 'info');
    assert.equal(resourceVersionOf(after), resourceVersionOf(before));

    const deployment: ManifestObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      },
    };
    const defaulted = await dryRunApply(client, deployment);
    assert.equal(
      (defaulted['spec'] as { replicas: number }).replicas,
      1,
      'server default filled in',
    );
    assert.equal(
      await getObject(client, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: ns,
        name: 'web',
      }),
      undefined,
    );
  });

  it('dry-run apply of an invalid manifest names the object and the field', async () => {
    const bad: ManifestObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        template: { metadata: { labels: { app: 'y' } } },
      },
    };
    await assert.rejects(dryRunApply(client, bad), (err: unknown) => {
      assert.ok(err instanceof KubeStatusError);
      assert.equal(err.statusCode, 422);
      assert.equal(err.retryable, false);
      assert.match(
        err.message,
        new RegExp(
          `^Deployment/broken in ${ns}: dry-run failed \\(422 Invalid\\): .*spec\\.template`,
        ),
      );
      return true;
    });
  });

  it('replaces the status of an Application: keys left out disappear, the spec stays', async () => {
    const created = await applyServerSide(client, application(ns, 'guestbook'));
    const ref = {
      apiVersion: 'capstan.dev/v1alpha1',
      kind: 'Application',
      namespace: ns,
      name: 'guestbook',
    };
    const first = await replaceStatus(client, ref, {
      sync: { status: 'Synced', revision: 'abc' },
      health: { status: 'Healthy' },
      reconciledAt: '2026-01-01T00:00:00Z',
    });
    assert.deepEqual((first['status'] as { health: unknown }).health, { status: 'Healthy' });
    const second = await replaceStatus(client, ref, { sync: { status: 'OutOfSync' } });
    assert.deepEqual(second['status'], { sync: { status: 'OutOfSync' } });
    const stored = await getObject(client, ref);
    assert.deepEqual(stored?.['status'], { sync: { status: 'OutOfSync' } });
    assert.deepEqual(stored['spec'], created['spec']);
  });

  it('a status write against a stale resourceVersion is a retryable Conflict', async () => {
    await applyServerSide(client, application(ns, 'contended'));
    const ref = {
      apiVersion: 'capstan.dev/v1alpha1',
      kind: 'Application',
      namespace: ns,
      name: 'contended',
    };
    const read = await getObject(client, ref);
    const staleVersion = resourceVersionOf(read);
    const written = await replaceStatus(
      client,
      ref,
      { health: { status: 'Progressing' } },
      { resourceVersion: staleVersion },
    );
    await assert.rejects(
      replaceStatus(
        client,
        ref,
        { health: { status: 'Degraded' } },
        { resourceVersion: staleVersion },
      ),
      (err: unknown) => {
        assert.ok(isConflictError(err), String(err));
        assert.equal(err.retryable, true);
        assert.equal(err.statusCode, 409);
        assert.match(
          err.message,
          new RegExp(`^Application/contended in ${ns}: status update failed \\(409 Conflict\\)`),
        );
        return true;
      },
    );
    assert.deepEqual((await getObject(client, ref))?.['status'], {
      health: { status: 'Progressing' },
    });
    const retried = await replaceStatus(
      client,
      ref,
      { health: { status: 'Degraded' } },
      { resourceVersion: resourceVersionOf(written) },
    );
    assert.deepEqual(retried['status'], { health: { status: 'Degraded' } });
  });

  it('patches annotations away with a merge patch and edits with a JSON patch', async () => {
    const app = application(ns, 'refreshed');
    app.metadata['annotations'] = { 'capstan.dev/refresh': 'hard', keep: 'me' };
    await applyServerSide(client, app);
    const ref = {
      apiVersion: 'capstan.dev/v1alpha1',
      kind: 'Application',
      namespace: ns,
      name: 'refreshed',
    };
    const merged = await patchObject(
      client,
      ref,
      { metadata: { annotations: { 'capstan.dev/refresh': null } } },
      'merge',
    );
    assert.deepEqual(merged.metadata['annotations'], { keep: 'me' });
    const edited = await patchObject(
      client,
      ref,
      [{ op: 'replace', path: '/spec/source/path', value: 'apps/api' }],
      'json',
    );
    assert.equal((edited['spec'] as { source: { path: string } }).source.path, 'apps/api');
    await assert.rejects(
      patchObject(
        client,
        { ...ref, name: 'missing' },
        { metadata: { labels: { a: 'b' } } },
        'merge',
      ),
      { message: /^Application\/missing in .*: patch failed \(404 NotFound\)/ },
    );
  });

  it('records an Event once and counts identical repeats on it', async () => {
    const app = await applyServerSide(client, application(ns, 'eventful'));
    const object = eventSubjectOf(app);
    const record = {
      object,
      type: 'Normal' as const,
      reason: 'ResourceUpdated',
      message: 'Updated sync status: -> Synced',
    };
    let now = Date.parse('2026-03-01T10:00:00Z');
    const clock = { now: () => now };
    await recordEvent(client, record, { clock });
    now += 1000;
    await recordEvent(client, record, { clock });
    now += 1000;
    await recordEvent(client, record, { clock });
    await recordEvent(
      client,
      { ...record, type: 'Warning', reason: 'ComparisonError', message: 'boom' },
      { clock },
    );

    const events = await eventsAbout(client, ns, 'eventful');
    const updated = events.filter((e) => e['reason'] === 'ResourceUpdated');
    assert.equal(updated.length, 1);
    const event = updated[0] as ManifestObject;
    assert.equal(event['count'], 3);
    assert.equal(event['firstTimestamp'], '2026-03-01T10:00:00Z');
    assert.equal(event['lastTimestamp'], '2026-03-01T10:00:02Z');
    assert.equal(event['type'], 'Normal');
    assert.deepEqual(event['source'], { component: 'capstan' });
    assert.equal(event['reportingComponent'], 'capstan');
    assert.deepEqual(event['involvedObject'], {
      apiVersion: 'capstan.dev/v1alpha1',
      kind: 'Application',
      namespace: ns,
      name: 'eventful',
      uid: app.metadata['uid'],
      resourceVersion: resourceVersionOf(app),
    });
    const warning = events.filter((e) => e['reason'] === 'ComparisonError');
    assert.equal(warning.length, 1);
    assert.equal(warning[0]?.['type'], 'Warning');
  });

  it('starts a new Event when the repeat comes after the aggregation window', async () => {
    const cm = await applyServerSide(client, configMap(ns, 'windowed'));
    const record = {
      object: eventSubjectOf(cm),
      type: 'Normal' as const,
      reason: 'Tick',
      message: 'tick',
    };
    let now = Date.parse('2026-03-01T11:00:00Z');
    const clock = { now: () => now };
    await recordEvent(client, record, { clock });
    now += EVENT_AGGREGATION_WINDOW_MS + 1000;
    await recordEvent(client, record, { clock });
    const ticks = (await eventsAbout(client, ns, 'windowed')).filter((e) => e['reason'] === 'Tick');
    assert.deepEqual(
      ticks.map((e) => e['count']),
      [1, 1],
    );
  });

  it('puts Events about cluster-scoped objects in default, and never throws', async () => {
    const subject = { apiVersion: 'v1', kind: 'Namespace', name: ns };
    await recordEvent(client, {
      object: subject,
      type: 'Normal',
      reason: 'Seen',
      message: 'hello',
    });
    const seen = (await eventsAbout(client, 'default', ns)).filter((e) => e['reason'] === 'Seen');
    assert.equal(seen.length, 1);
    // A namespace that does not exist: the apiserver refuses, recordEvent shrugs, and a
    // repeat tries to create the Event again rather than to count on one that never was.
    const orphan = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'no-such-namespace-here',
      name: 'x',
    };
    const requests: string[] = [];
    const unsubscribe = instrumentKube(client, (verb, kind, status) => {
      if (kind === 'Event') requests.push(`${verb} ${String(status)}`);
    });
    const lost = {
      object: orphan,
      type: 'Warning' as const,
      reason: 'Lost',
      message: 'nobody hears',
    };
    await recordEvent(client, lost);
    await recordEvent(client, lost);
    unsubscribe();
    assert.deepEqual(requests, ['Create 404', 'Create 404']);
  });
});
