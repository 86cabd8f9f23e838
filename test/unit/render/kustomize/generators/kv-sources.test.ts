import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RenderError } from '../../../../../src/model/index.js';
import {
  parseEnvFile,
  parseFileSource,
  parseLiteralSource,
} from '../../../../../src/render/kustomize/generators/kv-sources.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const pairsOf = (text: string): [string, unknown][] =>
  parseEnvFile(bytes(text), 'x.env').map((p) => [p.key, p.value]);

describe('parseLiteralSource', () => {
  it('splits at the first = and keeps later ones in the value', () => {
    assert.deepEqual(parseLiteralSource('k=a=b', 'k.yaml'), { key: 'k', value: 'a=b' });
  });

  it('removes one pair of matching surrounding quotes only', () => {
    assert.equal(parseLiteralSource('k="v"', 'f').value, 'v');
    assert.equal(parseLiteralSource("k='v'", 'f').value, 'v');
    assert.equal(parseLiteralSource('k="v\'', 'f').value, '"v\'');
    assert.equal(parseLiteralSource('k="', 'f').value, '"');
    assert.equal(parseLiteralSource('k=""', 'f').value, '');
  });

  it('refuses a missing = and an empty key', () => {
    assert.throws(() => parseLiteralSource('novalue', 'f'), RenderError);
    assert.throws(() => parseLiteralSource('=v', 'f'), /invalid literal source =v/);
  });
});

describe('parseFileSource', () => {
  it('takes the key from the last path element when none is given', () => {
    assert.deepEqual(parseFileSource('dir/sub/app.properties', 'f'), {
      key: 'app.properties',
      path: 'dir/sub/app.properties',
    });
    assert.deepEqual(parseFileSource('dir/', 'f'), { key: 'dir', path: 'dir/' });
  });

  it('uses an explicit key', () => {
    assert.deepEqual(parseFileSource('renamed=dir/a.txt', 'f'), {
      key: 'renamed',
      path: 'dir/a.txt',
    });
  });

  it('refuses an empty key, an empty path and more than one =', () => {
    assert.throws(() => parseFileSource('=a.txt', 'f'), /missing key name/);
    assert.throws(() => parseFileSource('k=', 'f'), /missing file path/);
    assert.throws(() => parseFileSource('a=b=c', 'f'), /contains '='/);
  });
});

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines, splitting at the first =', () => {
    assert.deepEqual(pairsOf('A=1\nB=x=y\n'), [
      ['A', '1'],
      ['B', 'x=y'],
    ]);
  });

  it('gives a bare KEY the empty value and never consults the environment', () => {
    assert.deepEqual(pairsOf('PATH\nHOME\n'), [
      ['PATH', ''],
      ['HOME', ''],
    ]);
  });

  it('skips blank lines, comments and lines with an empty key', () => {
    assert.deepEqual(pairsOf('\n   \n# c\n  # c2\n=value\nK=v'), [['K', 'v']]);
  });

  it('trims leading blanks (Go unicode.IsSpace) but keeps trailing ones and inner quotes', () => {
    assert.deepEqual(pairsOf('\t \u00a0\u0085K = "v" '), [['K ', ' "v" ']]);
  });

  it('drops a UTF-8 BOM on the first line only, and one \\r before each line end', () => {
    assert.deepEqual(pairsOf('\ufeffA=1\r\nB=\ufeff2\r\n'), [
      ['A', '1'],
      ['B', '\ufeff2'],
    ]);
    assert.deepEqual(pairsOf('A=1\n\ufeffB=2'), [
      ['A', '1'],
      ['\ufeffB', '2'],
    ]);
  });

  it('refuses a line that is not UTF-8', () => {
    const bad = Uint8Array.from([0x41, 0x3d, 0xff, 0x0a]);
    assert.throws(() => parseEnvFile(bad, 'bad.env'), /bad\.env: line 0 has invalid utf8 bytes/);
  });

  it('stops silently at a line of 64 KiB or more, as Go’s line scanner does', () => {
    const long = `A=1\nB=${'x'.repeat(64 * 1024)}\nC=3\n`;
    assert.deepEqual(pairsOf(long), [['A', '1']]);
    const fits = `A=${'x'.repeat(64 * 1024 - 3)}\nC=3\n`;
    assert.equal(pairsOf(fits).length, 2);
  });
});
