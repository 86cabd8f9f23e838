/**
 * deploy/grafana/capstan-dashboard.json queries only metrics and labels Capstan exports
 * (checked against the real registry of src/metrics), and has the panels issue 8 asks for.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createMetrics } from '../../../src/metrics/index.js';
import { repoRoot } from './support.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: { expr: string }[];
  gridPos: { x: number; y: number; w: number; h: number };
}

interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; query: unknown }[] };
}

const HISTOGRAM_SUFFIX = /_(?:bucket|sum|count)$/u;
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'le']);

const dashboard = JSON.parse(
  readFileSync(`${repoRoot}deploy/grafana/capstan-dashboard.json`, 'utf8'),
) as Dashboard;
const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

/** Label names of every metric Capstan registers, by metric name. */
function exportedLabels(): Map<string, string[]> {
  const { registry } = createMetrics();
  const labels = new Map<string, string[]>();
  for (const metric of registry.getMetricsAsArray()) {
    const names = (metric as unknown as { labelNames?: string[] }).labelNames ?? [];
    labels.set(metric.name, names);
  }
  return labels;
}

/** `capstan_x{a="1"}` and `by (a, b)`: the metric names and label names an expression uses. */
function usedNames(expr: string): { metrics: string[]; labels: string[] } {
  const metrics = [...expr.matchAll(/\bcapstan_\w+/gu)].map((m) => m[0]);
  const inSelectors = [...expr.matchAll(/\{([^}]*)\}/gu)].flatMap((m) =>
    [...(m[1] ?? '').matchAll(/(\w+)\s*(?:=~|!=|!~|=)/gu)].map((l) => l[1] ?? ''),
  );
  const inGroupings = [...expr.matchAll(/\bby\s*\(([^)]*)\)/gu)].flatMap((m) =>
    (m[1] ?? '').split(',').map((l) => l.trim()),
  );
  return { metrics, labels: [...inSelectors, ...inGroupings].filter((l) => l !== '') };
}

describe('Grafana dashboard', () => {
  it('queries only metrics Capstan exports, with their labels', () => {
    const exported = exportedLabels();
    assert.ok(exprs.length > 0, 'no queries');
    for (const expr of exprs) {
      const { metrics, labels } = usedNames(expr);
      assert.ok(metrics.length > 0, `${expr} queries no capstan_ metric`);
      const allowed = new Set(PROMQL_WORDS);
      for (const metric of metrics) {
        const base = metric.replace(HISTOGRAM_SUFFIX, '');
        const names = exported.get(metric) ?? exported.get(base);
        assert.ok(names, `${metric} is not exported (in ${expr})`);
        for (const name of names) allowed.add(name);
      }
      for (const label of labels) assert.ok(allowed.has(label), `label ${label} in ${expr}`);
    }
  });

  it('has the panels the issue asks for', () => {
    const uses = (pattern: RegExp): boolean => exprs.some((e) => pattern.test(e));
    assert.ok(uses(/by \(sync_status\) \(capstan_app_info/u), 'apps by sync status');
    assert.ok(uses(/by \(health_status\) \(capstan_app_info/u), 'apps by health status');
    assert.ok(uses(/histogram_quantile\(.*capstan_app_reconcile_bucket/u), 'reconcile latency');
    assert.ok(uses(/by \(phase\) \(increase\(capstan_app_sync_total/u), 'sync outcomes');
    assert.ok(uses(/rate\(capstan_git_request_total/u), 'Git request rate');
    assert.ok(uses(/capstan_git_request_duration_seconds_bucket/u), 'Git request latency');
    assert.ok(uses(/capstan_workqueue_depth/u), 'work queue depth');
  });

  it('has unique panel ids and no overlapping panels', () => {
    const ids = dashboard.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    const cells = new Set<string>();
    for (const { title, gridPos } of dashboard.panels)
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x += 1)
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y += 1) {
          assert.ok(x < 24, `${title} is wider than the grid`);
          assert.ok(!cells.has(`${String(x)},${String(y)}`), `${title} overlaps another panel`);
          cells.add(`${String(x)},${String(y)}`);
        }
  });
});
