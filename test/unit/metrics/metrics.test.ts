/**
 * Capstan's metrics as a Prometheus scrape sees them: names, types, labels, help, and that a
 * registry holds only what it was given.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { register as globalRegistry, Registry } from 'prom-client';
import {
  countKubeRequest,
  createMetrics,
  formatResponseCode,
  stripURLCredentials,
} from '../../../src/metrics/index.js';
import { findSamples, sampleValue, scrapeRegistry } from './scrape.js';

/** Every metric family Capstan defines, with its Prometheus type and label names. */
const EXPECTED_FAMILIES: Record<string, { type: string; labels: string[] }> = {
  capstan_app_info: {
    type: 'gauge',
    labels: [
      'name',
      'namespace',
      'project',
      'repo',
      'dest_server',
      'dest_namespace',
      'sync_status',
      'health_status',
    ],
  },
  capstan_app_sync_total: { type: 'counter', labels: ['name', 'namespace', 'project', 'phase'] },
  capstan_app_reconcile: { type: 'histogram', labels: ['namespace', 'dest_server'] },
  capstan_app_k8s_request_total: {
    type: 'counter',
    labels: ['verb', 'resource_kind', 'response_code'],
  },
  capstan_render_duration_seconds: { type: 'histogram', labels: ['source_type'] },
  capstan_workqueue_depth: { type: 'gauge', labels: ['name'] },
  capstan_workqueue_adds_total: { type: 'counter', labels: ['name'] },
  capstan_workqueue_queue_duration_seconds: { type: 'histogram', labels: ['name'] },
  capstan_workqueue_work_duration_seconds: { type: 'histogram', labels: ['name'] },
  capstan_workqueue_retries_total: { type: 'counter', labels: ['name'] },
  capstan_git_request_total: { type: 'counter', labels: ['repo', 'request_type'] },
  capstan_git_request_duration_seconds: { type: 'histogram', labels: ['repo', 'request_type'] },
  capstan_repo_cache_bytes: { type: 'gauge', labels: ['store'] },
  capstan_leader: { type: 'gauge', labels: [] },
};

/** Records one sample in every family, so each appears in the scrape with its labels. */
function touchEveryMetric(metrics: ReturnType<typeof createMetrics>): void {
  metrics.appInfo.setApp({
    name: 'guestbook',
    namespace: 'capstan-system',
    project: 'default',
    repo: 'https://git.example.com/org/deploy',
    destServer: 'https://kubernetes.default.svc',
    destNamespace: 'guestbook',
    syncStatus: 'Synced',
    healthStatus: 'Healthy',
  });
  metrics.appSyncTotal.inc({
    name: 'guestbook',
    namespace: 'capstan-system',
    project: 'default',
    phase: 'Succeeded',
  });
  metrics.appReconcile.observe({ namespace: 'capstan-system', dest_server: 'in-cluster' }, 0.2);
  countKubeRequest(metrics, { verb: 'Patch', resourceKind: 'Deployment', status: 200 });
  metrics.renderDuration.observe({ source_type: 'Kustomize' }, 0.05);
  for (const family of [metrics.workqueueAddsTotal, metrics.workqueueRetriesTotal]) {
    family.inc({ name: 'app_reconcile' });
  }
  metrics.workqueueDepth.set({ name: 'app_reconcile' }, 0);
  metrics.workqueueQueueDuration.observe({ name: 'app_reconcile' }, 0.001);
  metrics.workqueueWorkDuration.observe({ name: 'app_reconcile' }, 0.1);
  metrics.gitRequestTotal.inc({
    repo: 'https://git.example.com/org/deploy',
    request_type: 'fetch',
  });
  metrics.gitRequestDuration.observe(
    { repo: 'https://git.example.com/org/deploy', request_type: 'fetch' },
    1,
  );
  metrics.repoCacheBytes.set({ store: 'disk' }, 1024);
  metrics.leader.set(1);
}

