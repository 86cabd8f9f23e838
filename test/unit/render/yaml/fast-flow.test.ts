import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseKustomizeYaml } from '../../../../src/render/yaml/index.js';
import type { ParseYamlOptions } from '../../../../src/render/yaml/index.js';
import { readAllYamlFiles } from './fixture-paths.js';

type Outcome = { docs: unknown[]; annotationTexts?: unknown } | { error: string };

function parseOutcome(text: string, options: ParseYamlOptions): Outcome {
  try {
    return { ...parseKustomizeYaml(text, 'test.yaml', options) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Whether the fast path takes `text`, after checking it yields what the full parser yields. */
function takenLikeFullParser(text: string, label: string): boolean {
  const fast = parseOutcome(text, { fastPath: 'only' });
  if ('error' in fast) return false;
  assert.deepEqual(fast, parseOutcome(text, { fastPath: 'never' }), label);
  return true;
}

/** Random one-line flow collections of the shapes (and near misses) real manifests hold. */
function generateFlowLines(count: number): string[] {
  let seed = 11;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const atoms = ['a', 'b c', '1', '010', '0x1F', '1e3', '.5', 'yes', 'true', '~', '-1', '-x'];
  atoms.push('"q"', "'s''t'", '"e\\t"', '"a: b"', 'x:y', 'a?b', 'a #b', '2001-12-14', '<<');
  atoms.push('9223372036854775808', '/x/y', 'a!b', '&a', '*a', '!t x', '', '-', 'é', 'a]');
  const seps = [', ', ',', ' , ', ',,', ''];
  const node = (depth: number): string => {
    if (depth > 2 || next() < 0.5) return pick(atoms);
    const items = Array.from({ length: Math.floor(next() * 4) }, () =>
      next() < 0.5
        ? node(depth + 1)
        : `${pick(atoms)}${pick([': ', ':', ' : '])}${node(depth + 1)}`,
    );
    const [open, close] = next() < 0.5 ? ['[', ']'] : ['{', '}'];
    return `${open}${pick(['', ' '])}${items.join(pick(seps))}${pick(['', ' ', ', '])}${close}`;
  };
  return Array.from({ length: count }, () => {
    const flow = `[${node(0)}]${pick(['', ' ', ' # c', '#c', ' x', ': 1'])}`;
    return pick([
      `k: ${flow}\n`,
      `- ${flow}\n`,
      `a:\n- ${flow}\n- b\n`,
      `a:\n  b: ${flow}\n  c: 1\n`,
    ]);
  });
}

describe('the fast path for one-line flow collections', () => {
  it('reads the flow collections of manifests to the same data as the full parser', () => {
    const taken = [
      'args: ["--a", "--b=1", \'--c\']\n',
      'ports: [{containerPort: 80}, {containerPort: 443, protocol: TCP}]\n',
      'httpGet: {path: /healthz, port: http}  # probe\n',
      'command: [sh, -c, "echo hi"]\n',
      '- {name: a, value: "1"}\n- [1, 010, 0x1F, 1e3, .5, true, yes, ~, null, 2001-12-14]\n',
      'a: {b: [c, {d: [e, []]}], "q k": {}, \'s\': [ x , y ]}\n',
      'a: [9223372036854775807, 18446744073709551615, -.inf]\n',
    ];
    for (const text of taken) assert.ok(takenLikeFullParser(text, text), text);
  });

  it('leaves unusual flow content to the full parser', () => {
    const declined = [
      'a: [a, ]\n',
      'a: [a,,b]\n',
      'a: {a:1}\n',
      'a: {"a":1}\n',
      'a: [a?b]\n',
      'a: [a#b]\n',
      'a: [&x a, *x]\n',
      'a: [!!str 1]\n',
      'a: {<<: {b: 1}}\n',
      'a: {b: 1, b: 2}\n',
      'a: {1: b}\n',
      'a: {b}\n',
      'a: {b: }\n',
      'a: [b: c]\n',
      "a: [it's]\n",
      'a: [a]x\n',
      'a: [a] b\n',
      '[a]: b\n',
      'a: [a]\n  b: 1\n',
      'a: [a,\tb]\n',
    ];
    for (const text of declined) assert.equal(takenLikeFullParser(text, text), false, text);
  });

  it('reads generated flow collections to the same data as the full parser', () => {
    const lines = generateFlowLines(3000);
    const taken = lines.filter((text, index) => takenLikeFullParser(text, `#${index}: ${text}`));
    assert.ok(taken.length > 300, `fast path took only ${taken.length} of 3000`);
  });
});

describe('documents the fast path leaves to the full parser', () => {
  const resource = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n';
  const anchored = 'kind: X\nmetadata:\n  name: b\n  annotations: {n: 0x1F}\nx: &a 1\ny: *a\n';

  it('are read one by one, to the same data and texts as a whole-file read', () => {
    const files = readAllYamlFiles().map((file) => file.text);
    const mixed = [
      `${resource}---\n${anchored}---\n${resource}`,
      `${anchored}---\n# only a comment\n---\n${resource}`,
      `${resource}---\nplain\n  continued\n---\n- [a,\n  b]\n`,
    ];
    for (const text of [...files, ...mixed]) {
      for (const annotationText of [false, true]) {
        const auto = parseOutcome(text, { annotationText });
        assert.deepEqual(auto, parseOutcome(text, { fastPath: 'never', annotationText }), text);
      }
    }
  });

  it('keep their annotation texts where a whole-file read would lose count of documents', () => {
    // kubectl prints "0x1F" here; a whole-file read sees one document less than kyaml does.
    const parsed = parseKustomizeYaml(`\n---\n${anchored}---\n{}\n`, 'x.yaml', {
      annotationText: true,
    });
    assert.deepEqual(parsed.annotationTexts, [new Map([['n', '0x1F']])]);
  });

  it('are reported with the line numbers of the whole file', () => {
    const broken = [
      `${resource}---\n${anchored}---\na: [1,\n`,
      `${resource}---\na: 1\na: 2\n---\n${resource}`,
      `${resource}---\n%YAML 1.2\n---\na: *unknown\n`,
      `${resource}---\nx: *nowhere\n`,
    ];
    for (const text of broken) {
      const auto = parseOutcome(text, {});
      assert.ok('error' in auto, text);
      assert.deepEqual(auto, parseOutcome(text, { fastPath: 'never' }), text);
    }
  });
});
