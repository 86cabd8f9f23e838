/**
 * Prints generated objects as YAML text with varied but valid styles (sequence indent,
 * quoting, line width, leading `---`, comments, empty documents), because Kustomize
 * keeps some input styles in its output and our parser must read all of them alike.
 */
import { Scalar, stringify } from 'yaml';
import type { Rng } from './prng.js';

export interface YamlStyle {
  indentSeq: boolean;
  lineWidth: number;
  quote: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';
  /** YAML 1.1 quotes `yes`, `on`, `012`, `1_000`…; 1.2 leaves them plain (kyaml reads both). */
  version: '1.1' | '1.2';
}

/** Picks the style one file is written in. */
export function pickYamlStyle(rng: Rng): YamlStyle {
  return {
    indentSeq: rng.chance(0.6),
    lineWidth: rng.chance(0.8) ? 0 : 60,
    quote: rng.chance(0.8) ? 'PLAIN' : rng.pick(['QUOTE_DOUBLE', 'QUOTE_SINGLE'] as const),
    version: rng.chance(0.5) ? '1.1' : '1.2',
  };
}

/** One object as YAML text in the given style. */
export function writeYamlDoc(value: unknown, style: YamlStyle): string {
  return stringify(value, {
    indentSeq: style.indentSeq,
    lineWidth: style.lineWidth,
    minContentWidth: 0,
    defaultStringType: style.quote,
    defaultKeyType: 'PLAIN',
    version: style.version,
  });
}

/** Several objects as one multi-document stream, with occasional comments and blanks. */
export function writeYamlStream(rng: Rng, values: readonly unknown[]): string {
  const style = pickYamlStyle(rng);
  const docs = values.map((v) => writeYamlDoc(v, style));
  let text = rng.chance(0.2) ? '---\n' : '';
  if (rng.chance(0.15)) text = `# generated for the differential test\n${text}`;
  docs.forEach((doc, i) => {
    if (i > 0) text += rng.chance(0.1) ? '---\n# spacer\n---\n' : '---\n';
    text += doc;
  });
  if (rng.chance(0.1)) text += '---\n';
  return text;
}

/**
 * A kustomization file, sometimes without apiVersion/kind. Written as YAML 1.1 because
 * Kustomize reads it with sigs.k8s.io/yaml, where a plain `yes` is a bool, not a string.
 */
export function writeKustomization(
  rng: Rng,
  body: Record<string, unknown>,
  isComponent: boolean,
): string {
  const header: Record<string, unknown> = {};
  if (isComponent || rng.chance(0.8)) {
    header['apiVersion'] = isComponent
      ? 'kustomize.config.k8s.io/v1alpha1'
      : 'kustomize.config.k8s.io/v1beta1';
    header['kind'] = isComponent ? 'Component' : 'Kustomization';
  }
  return stringify(quoteAmbiguous({ ...header, ...body }), {
    indentSeq: rng.chance(0.5),
    lineWidth: 0,
    version: '1.1',
  });
}

/** Plain scalars go-yaml v2 would read as numbers (`1e3`, `+5`, `1_000`) but YAML 1.1 printers leave plain. */
const GO_YAML_NUMBER =
  /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$|^[-+]?0[bBoOxX][0-9a-fA-F_]+$/;

function quoteAmbiguous(value: unknown): unknown {
  if (typeof value === 'string' && GO_YAML_NUMBER.test(value)) {
    const scalar = new Scalar(value);
    scalar.type = 'QUOTE_DOUBLE';
    return scalar;
  }
  if (Array.isArray(value)) return value.map(quoteAmbiguous);
  if (value !== null && typeof value === 'object' && !(value instanceof Scalar)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, quoteAmbiguous(v)]));
  }
  return value;
}
