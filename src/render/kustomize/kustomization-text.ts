import { parseAllDocuments, type Tags } from 'yaml';
import { RenderError } from '../../model/index.js';
import { parseYaml11Fast } from '../yaml/index.js';

/**
 * Parses a kustomization file as Kustomize v5.5.0 does (sigs.k8s.io/yaml, i.e. YAML 1.1
 * through go-yaml v2): a repeated key keeps its last value, anchors and merge keys work.
 */
export function parseKustomizationText(text: string, file: string): unknown {
  return parseYaml11Document(text, file) ?? {};
}

/** go-yaml v2 knows YAML 1.1 booleans and octals but not base-60 numbers nor timestamps. */
function withoutGoYamlV2Gaps(tags: Tags): Tags {
  return tags.filter((tag) => {
    const meta = tag as { format?: string; tag?: string };
    return meta.format !== 'TIME' && meta.tag !== 'tag:yaml.org,2002:timestamp';
  });
}

/**
 * One YAML document read as sigs.k8s.io/yaml (go-yaml v2) reads it, which is how Kustomize
 * decodes kustomization files and YAML JSON patches; undefined for an empty document.
 */
export function parseYaml11Document(text: string, file: string): unknown {
  // The common plain block-style file is read by the fast reader; anything else below.
  const fast = parseYaml11Fast(text);
  if (fast !== undefined) return fast.value;
  const docs = parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: false,
    merge: true,
    prettyErrors: false,
    customTags: withoutGoYamlV2Gaps,
  });
  if (!Array.isArray(docs)) throw new RenderError(file, 'cannot parse');
  const present = docs.filter((d) => d.contents !== null);
  for (const doc of present) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0].line;
      throw new RenderError(
        file,
        `${line === undefined ? '' : `line ${String(line)}: `}${error.message.split('\n')[0] ?? ''}`,
      );
    }
  }
  if (present.length > 1)
    throw new RenderError(file, 'a kustomization file must hold a single YAML document');
  return present[0]?.toJS({ maxAliasCount: -1 }) as unknown;
}
