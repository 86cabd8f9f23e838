import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emitKustomizeYaml, parseKustomizeYaml } from '../../../../src/render/yaml/index.js';
import { readYamlFixtureCases } from './fixture-paths.js';

// Each expected.yaml is `kubectl kustomize` of a kustomization listing input.yaml
// (test/fixtures/render/yaml/regenerate.mjs).
describe('reading input.yaml and printing it again', () => {
  const cases = readYamlFixtureCases();

  it('has fixture cases to run', () => {
    assert.ok(cases.length >= 10, `only ${cases.length} cases found`);
  });

  for (const fixture of cases) {
    it(`matches kubectl kustomize for ${fixture.name}`, () => {
      const { docs } = parseKustomizeYaml(fixture.input, `${fixture.name}/input.yaml`);
      assert.equal(emitKustomizeYaml(docs), fixture.expected);
    });
  }
});
