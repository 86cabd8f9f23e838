import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCapstanError } from '../../../../src/model/index.js';
import { buildKustomization } from '../../../../src/render/kustomize/index.js';
import { emitKustomizeYaml } from '../../../../src/render/yaml/index.js';
import { readKustomizeFixtures } from '../../../helpers/kustomize-fixtures.js';

describe('engine fixtures built as kubectl kustomize builds them', () => {
  const fixtures = readKustomizeFixtures();

  it('finds the generator and reference fixture cases', () => {
    for (const [area, least] of [
      ['generators', 20],
      ['references', 15],
    ] as const) {
      const count = fixtures.filter((f) => f.area === area).length;
      assert.ok(count >= least, `only ${String(count)} ${area} fixtures found`);
    }
  });

  for (const fixture of fixtures) {
    const title = `${fixture.area}/${fixture.name}`;
    const expected = fixture.expected;
    if (expected !== undefined) {
      it(`prints ${title} byte for byte`, async () => {
        const objects = await buildKustomization(fixture.source, fixture.entry);
        assert.equal(emitKustomizeYaml(objects), expected);
      });
      continue;
    }
    it(`refuses ${title} with a render error, as kubectl does`, async () => {
      await assert.rejects(buildKustomization(fixture.source, fixture.entry), (err: unknown) => {
        assert.ok(isCapstanError(err), `not a CapstanError: ${String(err)}`);
        assert.equal(err.code, 'Render');
        if (fixture.errorIncludes !== undefined)
          assert.ok(
            err.message.includes(fixture.errorIncludes),
            `message does not say why: ${err.message}`,
          );
        return true;
      });
    });
  }
});
