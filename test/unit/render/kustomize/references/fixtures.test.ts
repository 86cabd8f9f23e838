import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCapstanError } from '../../../../../src/model/index.js';
import { buildKustomization } from '../../../../../src/render/kustomize/index.js';
import { emitKustomizeYaml } from '../../../../../src/render/yaml/index.js';
import { readReferenceFixtures } from './fixture-source.js';

describe('reference fixtures built as kubectl kustomize builds them', () => {
  const fixtures = readReferenceFixtures();

  it('finds the fixture cases', () => {
    assert.ok(fixtures.length >= 15, `only ${fixtures.length} fixtures found`);
  });

  for (const fixture of fixtures) {
    if (fixture.expected !== undefined) {
      const expected = fixture.expected;
      it(`prints ${fixture.name} byte for byte`, async () => {
        const objects = await buildKustomization(fixture.source, fixture.entry);
        assert.equal(emitKustomizeYaml(objects), expected);
      });
    } else {
      it(`refuses ${fixture.name} with a render error, as kubectl does`, async () => {
        await assert.rejects(buildKustomization(fixture.source, fixture.entry), (err: unknown) => {
          assert.ok(isCapstanError(err), `not a CapstanError: ${String(err)}`);
          assert.equal(err.code, 'Render');
          assert.ok(
            err.message.includes(fixture.errorIncludes ?? '\u0000'),
            `message does not say why: ${err.message}`,
          );
          return true;
        });
      });
    }
  }
});
