import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseKustomizeYaml } from '../../../../src/render/yaml/index.js';
import type { ParseYamlOptions } from '../../../../src/render/yaml/index.js';
import { readAllYamlFiles } from './fixture-paths.js';

type Outcome = { docs: unknown[] } | { error: string };

function parseOutcome(text: string, options: ParseYamlOptions): Outcome {
  try {
    return { docs: parseKustomizeYaml(text, 'test.yaml', options).docs };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Whether the fast path takes `text`, after checking it yields what the full parser yields. */
function compareWithFullParser(text: string, label: string): boolean {
  const fast = parseOutcome(text, { fastPath: 'only' });
  if ('error' in fast) return false;
  assert.deepEqual(fast, parseOutcome(text, { fastPath: 'never' }), label);
  return true;
}

/** A small deterministic generator of block-style YAML in the shapes the fast path takes. */
function generateDocuments(count: number): string[] {
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const scalars = ['a b', '1', '010', '0x1F', 'yes', '~', '""', "'it''s'", '"e\\t\\u00e9"', '-x'];
  const blocks = ['|\n{p}  x\n{p}    y\n', '>-\n{p}  x\n{p}  y\n\n{p}    z\n', '|+\n{p}  x\n\n'];
  const keys = ['a', 'b c', '"q"', 'on', 'd.e/f'];
  const node = (indent: number, depth: number): string => {
    const pad = ' '.repeat(indent);
    if (depth > 2 || next() < 0.3) {
      const value = next() < 0.2 ? pick(blocks).replaceAll('{p}', pad) : `${pick(scalars)}\n`;
      return next() < 0.5 ? `${pad}- ${value}` : `${pad}${pick(keys)}: ${value}`;
    }
    const child = node(indent + 2, depth + 1);
    if (next() < 0.5) return `${pad}- ${child.trimStart()}${pad}-\n${child}`;
    return `${pad}${pick(['k', 'l', 'm'])}:\n${child}${pad}${pick(['n', 'o'])}: # c\n${child}`;
  };
  return Array.from({ length: count }, () => node(0, 0));
}

describe('the fast path for common block-style YAML', () => {
  it('reads every corpus and fixture file to the same data as the full parser', () => {
    const files = readAllYamlFiles();
    const taken = files.filter((file) => compareWithFullParser(file.text, file.path)).length;
    assert.ok(taken > files.length * 0.8, `fast path took only ${taken} of ${files.length}`);
  });

  it('reads generated block-style documents to the same data as the full parser', () => {
    const documents = generateDocuments(400);
    const taken = documents.filter((doc, index) => compareWithFullParser(doc, `#${index}`));
    assert.ok(taken.length > 300, `fast path took only ${taken.length} of 400`);
  });

  it('leaves anchors, tags, multi-line flow collections and scalars to the full parser', () => {
    const declined = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: [1,\n  2]\n',
      'a: plain\n  continued\n',
      'a: "quoted\n  continued"\n',
      '? complex\n: key\n',
      'a:\n\tb: 1\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\na: 2\n',
    ];
    for (const text of declined) {
      assert.throws(() => parseKustomizeYaml(text, 'x.yaml', { fastPath: 'only' }), /fast path/u);
    }
  });
});
