import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KustLoader } from '../../../../../src/render/kustomize/loader.js';
import {
  walkAssociativeList,
  walkListDest,
} from '../../../../../src/render/kustomize/merge/associative-list.js';
import { schemasFor, type SchemaNode } from '../../../../../src/render/kustomize/merge/index.js';
import { MemoryFileSource } from '../../../../helpers/memory-file-source.js';

const schemas = schemasFor(
  new KustLoader(
    {
      source: new MemoryFileSource({}),
      restriction: 'LoadRestrictionsRootOnly',
      display: (p) => p,
    },
    '',
  ),
);

function schemaAt(path: readonly string[], elements: number): SchemaNode {
  let node = schemas.forType('apps/v1', 'Deployment');
  for (const name of path) node = node === undefined ? undefined : schemas.field(node, name);
  for (let i = 0; i < elements; i++) node = node === undefined ? undefined : schemas.elements(node);
  assert.ok(node !== undefined, path.join('.'));
  return node;
}

const containers = ['spec', 'template', 'spec', 'containers'];
const LISTS: { name: string; schema: SchemaNode; element: (pick: Pick) => unknown }[] = [
  {
    name: 'containers (key name)',
    schema: schemaAt(containers, 0),
    element: (pick) => ({ name: pick(['a', 'b', 'c', 1, '']), image: pick(['x', null]) }),
  },
  {
    name: 'ports (keys containerPort and protocol)',
    schema: schemaAt([...containers.slice(0, 3), 'containers'], 1),
    element: (pick) => ({
      containerPort: pick([80, '80', 81, 443]),
      protocol: pick(['TCP', 'UDP']),
    }),
  },
  {
    name: 'finalizers (scalars)',
    schema: schemaAt(['metadata', 'finalizers'], 0),
    element: (pick) => pick(['f1', 'f2', 'f3', 1, true]),
  },
];

type Pick = <T>(items: readonly T[]) => T;

/** Lists mostly well formed (distinct identities), sometimes with duplicates or odd elements. */
function generateList(element: (pick: Pick) => unknown, next: () => number): unknown[] {
  const pick: Pick = (items) => items[Math.floor(next() * items.length)] as (typeof items)[number];
  const odd = [null, {}, 'text', { other: 1 }, [], ''];
  return Array.from({ length: Math.floor(next() * 5) }, () =>
    next() < 0.1 ? pick(odd) : element(pick),
  );
}

function outcome(walk: () => unknown): { value: unknown } | { error: string } {
  try {
    return { value: walk() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

describe('walking a keyed list the patch does not mention', () => {
  it('gives what the general walk gives, for well-formed and odd lists alike', () => {
    let seed = 3;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const list of LISTS) {
      for (let i = 0; i < 400; i++) {
        const dest = generateList(list.element, next);
        const fast = outcome(() => walkListDest(schemas, structuredClone(dest), list.schema));
        const general = outcome(() =>
          walkAssociativeList(schemas, [structuredClone(dest), undefined], list.schema),
        );
        assert.deepEqual(fast, general, `${list.name}: ${JSON.stringify(dest)}`);
      }
    }
  });
});
