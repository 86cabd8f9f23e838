import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CapstanError } from '../../../../src/model/index.js';
import { parseKustomizeYaml } from '../../../../src/render/yaml/index.js';

/** Parses `text` as `file` and returns the error it throws. */
function catchParseError(text: string, file = 'base/deploy.yaml'): CapstanError {
  try {
    parseKustomizeYaml(text, file);
  } catch (error) {
    assert.ok(error instanceof CapstanError, `not a CapstanError: ${String(error)}`);
    return error;
  }
  assert.fail('parseKustomizeYaml accepted the text');
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';

describe('parse errors', () => {
  it('name the file and the line of a syntax error, on one line, as a Render error', () => {
    const error = catchParseError(`${CONFIG_MAP}data:\n\tkey: x\n`);
    assert.equal(error.code, 'Render');
    assert.match(error.message, /^base\/deploy\.yaml: line 6: \S/u);
    assert.doesNotMatch(error.message, /\n/u);
  });

  it('count lines from the start of the file, not of the document', () => {
    const error = catchParseError(`${CONFIG_MAP}---\n${CONFIG_MAP}data: [\n`);
    assert.match(error.message, /^base\/deploy\.yaml: line 11: /u);
  });

  it('report an unterminated quoted string', () => {
    const error = catchParseError(`${CONFIG_MAP}data:\n  k: "open\n`);
    assert.match(error.message, /^base\/deploy\.yaml: line \d+: .*quote/u);
  });

  it('report a duplicate key with both lines, as go-yaml does', () => {
    const error = catchParseError(`${CONFIG_MAP}data:\n  x: "1"\n  "x": "2"\n`);
    assert.equal(
      error.message,
      'base/deploy.yaml: line 7: mapping key "x" already defined at line 6',
    );
  });

  it('refuse a key that kustomize reads as a number, since it cannot print it', () => {
    const error = catchParseError(`${CONFIG_MAP}data:\n  1: one\n`);
    assert.equal(error.message, 'base/deploy.yaml: line 6: mapping key "1" is not a string');
  });

  it('refuse a document separator line with content, as kyaml does', () => {
    const error = catchParseError(`${CONFIG_MAP}--- {a: 1}\n`);
    assert.equal(error.message, 'base/deploy.yaml: line 5: invalid document separator: --- {a: 1}');
  });

  it('report an alias to an unknown anchor', () => {
    const error = catchParseError(`${CONFIG_MAP}data: *missing\n`);
    assert.equal(error.message, "base/deploy.yaml: line 5: unknown anchor 'missing' referenced");
  });

  it('report a tag that does not fit the value', () => {
    const error = catchParseError(`${CONFIG_MAP}data:\n  k: !!bool yes\n`);
    assert.equal(error.message, 'base/deploy.yaml: line 6: cannot decode !!str `yes` as a !!bool');
  });

  it('report a merge key whose value is not a mapping', () => {
    const error = catchParseError(`${CONFIG_MAP}data:\n  <<: text\n`);
    assert.match(error.message, /^base\/deploy\.yaml: line 6: map merge requires map/u);
  });

  it('refuse a block scalar starting with a tab, which kubectl cannot print again', () => {
    const error = catchParseError(`${CONFIG_MAP}data:\n  k: |2\n    \tx\n`);
    assert.equal(
      error.message,
      'base/deploy.yaml: line 6: found a tab character where an indentation space is expected',
    );
  });

  it('stop alias expansion that would explode', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefg') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const error = catchParseError(`${levels.join('\n')}\n`);
    assert.match(error.message, /excessive aliasing/u);
  });
});
