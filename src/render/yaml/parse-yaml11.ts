/**
 * The fast path for the YAML that Kustomize reads with sigs.k8s.io/yaml (YAML 1.1 through
 * go-yaml v2): kustomization files and YAML JSON patches. It takes one document in the common
 * block style (fast-parse.ts) whose plain scalars YAML 1.1 reads unambiguously (fast-resolve.ts)
 * and yields what kustomization-text.ts's full reader yields; anything else is left to it.
 */
import { NOT_FAST, parseChunkFast } from './fast-parse.js';
import { YAML11_RESOLVER } from './fast-resolve.js';

/** A second document, or a document end marker, makes the full reader decide. */
const MORE_DOCUMENTS = /\n(?:---|\.\.\.)/u;

/**
 * The data of `text` as one YAML 1.1 document (`value` undefined when it holds nothing), or
 * undefined when the fast path does not apply. It never reports an error: for text it does not
 * take, the full reader decides the value or the error.
 */
export function parseYaml11Fast(text: string): { value: unknown } | undefined {
  if (MORE_DOCUMENTS.test(text)) return undefined;
  const value = parseChunkFast(text, YAML11_RESOLVER);
  if (value === NOT_FAST) return undefined;
  return { value: value ?? undefined };
}
