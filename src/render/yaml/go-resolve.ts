/**
 * The plain-scalar resolvers of go-yaml: v3 (`gopkg.in/yaml.v3`, how kyaml reads every resource
 * file) and v2 (`sigs.k8s.io/yaml/goyaml.v2`, how kustomize's output is printed: a string is
 * quoted when v2 would read it back as something else). Both share one algorithm: a hint from
 * the first character, a table of words, then timestamp, integer (Go base-0 syntax, underscores
 * dropped), decimal float and binary/octal fallbacks. They differ only in the table: v2 also
 * knows the YAML 1.1 words y/n/yes/no/on/off.
 */
import { convertGoTimestamp } from './go-timestamp.js';
import { YAML_STYLE_FLOAT, parseGoDecimalFloat, parseGoInt, parseGoUint } from './go-number.js';

export type GoScalar =
  | { readonly kind: 'str' }
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'int'; readonly value: number | bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'timestamp'; readonly value: string };

export type GoYamlVersion = 'v2' | 'v3';

const STR: GoScalar = { kind: 'str' };
const NULL: GoScalar = { kind: 'null' };

function buildWords(version: GoYamlVersion): ReadonlyMap<string, GoScalar> {
  const words = new Map<string, GoScalar>();
  const add = (scalar: GoScalar, list: string): void => {
    for (const word of list.split(' ')) words.set(word, scalar);
  };
  add({ kind: 'bool', value: true }, 'true True TRUE');
  add({ kind: 'bool', value: false }, 'false False FALSE');
  add(NULL, '~ null Null NULL');
  add({ kind: 'float', value: NaN }, '.nan .NaN .NAN');
  add({ kind: 'float', value: Infinity }, '.inf .Inf .INF +.inf +.Inf +.INF');
  add({ kind: 'float', value: -Infinity }, '-.inf -.Inf -.INF');
  if (version === 'v2') {
    add({ kind: 'bool', value: true }, 'y Y yes Yes YES on On ON');
    add({ kind: 'bool', value: false }, 'n N no No NO off Off OFF');
  }
  return words;
}

const WORDS: Readonly<Record<GoYamlVersion, ReadonlyMap<string, GoScalar>>> = {
  v2: buildWords('v2'),
  v3: buildWords('v3'),
};

/** y Y n N t T f F o O ~ */
const MAP_HINT_CODES = new Set(Array.from({ length: 11 }, (_, i) => 'yYnNtTfFoO~'.charCodeAt(i)));

/** go-yaml's resolve table: which first characters may start a non-string plain scalar. */
function readHint(code: number): string {
  if (code >= 48 && code <= 57) return 'D';
  if (code === 43 || code === 45) return 'S';
  if (code === 46) return '.';
  return MAP_HINT_CODES.has(code) ? 'M' : '';
}

const SIMPLE_INT = /^(?:0|-?[1-9][0-9]{0,14})$/u;

function toInt(value: bigint): GoScalar {
  const small = Number(value);
  return { kind: 'int', value: Number.isSafeInteger(small) ? small : value };
}

/** Binary ("0b") and, for v3, octal ("0o") spellings that Go's base-0 parse rejected. */
function resolvePrefixedInt(plain: string, version: GoYamlVersion): GoScalar | undefined {
  const prefixes: readonly ['0b' | '0o', 2 | 8][] =
    version === 'v3'
      ? [
          ['0b', 2],
          ['0o', 8],
        ]
      : [['0b', 2]];
  for (const [prefix, base] of prefixes) {
    if (plain.startsWith(prefix)) {
      const rest = plain.slice(2);
      const value = parseGoInt(rest, base) ?? parseGoUint(rest, base);
      return value === undefined ? undefined : toInt(value);
    }
    if (plain.startsWith(`-${prefix}`)) {
      const value = parseGoInt(`-${plain.slice(3)}`, base);
      return value === undefined ? undefined : toInt(value);
    }
  }
  return undefined;
}

function resolveNumeric(text: string, version: GoYamlVersion): GoScalar {
  if (SIMPLE_INT.test(text)) return { kind: 'int', value: Number(text) };
  const timestamp = convertGoTimestamp(text);
  if (timestamp !== undefined) return { kind: 'timestamp', value: timestamp };
  const plain = text.includes('_') ? text.replace(/_/gu, '') : text;
  const integer = parseGoInt(plain, 0) ?? parseGoUint(plain, 0);
  if (integer !== undefined) return toInt(integer);
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) return { kind: 'float', value };
  }
  return resolvePrefixedInt(plain, version) ?? STR;
}

/** What go-yaml `version` makes of the untagged plain scalar `text`. */
export function resolveGoScalar(text: string, version: GoYamlVersion): GoScalar {
  if (text === '') return NULL;
  const hint = readHint(text.charCodeAt(0));
  if (hint === '') return STR;
  const word = WORDS[version].get(text);
  if (word !== undefined) return word;
  if (hint === 'M') return STR;
  if (hint === '.') {
    const value = parseGoDecimalFloat(text);
    return value === undefined ? STR : { kind: 'float', value };
  }
  return resolveNumeric(text, version);
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/u;

/**
 * Whether go-yaml v2 prints the string `text` unquoted as far as its meaning goes: it must read
 * back as a string and not look like a YAML 1.1 base-60 number ("1:20"). Whether its characters
 * allow a plain scalar is decided separately (analyzeScalar).
 */
export function isPlainStringForV2(text: string): boolean {
  if (resolveGoScalar(text, 'v2').kind !== 'str') return false;
  return !(text.includes(':') && BASE60_FLOAT.test(text));
}
