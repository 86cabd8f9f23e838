import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseKustomizeYaml } from '../../../../src/render/yaml/index.js';

function parseOne(text: string): unknown {
  const { docs } = parseKustomizeYaml(text, 'test.yaml');
  assert.equal(docs.length, 1);
  return docs[0];
}

describe('parseKustomizeYaml', () => {
  it('drops empty, comment-only, null and {} documents like kyaml', () => {
    const text = '---\n# comment\n---\na: 1\n---\n~\n---\n{}\n---\nb: 2\n...\n';
    assert.deepEqual(parseKustomizeYaml(text, 'test.yaml').docs, [{ a: 1 }, { b: 2 }]);
  });

  it('reads scalars with go-yaml v3 meanings, not YAML 1.1 or the yaml package defaults', () => {
    const value = parseOne(
      'a: yes\nb: on\nc: True\nd: 010\ne: 0o17\nf: 1_000\ng: 0b101\nh: ~\ni: 1.0\nj: .5\nk: 2001-12-14\n',
    );
    assert.deepEqual(value, {
      a: 'yes',
      b: 'on',
      c: true,
      d: 8,
      e: 15,
      f: 1000,
      g: 5,
      h: null,
      i: 1,
      j: 0.5,
      k: '2001-12-14T00:00:00Z',
    });
  });

  it('keeps integers beyond 2^53 exact as bigint by default', () => {
    const value = parseOne('max: 9223372036854775807\nsafe: 9007199254740991\nhuge: 1e30\n');
    assert.deepEqual(value, { max: 9223372036854775807n, safe: 9007199254740991, huge: 1e30 });
  });

  it('rounds integers beyond 2^53 to numbers when asked to', () => {
    const { docs } = parseKustomizeYaml('max: 9223372036854775807\n', 'test.yaml', {
      unsafeIntegers: 'number',
    });
    assert.deepEqual(docs, [{ max: 2 ** 63 }]);
  });

  it('gives every alias its own copy of the anchored value', () => {
    const value = parseOne('a: &x {k: [1]}\nb: *x\n') as Record<string, { k: number[] }>;
    assert.deepEqual(value['a'], value['b']);
    assert.notEqual(value['a'], value['b']);
    assert.notEqual(value['a']?.k, value['b']?.k);
  });

  it('lets explicit keys win over merged ones and earlier merge sources over later ones', () => {
    const value = parseOne('x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nm:\n  <<: [*y, *x]\n  c: 3\n');
    assert.deepEqual((value as Record<string, unknown>)['m'], { a: 1, b: 2, c: 3 });
  });

  it('treats a quoted "<<" as an ordinary key', () => {
    assert.deepEqual(parseOne('"<<": {a: 1}\n'), { '<<': { a: 1 } });
  });

  it('stores a "__proto__" key as an own property without touching the prototype', () => {
    const value = parseOne('__proto__: {polluted: true}\n') as Record<string, unknown>;
    assert.ok(Object.hasOwn(value, '__proto__'));
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal((value as { polluted?: unknown }).polluted, undefined);
  });

  it('reads CRLF files like LF files', () => {
    assert.deepEqual(parseOne('a: |\r\n  x\r\n  y\r\nb: "q"\r\n'), { a: 'x\ny\n', b: 'q' });
  });

  it('keeps the empty lines after an escaped line break in double quotes, as libyaml does', () => {
    assert.deepEqual(parseOne('a: "x\\\n\n  y"\n'), { a: 'x\ny' });
  });

  it('leaves kind: List documents for the engine to flatten', () => {
    const value = parseOne('apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n');
    assert.deepEqual(value, { apiVersion: 'v1', kind: 'List', items: [{ kind: 'ConfigMap' }] });
  });
});
