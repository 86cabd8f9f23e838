import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandVarReferences } from '../../../../../src/render/kustomize/references/var-expansion.js';

const values: Record<string, string | number | boolean> = { HOST: 'db', PORT: 5432, ON: true };
const mapping = (name: string): string | number | boolean | undefined => values[name];

describe('expandVarReferences', () => {
  const cases: [string, unknown][] = [
    ['$(HOST):$(PORT)', 'db:5432'],
    ['$(PORT)', 5432],
    ['$(ON)', true],
    ['$(HOST)', 'db'],
    ['$$(HOST)', '$(HOST)'],
    ['cost $$5', 'cost $5'],
    ['$(MISSING)', '$(MISSING)'],
    ['a $(MISSING) b', 'a $(MISSING) b'],
    ['unclosed $(HOST', 'unclosed $(HOST'],
    ['trailing $', 'trailing $'],
    ['$x and $', '$x and $'],
    ['no references', 'no references'],
    ['$(HOST)$(HOST)', 'dbdb'],
  ];
  for (const [input, expected] of cases) {
    it(`expands ${JSON.stringify(input)} to ${JSON.stringify(expected)}`, () => {
      assert.equal(expandVarReferences(input, mapping), expected);
    });
  }
});
