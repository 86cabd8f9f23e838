/**
 * Kustomize rewrites each resource's top-level annotations at the end of a build from the
 * YAML nodes it read, so a plain scalar keeps its source text there (`0x1F` prints as
 * "0x1F", not "31"; `1.50` as "1.50"), while the same scalar anywhere else goes through
 * JSON and is converted. This restores that text for the documents that need it.
 */
import { Composer, Parser, isMap, isScalar } from 'yaml';
import type { Node } from 'yaml';

type Obj = Record<string, unknown>;

function asObject(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}

/** The annotations map of a parsed document, when some value in it is not a string. */
function annotationsNeedingText(doc: unknown): Obj | undefined {
  const annotations = asObject(asObject(asObject(doc)?.['metadata'])?.['annotations']);
  if (!annotations) return undefined;
  // Non-strings, and the RFC 3339 text a plain date was turned into, came from plain scalars.
  const converted = (v: unknown): boolean =>
    typeof v !== 'string' || /^\d{4}-\d\d?-\d\d?[Tt ]/.test(v);
  return Object.values(annotations).some(converted) ? annotations : undefined;
}

function childOf(node: Node | null | undefined, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key)
      return (pair.value ?? undefined) as Node | undefined;
  }
  return undefined;
}

/** Source texts of the plain (unquoted, non-block) annotation values of one YAML document. */
function readAnnotationTexts(chunk: string): Map<string, string> {
  const texts = new Map<string, string>();
  const composer = new Composer({ schema: 'failsafe', uniqueKeys: false });
  for (const doc of composer.compose(new Parser().parse(chunk))) {
    const annotations = childOf(childOf(doc.contents, 'metadata'), 'annotations');
    if (!isMap(annotations)) continue;
    for (const pair of annotations.items) {
      if (isScalar(pair.key) && isScalar(pair.value) && pair.value.type === 'PLAIN') {
        texts.set(String(pair.key.value), String(pair.value.value));
      }
    }
  }
  return texts;
}

/**
 * For each document (index-aligned with `chunks`), the source text of each top-level
 * annotation whose plain scalar was converted (a number, a boolean, a date). Documents
 * whose values are all plain strings (the usual case) are not re-read.
 */
export function readConvertedAnnotationTexts(
  values: readonly unknown[],
  chunks: readonly string[],
): (Map<string, string> | undefined)[] {
  if (values.length !== chunks.length) return values.map(() => undefined);
  return values.map((value, index) => {
    const annotations = annotationsNeedingText(value);
    if (!annotations) return undefined;
    const texts = readAnnotationTexts(chunks[index] ?? '');
    const converted = new Map<string, string>();
    for (const [key, current] of Object.entries(annotations)) {
      const text = texts.get(key);
      if (text !== undefined && text !== current) converted.set(key, text);
    }
    return converted.size > 0 ? converted : undefined;
  });
}
