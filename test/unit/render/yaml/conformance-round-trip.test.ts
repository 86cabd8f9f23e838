import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emitKustomizeYaml, parseKustomizeYaml } from '../../../../src/render/yaml/index.js';
import { readConformanceOutputs } from './fixture-paths.js';

describe('kubectl kustomize output of the conformance corpus', () => {
  const outputs = readConformanceOutputs();

  it('is found next to the repository (250 expected.yaml files in v5.5.0 cases)', () => {
    assert.equal(outputs.length, 250);
  });

  for (const output of outputs) {
    it(`prints ${output.caseName}/expected.yaml byte for byte after parsing it`, () => {
      const { docs } = parseKustomizeYaml(output.text, output.path);
      assert.equal(emitKustomizeYaml(docs), output.text);
    });
  }
});
