import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { isCapstanError } from '../../../../../src/model/index.js';
import { buildKustomization } from '../../../../../src/render/kustomize/index.js';
import { emitKustomizeYaml } from '../../../../../src/render/yaml/index.js';
import { MemoryFileSource } from '../../../../helpers/memory-file-source.js';

/**
 * test/fixtures/render/kustomize/patches/<case>/: input/ is built as a kustomization;
 * expected.yaml is what `kubectl kustomize input` printed, or expected-error.txt what it
 * said when it failed.
 */
const fixturesDir = fileURLToPath(
  new URL('../../../../../../test/fixtures/render/kustomize/patches/', import.meta.url),
);

interface PatchFixture {
  name: string;
  source: MemoryFileSource;
  expected: string | undefined;
}

function readTree(dir: string, prefix: string, into: Record<string, string>): void {
  for (const name of readdirSync(dir)) {
    const path = `${dir}${name}`;
    if (statSync(path).isDirectory()) readTree(`${path}/`, `${prefix}${name}/`, into);
    else into[`${prefix}${name}`] = readFileSync(path, 'utf8');
  }
}

function readFixtures(): PatchFixture[] {
  return readdirSync(fixturesDir)
    .filter((name) => statSync(`${fixturesDir}${name}`).isDirectory())
    .sort()
    .map((name) => {
      const tree: Record<string, string> = {};
      readTree(`${fixturesDir}${name}/input/`, 'input/', tree);
      let expected: string | undefined;
      try {
        expected = readFileSync(`${fixturesDir}${name}/expected.yaml`, 'utf8');
      } catch {
        expected = undefined;
      }
      return { name, source: new MemoryFileSource(tree), expected };
    });
}

describe('patch fixtures built as kubectl kustomize builds them', () => {
  const fixtures = readFixtures();

  it('finds the fixture cases', () => {
    assert.ok(fixtures.length >= 20, `only ${fixtures.length} fixtures found`);
  });

  for (const fixture of fixtures) {
    const expected = fixture.expected;
    if (expected !== undefined) {
      it(`prints ${fixture.name} byte for byte`, async () => {
        const objects = await buildKustomization(fixture.source, 'input');
        assert.equal(emitKustomizeYaml(objects), expected);
      });
    } else {
      it(`refuses ${fixture.name} with a render error, as kubectl does`, async () => {
        await assert.rejects(buildKustomization(fixture.source, 'input'), (err: unknown) => {
          assert.ok(isCapstanError(err), `not a CapstanError: ${String(err)}`);
          assert.equal(err.code, 'Render');
          return true;
        });
      });
    }
  }
});
