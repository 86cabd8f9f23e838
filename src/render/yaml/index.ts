/**
 * render/yaml — the YAML layer of the Kustomize engine: reads resource files the way kustomize
 * v5.5.0 reads them (kyaml / go-yaml v3 meaning of every scalar) and prints resources byte for
 * byte as `kubectl kustomize` prints them (JSON round trip, then go-yaml v2 block output).
 *
 *   parseKustomizeYaml(text, file) → { docs }   plain data: objects, arrays, strings, numbers,
 *                                               booleans, null, and bigint for integers beyond
 *                                               ±2^53 (see ParseYamlOptions.unsafeIntegers)
 *   emitKustomizeYaml(docs)        → text       documents joined by "---\n"
 *   parseYaml11Fast(text)          → { value }  one common block-style document read as
 *                                  | undefined  sigs.k8s.io/yaml (YAML 1.1) reads it, when
 *                                               the fast path applies
 *
 * Pure: strings in, data out. It never reads files, never touches the clock or the
 * environment, and never changes the data it is given.
 */
import { emitDocument } from './emit-document.js';
import { parseYamlDocuments } from './parse-yaml.js';
import type { ParseYamlOptions } from './parse-yaml.js';

export type { ParseYamlOptions } from './parse-yaml.js';
export { parseYaml11Fast } from './parse-yaml11.js';
export type { UnsafeIntegers } from './build-value.js';

export interface ParsedYaml {
  /** Non-empty documents in file order (null and `{}` documents are dropped, like kyaml). */
  readonly docs: unknown[];
  /** With `annotationText`: per document, source texts of converted annotation values. */
  readonly annotationTexts?: (Map<string, string> | undefined)[];
}

/**
 * Parses a multi-document YAML file. Throws a `CapstanError` with code `'Render'` whose message
 * is `<file>: line <n>: <problem>` on a syntax error, a duplicate or non-string mapping key,
 * an unknown alias, a mistyped tag or a `---` separator line with content.
 */
export function parseKustomizeYaml(
  text: string,
  file: string,
  options: ParseYamlOptions = {},
): ParsedYaml {
  return parseYamlDocuments(text, file, options);
}

/**
 * Prints documents as `kubectl kustomize` does. Throws where kustomize fails to print: NaN or
 * infinite numbers, strings holding DEL, C1 controls, U+FFFE or U+FFFF.
 */
export function emitKustomizeYaml(docs: readonly unknown[]): string {
  return docs.map((doc) => emitDocument(doc)).join('---\n');
}
