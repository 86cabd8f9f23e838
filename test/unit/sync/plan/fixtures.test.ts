/**
 * Plan fixtures: every test/fixtures/sync/<case>/ holds case.yaml (first line says where it
 * came from, then the operation's settings), desired.yaml (the rendered manifests), optional
 * live.yaml (objects as they are in the cluster, tracking-ids written out) and plan.json (the
 * expected plan, written by hand). Tasks are compared as `action key reason [details]`.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { planSync, type SyncPlan, type SyncTask } from '../../../../src/sync/plan/index.js';
import { buildInput, listSkipped, parseYamlDocuments, type InputSpec } from './plan-input.js';

const fixturesDir = new URL('../../../../../test/fixtures/sync/', import.meta.url);

interface ExpectedPlan {
  readonly refusalReason?: string;
  readonly refusalIncludes?: string;
  readonly steps: readonly { phase: string; wave: number; tasks: readonly string[] }[];
  readonly syncFailHooks: readonly string[];
  readonly skipped: readonly string[];
}

function readText(caseName: string, file: string): string | undefined {
  const url = new URL(`${caseName}/${file}`, fixturesDir);
  return existsSync(url) ? readFileSync(url, 'utf8') : undefined;
}

function describeTask(task: SyncTask): string {
  const parts: string[] = [task.action, task.key, task.reason];
  if (task.action === 'hook') parts.push(`delete=${(task.deletePolicies ?? []).join(',')}`);
  if (task.action === 'prune') parts.push(`propagation=${task.propagationPolicy ?? ''}`);
  if (task.pruneLast === true) parts.push('pruneLast');
  if (task.replace === true) parts.push('replace');
  if (task.validate === false) parts.push('noValidate');
  if (task.skipDryRunOnMissingResource === true) parts.push('skipDryRun');
  return parts.join(' ');
}

function project(plan: SyncPlan): Omit<ExpectedPlan, 'refusalIncludes'> {
  return {
    ...(plan.refusalReason === undefined ? {} : { refusalReason: plan.refusalReason }),
    steps: plan.steps.map((step) => ({
      phase: step.phase,
      wave: step.wave,
      tasks: step.tasks.map(describeTask),
    })),
    syncFailHooks: plan.syncFailHooks.map(describeTask),
    skipped: listSkipped(plan),
  };
}

const cases = readdirSync(fileURLToPath(fixturesDir), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('planSync on fixtures', () => {
  it('finds the fixture folder populated', () => {
    assert.ok(cases.length >= 10, `only ${cases.length} cases`);
  });

  for (const caseName of cases) {
    it(caseName, () => {
      const caseText = readText(caseName, 'case.yaml') ?? '';
      assert.match(
        caseText,
        /^# hand-written: \S/u,
        `${caseName}/case.yaml must say where it came from`,
      );
      const spec = (parse(caseText) ?? {}) as InputSpec;
      const desired = parseYamlDocuments(readText(caseName, 'desired.yaml') ?? '');
      const live = parseYamlDocuments(readText(caseName, 'live.yaml') ?? '');
      const expected = JSON.parse(readText(caseName, 'plan.json') ?? '{}') as ExpectedPlan;
      const plan = planSync(buildInput({ ...spec, desired, live }));
      const { refusalIncludes, ...comparable } = expected;
      assert.deepEqual(project(plan), comparable);
      if (refusalIncludes !== undefined)
        assert.ok(plan.refusal?.includes(refusalIncludes), plan.refusal);
      assert.deepEqual(plan.warnings, [], 'fixtures are written without ignored annotations');
    });
  }
});
