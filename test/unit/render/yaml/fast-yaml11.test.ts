import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYaml11Document } from '../../../../src/render/kustomize/kustomization-text.js';
import { parseYaml11Fast } from '../../../../src/render/yaml/index.js';
import { readAllYamlFiles } from './fixture-paths.js';

/** Whether the fast path takes `text`, after checking it yields what the full YAML 1.1 reader yields. */
function takenLikeFullReader(text: string, label: string): boolean {
  const fast = parseYaml11Fast(text);
  if (fast === undefined) return false;
  assert.deepEqual(fast, { value: parseYaml11Document(text, 'x.yaml') }, label);
  return true;
}

const SCALARS = [
  ...['a', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'False', '~', 'null', 'NULL', ''],
  ...['0', '-0', '1', '-12', '010', '0x1F', '0b11', '0o17', '1_000', '1e3', '1.5', '.5', '.'],
  ...['-.inf', '.nan', '2001-12-14', '1:20', '<<', '"yes"', "'1'", '+1', '123456789012345'],
  ...['1234567890123456', 'a b', '1.2.3', '"\\u00e9"', '[a, yes, 1]', '{k: on, j: "x"}', '0.'],
];

describe('the fast path for YAML 1.1 documents (kustomization files, JSON patches)', () => {
  it('reads corpus and fixture files to the same data as the full reader', () => {
    const files = readAllYamlFiles();
    const taken = files.filter((file) => takenLikeFullReader(file.text, file.path)).length;
    assert.ok(taken > files.length * 0.7, `fast path took only ${taken} of ${files.length}`);
  });

  it('reads every scalar as YAML 1.1 does, or leaves it to the full reader', () => {
    let taken = 0;
    for (const scalar of SCALARS) {
      for (const text of [`k: ${scalar}\n`, `- ${scalar}\n`, `- op: add\n  value: ${scalar}\n`]) {
        if (takenLikeFullReader(text, text)) taken++;
      }
    }
    assert.ok(taken > SCALARS.length, `fast path took only ${taken}`);
    assert.deepEqual(parseYaml11Fast('- yes\n- On\n- "on"\n- 12\n- ~\n- {a: n}\n'), {
      value: [true, true, 'on', 12, null, { a: false }],
    });
  });

  it('leaves what the YAML 1.1 reader must decide to it', () => {
    const declined = [
      'a: >\n  folded\n',
      'a: 1\n---\nb: 2\n',
      'a: 1\n...\n',
      'yes: 1\n',
      '1: a\n',
      '__proto__: 1\n',
      '<<: {a: 1}\n',
      'a: 0x1F\n',
      'a: 1e3\n',
      'a: 2001-12-14\n',
      'a: |+\n  kept',
    ];
    for (const text of declined) assert.equal(parseYaml11Fast(text), undefined, text);
  });

  it('reads an empty document as no value', () => {
    assert.deepEqual(parseYaml11Fast('# nothing\n'), { value: undefined });
    assert.deepEqual(parseYaml11Fast('---\n'), { value: undefined });
  });
});
