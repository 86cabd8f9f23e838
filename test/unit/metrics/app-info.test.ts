/**
 * capstan_app_info keeps exactly one series per Application, whatever its status history.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMetrics, type AppInfo } from '../../../src/metrics/index.js';
import {
  countAppSync,
  forgetAppMetrics,
  recordAppReconcile,
} from '../../../src/controller/app-metrics.js';
import { findSamples, sampleValue, scrapeRegistry } from './scrape.js';

const GUESTBOOK: AppInfo = {
  name: 'guestbook',
  namespace: 'capstan-system',
  project: 'default',
  repo: 'https://git.example.com/org/deploy',
  destServer: 'https://kubernetes.default.svc',
  destNamespace: 'guestbook',
  syncStatus: 'OutOfSync',
  healthStatus: 'Progressing',
};

describe('capstan_app_info', () => {
  it('carries the app’s state in its labels with value 1', async () => {
    const metrics = createMetrics();
    metrics.appInfo.setApp(GUESTBOOK);
    const scrape = await scrapeRegistry(metrics.registry);
    const [series, ...rest] = findSamples(scrape, 'capstan_app_info');
    assert.equal(rest.length, 0);
    assert.deepEqual(series?.labels, {
      name: 'guestbook',
      namespace: 'capstan-system',
      project: 'default',
      repo: 'https://git.example.com/org/deploy',
      dest_server: 'https://kubernetes.default.svc',
      dest_namespace: 'guestbook',
      sync_status: 'OutOfSync',
      health_status: 'Progressing',
    });
    assert.equal(series.value, 1);
  });

  it('replaces the old series when sync or health status changes, leaking none', async () => {
    const metrics = createMetrics();
    metrics.appInfo.setApp(GUESTBOOK);
    metrics.appInfo.setApp({ ...GUESTBOOK, syncStatus: 'Synced' });
    metrics.appInfo.setApp({ ...GUESTBOOK, syncStatus: 'Synced', healthStatus: 'Healthy' });
    metrics.appInfo.setApp({ ...GUESTBOOK, syncStatus: 'Synced', healthStatus: 'Healthy' });
    const scrape = await scrapeRegistry(metrics.registry);
    const [series, ...others] = findSamples(scrape, 'capstan_app_info');
    assert.equal(others.length, 0);
    assert.equal(series?.labels['sync_status'], 'Synced');
    assert.equal(series.labels['health_status'], 'Healthy');
    assert.equal(metrics.appInfo.size, 1);
  });

  it('keeps one series per app and removes only the app that is gone', async () => {
    const metrics = createMetrics();
    metrics.appInfo.setApp(GUESTBOOK);
    metrics.appInfo.setApp({ ...GUESTBOOK, name: 'billing' });
    metrics.appInfo.setApp({ ...GUESTBOOK, namespace: 'team-a' });
    metrics.appInfo.removeApp({ namespace: 'capstan-system', name: 'guestbook' });
    metrics.appInfo.removeApp({ namespace: 'capstan-system', name: 'never-seen' });
    const scrape = await scrapeRegistry(metrics.registry);
    const apps = findSamples(scrape, 'capstan_app_info').map(
      (s) => `${s.labels['namespace'] ?? ''}/${s.labels['name'] ?? ''}`,
    );
    assert.deepEqual(apps.sort(), ['capstan-system/billing', 'team-a/guestbook']);
    assert.equal(metrics.appInfo.size, 2);
  });

  it('reports a status not computed yet as Unknown and strips repo credentials', async () => {
    const metrics = createMetrics();
    metrics.appInfo.setApp({
      ...GUESTBOOK,
      repo: 'https://bot:hunter2@git.example.com/org/deploy',
      syncStatus: '',
      healthStatus: '',
    });
    const scrape = await scrapeRegistry(metrics.registry);
    assert.doesNotMatch(scrape.text, /hunter2/u);
    const labels = findSamples(scrape, 'capstan_app_info')[0]?.labels;
    assert.equal(labels?.['repo'], 'https://git.example.com/org/deploy');
    assert.equal(labels['sync_status'], 'Unknown');
    assert.equal(labels['health_status'], 'Unknown');
  });
});

describe('controller app metrics', () => {
  const app = {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web', namespace: 'capstan-system' },
    spec: {
      source: { repoURL: 'https://git.example.com/org/deploy', path: 'web' },
      destination: { name: 'in-cluster', namespace: 'web' },
    },
  };

  it('sets app info and observes the reconcile duration from an Application', async () => {
    const metrics = createMetrics();
    recordAppReconcile(
      metrics,
      app,
      { sync: { status: 'Synced' }, health: { status: 'Degraded' } },
      0.3,
    );
    const scrape = await scrapeRegistry(metrics.registry);
    const labels = findSamples(scrape, 'capstan_app_info')[0]?.labels;
    assert.equal(labels?.['project'], 'default', 'an absent project is the default project');
    assert.equal(labels['dest_server'], 'in-cluster', 'a destination by name labels with the name');
    assert.equal(labels['health_status'], 'Degraded');
    const reconcile = { namespace: 'capstan-system', dest_server: 'in-cluster' };
    assert.equal(sampleValue(scrape, 'capstan_app_reconcile_count', reconcile), 1);
    assert.equal(sampleValue(scrape, 'capstan_app_reconcile_sum', reconcile), 0.3);
  });

  it('never throws on an invalid Application and labels missing fields as empty', async () => {
    const metrics = createMetrics();
    recordAppReconcile(metrics, { metadata: { name: 'bad', namespace: 'x' }, spec: 7 }, {}, 0.01);
    const labels = findSamples(await scrapeRegistry(metrics.registry), 'capstan_app_info')[0]
      ?.labels;
    assert.equal(labels?.['repo'], '');
    assert.equal(labels['sync_status'], 'Unknown');
  });

  it('forgets a deleted app by its namespace/name key', async () => {
    const metrics = createMetrics();
    recordAppReconcile(metrics, app, {}, 0.01);
    forgetAppMetrics(metrics, 'capstan-system/web');
    const scrape = await scrapeRegistry(metrics.registry);
    assert.equal(findSamples(scrape, 'capstan_app_info').length, 0);
  });

  it('counts finished sync operations by phase and ignores running ones', async () => {
    const metrics = createMetrics();
    countAppSync(metrics, app, 'Succeeded');
    countAppSync(metrics, app, 'Succeeded');
    countAppSync(metrics, app, 'Failed');
    countAppSync(metrics, app, 'Running');
    const scrape = await scrapeRegistry(metrics.registry);
    const name = 'capstan_app_sync_total';
    const labels = { name: 'web', namespace: 'capstan-system', project: 'default' };
    assert.equal(sampleValue(scrape, name, { ...labels, phase: 'Succeeded' }), 2);
    assert.equal(sampleValue(scrape, name, { ...labels, phase: 'Failed' }), 1);
    assert.equal(findSamples(scrape, name, { phase: 'Running' }).length, 0);
  });
});
