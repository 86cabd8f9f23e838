/**
 * The differential test: random Kustomize trees made by ./generator, committed under
 * test/fixtures/differential with the output of `kubectl kustomize` (Kustomize v5.5.0),
 * built in-process by our engine. Each output case must give the same sequence of
 * documents as kubectl (judged like the conformance corpus: key order ignored); each
 * deliberate error case must fail. Byte-identical outputs and failure classes are reported
 * as diagnostics. A second test regenerates a few seeds and requires the committed inputs
 * to be exactly what the generator makes, so the fixtures and the generator cannot drift.
 * Fixtures are (re)made by test/differential/make-fixtures.mjs, never by this test.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { judgeKustomizeCase, type CaseOutcome } from '../helpers/kustomize-case.js';
import { generateCase } from './generator/index.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(repoRoot, 'test', 'fixtures', 'differential');

interface CaseSpec {
  name: string;
  seed: number;
  entry: string;
  flags: string[];
  expect: 'output' | 'error';
}

const knownDifferences = JSON.parse(
  readFileSync(join(repoRoot, 'test', 'differential', 'known-differences.json'), 'utf8'),
) as Record<string, string>;

function buildDifferentialCase(spec: CaseSpec): Promise<CaseOutcome> {
  const expected =
    spec.expect === 'output'
      ? readFileSync(join(fixtures, spec.name, 'expected.yaml'), 'utf8')
      : undefined;
  return judgeKustomizeCase(join(fixtures, spec.name, 'input', spec.entry), spec.flags, expected);
}

/** A failure's class: its message without paths, names and numbers, to count alike failures. */
function classifyFailure(detail: string): string {
  if (detail.startsWith('Expected values to be strictly deep-equal'))
    return 'output differs from kubectl';
  return (
    detail
      .replace(/\/[^\s:'"]+/g, '<path>')
      .replace(/\d+/g, 'N')
      .split('\n')[0]
      ?.slice(0, 160) ?? detail
  );
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const cases: CaseSpec[] = existsSync(fixtures)
  ? readdirSync(fixtures)
      .filter((name) => name.startsWith('case-'))
      .map((name) => ({
        name,
        ...(JSON.parse(readFileSync(join(fixtures, name, 'case.json'), 'utf8')) as Omit<
          CaseSpec,
          'name'
        >),
      }))
      .sort((a, b) => a.seed - b.seed)
  : [];

describe('differential test against kubectl kustomize (generated trees)', () => {
  let passed = 0;
  let identical = 0;
  const failureClasses = new Map<string, number[]>();

  it('finds the committed fixtures', () => {
    assert.ok(
      cases.length >= 300,
      `expected at least 300 cases in ${fixtures}, found ${String(cases.length)}`,
    );
  });

  it('keeps the committed inputs equal to what the generator makes for their seeds', () => {
    const picks = [
      ...new Set([
        0,
        1,
        Math.floor(cases.length / 3),
        Math.floor(cases.length / 2),
        cases.length - 1,
      ]),
    ];
    for (const spec of picks.map((i) => cases[i]).filter((c) => c !== undefined)) {
      const generated = generateCase(spec.seed);
      const inputDir = join(fixtures, spec.name, 'input');
      const committed: Record<string, string> = {};
      for (const file of listFiles(inputDir))
        committed[relative(inputDir, file).split('\\').join('/')] = readFileSync(file, 'utf8');
      assert.deepEqual(
        committed,
        generated.files,
        `${spec.name}: inputs drifted from the generator; rerun make-fixtures.mjs`,
      );
      assert.equal(generated.entry, spec.entry, `${spec.name}: entry drifted`);
      assert.deepEqual(generated.flags, spec.flags, `${spec.name}: flags drifted`);
      assert.equal(
        generated.error === undefined ? 'output' : 'error',
        spec.expect,
        `${spec.name}: expectation drifted`,
      );
    }
  });

  for (const spec of cases) {
    const known = knownDifferences[spec.name];
    const verb = spec.expect === 'error' ? 'rejects' : 'builds';
    it(`${known ? `still differs (known: ${known}) on` : verb} ${spec.name} like kubectl`, async () => {
      const result = await buildDifferentialCase(spec);
      if (result.ok) passed++;
      if (result.identical) identical++;
      if (!result.ok) {
        const key = classifyFailure(result.detail);
        failureClasses.set(key, [...(failureClasses.get(key) ?? []), spec.seed]);
      }
      if (known) {
        assert.equal(
          result.ok,
          false,
          `${spec.name} matches kubectl now: remove it from known-differences.json`,
        );
        return;
      }
      assert.ok(
        result.ok,
        `${spec.name} (seed ${String(spec.seed)}, entry ${spec.entry}): ${result.detail}`,
      );
    });
  }

  it('lists only cases of the corpus as known differences', () => {
    for (const name of Object.keys(knownDifferences)) {
      assert.ok(
        cases.some((c) => c.name === name),
        `${name} is not in the corpus`,
      );
    }
  });

  it('reports the pass and byte-identical counts', (t) => {
    const outputs = cases.filter((c) => c.expect === 'output').length;
    t.diagnostic(
      `differential: ${String(passed)}/${String(cases.length)} cases pass, ` +
        `${String(identical)}/${String(outputs)} output cases byte-identical to kubectl`,
    );
    const classes = [...failureClasses].sort((a, b) => b[1].length - a[1].length);
    for (const [key, seeds] of classes) {
      t.diagnostic(
        `  ${String(seeds.length)} × ${key} (seeds ${seeds.slice(0, 8).join(', ')}${seeds.length > 8 ? ', …' : ''})`,
      );
    }
    assert.ok(cases.length > 0);
  });
});
