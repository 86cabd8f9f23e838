/**
 * Health fixtures: every test/fixtures/health/<kind>-<state>.yaml is a live object whose first
 * line says where it came from (captured or `# hand-written: <why>`) and whose second line is
 * `# expect: <Status> <message substring>`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { HealthStatusCode } from '../../../src/api/index.js';
import { aggregateHealth, assessHealth } from '../../../src/health/index.js';

const fixturesDir = new URL('../../../../test/fixtures/health/', import.meta.url);

interface HealthFixture {
  readonly name: string;
  readonly origin: string;
  readonly status: string;
  readonly substring: string;
  readonly object: Record<string, unknown>;
}

function readFixture(fileName: string): HealthFixture {
  const text = readFileSync(new URL(fileName, fixturesDir), 'utf8');
  const [origin = '', expectLine = ''] = text.split('\n');
  const match = /^# expect: (\S+) ?(.*)$/u.exec(expectLine);
  assert.ok(match, `${fileName}: second line must be "# expect: <Status> <substring>"`);
  const document: unknown = parse(text);
  assert.ok(typeof document === 'object' && document !== null, `${fileName}: not an object`);
  return {
    name: fileName.replace(/\.yaml$/u, ''),
    origin,
    status: match[1] ?? '',
    substring: match[2] ?? '',
    object: document as Record<string, unknown>,
  };
}

const fixtures = readdirSync(fileURLToPath(fixturesDir))
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map(readFixture);

describe('assessHealth on fixtures', () => {
  it('finds the fixture folder populated', () => {
    assert.ok(fixtures.length >= 40, `only ${fixtures.length} fixtures`);
  });

  for (const fixture of fixtures) {
    it(`${fixture.name} → ${fixture.status} "${fixture.substring}"`, () => {
      assert.match(fixture.origin, /^# (captured from the dev cluster|hand-written: \S)/u);
      assert.ok(
        (Object.values(HealthStatusCode) as string[]).includes(fixture.status),
        `unknown status ${fixture.status}`,
      );
      const kind = String(fixture.object['kind']).toLowerCase();
      assert.ok(fixture.name.startsWith(`${kind}-`), `file name must start with ${kind}-`);
      const result = assessHealth(fixture.object);
      assert.equal(result.status, fixture.status);
      assert.ok(
        result.message.includes(fixture.substring),
        `message ${JSON.stringify(result.message)} lacks ${JSON.stringify(fixture.substring)}`,
      );
    });
  }

  it('has at least one fixture for every kind with a built-in rule', () => {
    const kinds = new Set(fixtures.map((fixture) => String(fixture.object['kind'])));
    const builtIn = [
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'ReplicaSet',
      'Pod',
      'Job',
      'CronJob',
      'Service',
      'Ingress',
      'PersistentVolumeClaim',
      'HorizontalPodAutoscaler',
      'APIService',
      'CustomResourceDefinition',
      'Namespace',
      'Application',
    ];
    assert.deepEqual(
      builtIn.filter((kind) => !kinds.has(kind)),
      [],
    );
  });
});

describe('assessHealth edge cases', () => {
  it('reports an absent object as Missing', () => {
    assert.equal(assessHealth(undefined).status, 'Missing');
  });

  it('reports any object being deleted as Progressing "Pending deletion"', () => {
    const result = assessHealth({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', deletionTimestamp: '2026-11-24T12:00:00Z' },
    });
    assert.deepEqual(result, { status: 'Progressing', message: 'Pending deletion' });
  });

  it('dispatches on the API group: an apps-named kind in another group uses the generic rule', () => {
    const obj = { apiVersion: 'example.com/v1', kind: 'Deployment', spec: { paused: true } };
    assert.equal(assessHealth(obj).status, 'Healthy');
    assert.equal(assessHealth({ ...obj, apiVersion: 'apps/v1' }).status, 'Suspended');
  });

  it('tolerates mistyped fields without throwing', () => {
    const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: 7, status: 'x' };
    assert.equal(assessHealth(obj).status, 'Healthy');
    const pod = { apiVersion: 'v1', kind: 'Pod', status: { phase: 3, containerStatuses: [null] } };
    assert.equal(assessHealth(pod).status, 'Unknown');
  });

  it('reads autoscaling/v1 HPA conditions from the annotation', () => {
    const conditions = [
      { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: 'no scale' },
    ];
    const hpa = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        annotations: { 'autoscaling.alpha.kubernetes.io/conditions': JSON.stringify(conditions) },
      },
    };
    assert.deepEqual(assessHealth(hpa), { status: 'Degraded', message: 'no scale' });
    const broken = {
      ...hpa,
      metadata: { annotations: { 'autoscaling.alpha.kubernetes.io/conditions': '{' } },
    };
    assert.equal(assessHealth(broken).status, 'Progressing');
  });
});

describe('aggregateHealth', () => {
  const worstFirst = [
    'Degraded',
    'Missing',
    'Progressing',
    'Suspended',
    'Unknown',
    'Healthy',
  ] as const;

  it('is Healthy for no resources', () => {
    assert.equal(aggregateHealth([]), 'Healthy');
  });

  it('returns the single status unchanged', () => {
    for (const status of worstFirst) assert.equal(aggregateHealth([status]), status);
  });

  it('orders Degraded > Missing > Progressing > Suspended > Unknown > Healthy', () => {
    worstFirst.forEach((worse, i) => {
      for (const better of worstFirst.slice(i + 1)) {
        assert.equal(aggregateHealth([better, worse, better]), worse, `${worse} vs ${better}`);
        assert.equal(aggregateHealth([worse, better]), worse, `${worse} vs ${better}`);
      }
    });
  });

  it('accepts any iterable', () => {
    assert.equal(aggregateHealth(new Set(['Healthy', 'Suspended'] as const)), 'Suspended');
  });
});
