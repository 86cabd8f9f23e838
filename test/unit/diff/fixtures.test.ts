/**
 * Diff fixtures: every test/fixtures/diff/<case>/ holds desired.yaml, live.yaml (captured
 * from a real API server after the setup its header names), optionally dry-run.yaml (the
 * server's dry-run apply of desired) and ignore.yaml (ignoreDifferences rules), and
 * expected.yaml: `verdict`, the `paths` that must be reported, and `dryRunVerdict`.
 * The dry-run is the ground truth: a local `equal` or `drift` must agree with it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { ResourceIgnoreDifferences } from '../../../src/api/index.js';
import { compareDryRun, compareResource, type DiffVerdict } from '../../../src/diff/index.js';
import type { KubeObject } from '../../../src/model/index.js';

const fixturesDir = fileURLToPath(new URL('../../../../test/fixtures/diff/', import.meta.url));

interface Expected {
  readonly verdict: DiffVerdict;
  readonly paths: readonly string[];
  readonly dryRunVerdict?: DiffVerdict;
}

interface DiffFixture {
  readonly name: string;
  readonly desired: KubeObject;
  readonly live: KubeObject;
  readonly dryRun: KubeObject | undefined;
  readonly ignore: ResourceIgnoreDifferences[] | undefined;
  readonly expected: Expected;
}

function readYaml(dir: string, file: string): unknown {
  const path = `${fixturesDir}${dir}/${file}`;
  return existsSync(path) ? parse(readFileSync(path, 'utf8')) : undefined;
}

function readFixture(name: string): DiffFixture {
  const desired = readYaml(name, 'desired.yaml') as KubeObject | undefined;
  const live = readYaml(name, 'live.yaml') as KubeObject | undefined;
  const expected = readYaml(name, 'expected.yaml') as Expected | undefined;
  assert.ok(desired && live && expected, `${name}: desired, live and expected are required`);
  return {
    name,
    desired,
    live,
    dryRun: readYaml(name, 'dry-run.yaml') as KubeObject | undefined,
    ignore: readYaml(name, 'ignore.yaml') as ResourceIgnoreDifferences[] | undefined,
    expected,
  };
}

const fixtures = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .map(readFixture);

function optionsOf(fixture: DiffFixture): { ignoreDifferences?: ResourceIgnoreDifferences[] } {
  return fixture.ignore ? { ignoreDifferences: fixture.ignore } : {};
}

describe('compareResource on captured fixtures', () => {
  it('finds the fixture folder populated with every kind the issue names', () => {
    assert.ok(fixtures.length >= 40, `only ${fixtures.length} fixtures`);
    const kinds = new Set(fixtures.map((fixture) => String(fixture.desired['kind'])));
    for (const kind of ['Deployment', 'Service', 'ConfigMap', 'Secret', 'StatefulSet']) {
      assert.ok(kinds.has(kind), `no ${kind} fixture`);
    }
    for (const kind of ['HorizontalPodAutoscaler', 'CustomResourceDefinition', 'Widget']) {
      assert.ok(kinds.has(kind), `no ${kind} fixture`);
    }
    assert.ok(kinds.has('Ingress') && kinds.has('CronJob'));
  });

  for (const fixture of fixtures) {
    it(`${fixture.name} → ${fixture.expected.verdict}`, () => {
      const result = compareResource(fixture.desired, fixture.live, optionsOf(fixture));
      assert.equal(result.verdict, fixture.expected.verdict, JSON.stringify(result.differences));
      const reported = new Set(result.differences.map((difference) => difference.path));
      for (const path of fixture.expected.paths) {
        assert.ok(reported.has(path), `${path} not reported: ${[...reported].join(', ')}`);
      }
      if (fixture.expected.verdict === 'equal') assert.equal(result.differences.length, 0);
    });

    if (fixture.dryRun === undefined) continue;
    const dryRun = fixture.dryRun;
    it(`${fixture.name}: the server's dry-run says ${String(fixture.expected.dryRunVerdict)}, and the local verdict agrees`, () => {
      const settled = compareDryRun(fixture.desired, fixture.live, dryRun, optionsOf(fixture));
      assert.equal(settled.verdict, fixture.expected.dryRunVerdict);
      // The cardinal rule, checked against the server: never a wrong `drift` or `equal`.
      if (fixture.expected.verdict !== 'needsDryRun') {
        assert.equal(fixture.expected.verdict, settled.verdict);
      }
    });
  }

  it('never puts Secret values into differences', () => {
    for (const fixture of fixtures.filter((f) => f.desired['kind'] === 'Secret')) {
      const result = compareResource(fixture.desired, fixture.live, optionsOf(fixture));
      for (const difference of result.differences) {
        assert.equal(difference.desired, undefined, fixture.name);
        assert.equal(difference.live, undefined, fixture.name);
      }
    }
  });

  it('never modifies its inputs', () => {
    for (const fixture of fixtures) {
      const desired = JSON.stringify(fixture.desired);
      const live = JSON.stringify(fixture.live);
      compareResource(fixture.desired, fixture.live, optionsOf(fixture));
      if (fixture.dryRun)
        compareDryRun(fixture.desired, fixture.live, fixture.dryRun, optionsOf(fixture));
      assert.equal(JSON.stringify(fixture.desired), desired, fixture.name);
      assert.equal(JSON.stringify(fixture.live), live, fixture.name);
    }
  });
});
