/**
 * Status fixtures: every test/fixtures/status/<case>/ holds an input.yaml (now, app with its
 * previous status, outcome) and a hand-written expected.yaml (see the README there).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { Application, ApplicationStatus } from '../../../src/api/index.js';
import type { HealthResult } from '../../../src/health/index.js';
import { assessHealth } from '../../../src/health/index.js';
import {
  buildApplicationStatus,
  describeStatusTransitions,
  isStatusChanged,
  type ComparisonOutcome,
  type StatusInput,
} from '../../../src/status/index.js';
import { comparedResource, type ResourceSpec } from './compared.js';

const fixturesDir = new URL('../../../../test/fixtures/status/', import.meta.url);

interface RawResource extends Omit<ResourceSpec, 'health'> {
  readonly health?: HealthResult | null;
}

interface RawInput {
  readonly now: string;
  readonly app: Application;
  readonly outcome:
    | (Omit<Extract<ComparisonOutcome, { kind: 'compared' }>, 'resources'> & {
        readonly resources: RawResource[];
      })
    | Extract<ComparisonOutcome, { kind: 'failed' }>;
}

function readYaml(folder: string, file: string): unknown {
  return parse(readFileSync(new URL(`${folder}/${file}`, fixturesDir), 'utf8')) as unknown;
}

/** `health` absent: assessed from the live object; null: a kind without health. */
function healthOf(raw: RawResource): HealthResult | undefined {
  if (raw.health === null) return undefined;
  if (raw.health !== undefined) return raw.health;
  return raw.live === undefined ? undefined : assessHealth(raw.live);
}

function readInput(folder: string): StatusInput {
  const raw = readYaml(folder, 'input.yaml') as RawInput;
  const now = Date.parse(raw.now);
  assert.ok(Number.isFinite(now), `${folder}: now must be an RFC 3339 time`);
  if (raw.outcome.kind === 'failed') return { app: raw.app, outcome: raw.outcome, now };
  const resources = raw.outcome.resources.map((resource) => {
    const health = healthOf(resource);
    const spec: ResourceSpec = { ...resource, health };
    return comparedResource(spec);
  });
  return { app: raw.app, outcome: { ...raw.outcome, resources }, now };
}

const cases = readdirSync(fileURLToPath(fixturesDir))
  .filter((name) => statSync(new URL(name, fixturesDir)).isDirectory())
  .sort();

describe('buildApplicationStatus on fixtures', () => {
  it('finds the fixture folder populated', () => {
    assert.ok(cases.length >= 5, `only ${String(cases.length)} cases`);
  });

  for (const name of cases) {
    it(`${name}: builds the expected status`, () => {
      const status = buildApplicationStatus(readInput(name));
      assert.deepEqual(status, readYaml(name, 'expected.yaml'));
    });

    it(`${name}: a second reconcile with nothing new changes nothing but reconciledAt`, () => {
      const input = readInput(name);
      const first = buildApplicationStatus(input);
      const again = { ...input.app, status: first };
      const second = buildApplicationStatus({ ...input, app: again, now: input.now + 60_000 });
      assert.notEqual(second.reconciledAt, first.reconciledAt);
      assert.equal(isStatusChanged(first, second), false);
      assert.deepEqual(describeStatusTransitions(first, second), []);
    });

    it(`${name}: survives a JSON round trip as the apiserver would store it`, () => {
      const status = buildApplicationStatus(readInput(name));
      const stored = JSON.parse(JSON.stringify(status)) as ApplicationStatus;
      assert.equal(isStatusChanged(stored, status), false);
    });
  }
});
