/**
 * What the fast path (fast-parse.ts, fast-flow.ts) makes of plain scalars and keys, for the two
 * readers Kustomize has: go-yaml v3 through kyaml (resources; the reference is build-value.ts)
 * and sigs.k8s.io/yaml's YAML 1.1 (kustomization files and YAML JSON patches; the reference is
 * the `yaml` package's YAML 1.1 schema without timestamps and base-60 numbers, as
 * kustomization-text.ts reads them). A value the fast path must not decide is BAIL.
 */
import { convertGoScalar } from './build-value.js';
import type { UnsafeIntegers } from './build-value.js';
import { resolveGoScalar } from './go-resolve.js';
import { BAIL } from './fast-scalars.js';

export interface FastResolver {
  /** The value of a single-line plain scalar, or BAIL. */
  value(text: string): unknown;
  /** Whether a mapping key with this text (plain or quoted) is one the fast path takes. */
  key(text: string, plain: boolean): boolean;
  /** Whether folded block scalars are read as kyaml prints and reads them again. */
  readonly kyamlFolding: boolean;
}

/** go-yaml v3 as kyaml reads resources: plain keys must read as strings, `<<` is left alone. */
export function createGoV3Resolver(unsafeIntegers: UnsafeIntegers): FastResolver {
  return {
    value: (text) => convertGoScalar(resolveGoScalar(text, 'v3'), text, unsafeIntegers),
    key: (text, plain) =>
      !plain || (text !== '' && text !== '<<' && resolveGoScalar(text, 'v3').kind === 'str'),
    kyamlFolding: true,
  };
}

const NULL_11 = /^(?:~|[Nn]ull|NULL)?$/u;
const TRUE_11 = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/u;
const FALSE_11 = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/u;
const DECIMAL = /^(?:0|-?[1-9][0-9]{0,14})$/u;
/**
 * Every other plain scalar the YAML 1.1 schema gives a type (binary, octal, other integers,
 * hex, special and exponent floats, floats, merge keys, base-60 numbers and timestamps, even
 * those Kustomize's reader leaves as text): the full reader decides these.
 */
const TYPED_11 = [
  /^[-+]?0b[0-1_]+$/u,
  /^[-+]?0[0-7_]+$/u,
  /^[-+]?[0-9][0-9_]*$/u,
  /^[-+]?0x[0-9a-fA-F_]+$/u,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/u,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/u,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/u,
  /^<<$/u,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/u,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/u,
];

function readYaml11Value(text: string): unknown {
  if (NULL_11.test(text)) return null;
  if (TRUE_11.test(text)) return true;
  if (FALSE_11.test(text)) return false;
  if (DECIMAL.test(text)) return Number(text);
  return TYPED_11.some((pattern) => pattern.test(text)) ? BAIL : text;
}

/** The YAML 1.1 reader of kustomization files and JSON patches: keys must be plain text. */
export const YAML11_RESOLVER: FastResolver = {
  value: readYaml11Value,
  key: (text, plain) =>
    text !== '__proto__' && (!plain || (text !== '' && readYaml11Value(text) === text)),
  kyamlFolding: false,
};