describe('createMetrics', () => {
  it('defines every DESIGN.md §8 metric with its Prometheus type', async () => {
    const metrics = createMetrics();
    const scrape = await scrapeRegistry(metrics.registry);
    for (const [name, { type }] of Object.entries(EXPECTED_FAMILIES)) {
      assert.equal(scrape.types.get(name), type, `${name} has type ${type}`);
    }
  });

  it('documents every Capstan metric in its help text', async () => {
    const scrape = await scrapeRegistry(createMetrics().registry);
    const capstanFamilies = [...scrape.types.keys()].filter((n) => n.startsWith('capstan_'));
    assert.deepEqual(capstanFamilies.sort(), Object.keys(EXPECTED_FAMILIES).sort());
    for (const name of capstanFamilies) {
      assert.ok((scrape.help.get(name) ?? '').length >= 30, `${name} has a real help text`);
    }
  });

  it('gives each metric exactly the label names Argo CD dashboards expect', async () => {
    const metrics = createMetrics();
    touchEveryMetric(metrics);
    const scrape = await scrapeRegistry(metrics.registry);
    for (const [name, { type, labels }] of Object.entries(EXPECTED_FAMILIES)) {
      const sampleName = type === 'histogram' ? `${name}_count` : name;
      const [sample, ...rest] = findSamples(scrape, sampleName);
      assert.ok(sample, `${sampleName} has a sample`);
      assert.equal(rest.length, 0, `${sampleName} has one series`);
      assert.deepEqual(Object.keys(sample.labels).sort(), [...labels].sort(), name);
    }
  });

  it('uses a fresh registry and never prom-client’s global one', async () => {
    createMetrics();
    const globalText = await globalRegistry.metrics();
    assert.doesNotMatch(globalText, /capstan_/u);
  });

  it('can define the metrics in two registries side by side', async () => {
    const first = createMetrics(new Registry());
    const second = createMetrics(new Registry());
    first.workqueueAddsTotal.inc({ name: 'q' }, 3);
    const secondScrape = await scrapeRegistry(second.registry);
    assert.equal(findSamples(secondScrape, 'capstan_workqueue_adds_total').length, 0);
    const firstScrape = await scrapeRegistry(first.registry);
    assert.equal(sampleValue(firstScrape, 'capstan_workqueue_adds_total', { name: 'q' }), 3);
  });

  it('exports Node process metrics only when asked to', async () => {
    const plain = await scrapeRegistry(createMetrics(new Registry()).registry);
    assert.equal(plain.types.has('process_cpu_user_seconds_total'), false);
    const registry = new Registry();
    createMetrics(registry, { processMetrics: true });
    const withProcess = await scrapeRegistry(registry);
    assert.equal(withProcess.types.get('process_cpu_user_seconds_total'), 'counter');
    assert.equal(withProcess.types.get('nodejs_heap_size_used_bytes'), 'gauge');
    assert.ok(withProcess.types.has('capstan_app_info'), 'Capstan metrics are still there');
  });

  it('buckets reconcile and render durations from 1 ms to 60 s', async () => {
    const metrics = createMetrics();
    metrics.appReconcile.observe({ namespace: 'a', dest_server: 'b' }, 0.0005);
    metrics.appReconcile.observe({ namespace: 'a', dest_server: 'b' }, 45);
    metrics.renderDuration.observe({ source_type: 'Directory' }, 0.003);
    const scrape = await scrapeRegistry(metrics.registry);
    for (const name of ['capstan_app_reconcile_bucket', 'capstan_render_duration_seconds_bucket']) {
      const bounds = findSamples(scrape, name)
        .map((s) => s.labels['le'] ?? '')
        .filter((le) => le !== '+Inf')
        .map(Number);
      assert.equal(Math.min(...bounds), 0.001, `${name} starts at 1 ms`);
      assert.equal(Math.max(...bounds), 60, `${name} ends at 60 s`);
    }
    assert.equal(sampleValue(scrape, 'capstan_app_reconcile_bucket', { le: '0.001' }), 1);
    assert.equal(sampleValue(scrape, 'capstan_app_reconcile_bucket', { le: '30' }), 1);
    assert.equal(sampleValue(scrape, 'capstan_app_reconcile_bucket', { le: '60' }), 2);
    assert.equal(
      sampleValue(scrape, 'capstan_render_duration_seconds_bucket', {
        source_type: 'Directory',
        le: '0.005',
      }),
      1,
    );
  });
});

describe('capstan_app_k8s_request_total', () => {
  it('counts requests by verb, resource kind and response code', async () => {
    const metrics = createMetrics();
    countKubeRequest(metrics, { verb: 'Patch', resourceKind: 'Deployment', status: 200 });
    countKubeRequest(metrics, { verb: 'Patch', resourceKind: 'Deployment', status: 200 });
    countKubeRequest(metrics, { verb: 'Patch', resourceKind: 'Deployment', status: 409 });
    countKubeRequest(metrics, { verb: 'List', resourceKind: 'Pod', status: undefined });
    const scrape = await scrapeRegistry(metrics.registry);
    const name = 'capstan_app_k8s_request_total';
    const patch = { verb: 'Patch', resource_kind: 'Deployment' };
    assert.equal(sampleValue(scrape, name, { ...patch, response_code: '200' }), 2);
    assert.equal(sampleValue(scrape, name, { ...patch, response_code: '409' }), 1);
    assert.equal(sampleValue(scrape, name, { verb: 'List', response_code: '0' }), 1);
    assert.equal(findSamples(scrape, name).length, 3);
  });

  it('keeps response_code bounded: anything but an HTTP status becomes 0', () => {
    assert.equal(formatResponseCode(404), '404');
    assert.equal(formatResponseCode(599), '599');
    for (const status of [undefined, 0, 42, 600, 200.5, Number.NaN]) {
      assert.equal(formatResponseCode(status), '0', String(status));
    }
  });
});

describe('stripURLCredentials', () => {
  it('drops user and password from a URL so they never become a label', () => {
    assert.equal(
      stripURLCredentials('https://bot:s3cr3t@git.example.com/org/repo.git'),
      'https://git.example.com/org/repo.git',
    );
    assert.equal(stripURLCredentials('http://token@host:8080/x?a=b@c'), 'http://host:8080/x?a=b@c');
  });

  it('leaves URLs without credentials unchanged, including an @ later in the path', () => {
    for (const url of ['https://git.example.com/org/repo', 'https://host/a@b', '/local/path']) {
      assert.equal(stripURLCredentials(url), url);
    }
  });
});
