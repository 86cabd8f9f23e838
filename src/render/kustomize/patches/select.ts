import { RenderError } from '../../../model/index.js';
import { isMap, scalarText, type Selector } from '../kustomization.js';
import { effectiveNamespace, isClusterScoped, keyOfId, type ResId } from '../res-id.js';
import type { ResMap } from '../res-map.js';
import type { Resource } from '../resource.js';
import { compileLabelSelector, LabelSelectorError, type LabelMatcher } from './label-selector.js';

/** Kustomize's name for the namespace of cluster-scoped objects when selecting. */
const NOT_A_NAMESPACE = '_non_namespaceable_';

interface CompiledSelector {
  group: RegExp | undefined;
  version: RegExp | undefined;
  kind: RegExp | undefined;
  name: RegExp | undefined;
  namespace: RegExp | undefined;
  labels: LabelMatcher | undefined;
  annotations: LabelMatcher | undefined;
}

/**
 * The resources a patch `target` picks, in build order. group, version, kind, name and
 * namespace are anchored regular expressions; name and namespace may match either the
 * current or the original value (so a patch written against a base's names still finds
 * them after prefixes or namespaces changed them); label and annotation selectors use
 * Kubernetes selector syntax on the current metadata. Throws RenderError (file '') on a
 * malformed selector; callers that know the file rethrow with it.
 */
export function selectResources(resmap: ResMap, selector: Selector): Resource[] {
  const compiled = compileSelector(selector);
  return resmap.resources().filter((resource) => isSelected(resource, compiled));
}

function isSelected(resource: Resource, s: CompiledSelector): boolean {
  const current = resource.id();
  // the original id only matters where the current one does not match
  const original = resource.previousIds[0] ?? current;
  const { namespace, name } = s;
  if (
    namespace &&
    !namespace.test(selectionNamespace(current)) &&
    (original === current || !namespace.test(selectionNamespace(original)))
  )
    return false;
  if (name && !name.test(current.name) && (original === current || !name.test(original.name)))
    return false;
  if (s.group && !s.group.test(current.group)) return false;
  if (s.version && !s.version.test(current.version)) return false;
  if (s.kind && !s.kind.test(current.kind)) return false;
  if (s.labels && !s.labels(textMap(resource, 'labels'))) return false;
  if (s.annotations && !s.annotations(textMap(resource, 'annotations'))) return false;
  return true;
}

function selectionNamespace(id: ResId): string {
  return isClusterScoped(id) ? NOT_A_NAMESPACE : effectiveNamespace(id);
}

/** Labels or annotations as the text Kustomize compares (numbers and booleans as written). */
function textMap(resource: Resource, field: 'labels' | 'annotations'): Record<string, string> {
  const meta = resource.obj['metadata'];
  const map = isMap(meta) ? meta[field] : undefined;
  const out: Record<string, string> = {};
  if (!isMap(map)) return out;
  for (const [key, value] of Object.entries(map))
    out[key] = value === null || value === undefined ? '' : scalarText(value);
  return out;
}

function compileSelector(selector: Selector): CompiledSelector {
  const field = (name: keyof Selector): string => {
    const value: unknown = (selector as Record<string, unknown>)[name];
    return value === undefined || value === null ? '' : scalarText(value);
  };
  try {
    return {
      group: anchored(field('group')),
      version: anchored(field('version')),
      kind: anchored(field('kind')),
      name: anchored(field('name')),
      namespace: anchored(field('namespace')),
      labels: lazySelector(field('labelSelector')),
      annotations: lazySelector(field('annotationSelector')),
    };
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw new RenderError('', `invalid patch target selector: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

/**
 * Kustomize parses label and annotation selectors only when a resource got past the other
 * criteria, so a malformed one is an error only then.
 */
function lazySelector(text: string): LabelMatcher | undefined {
  if (text === '') return undefined;
  let compiled: LabelMatcher | undefined;
  return (labels) => {
    try {
      compiled ??= compileLabelSelector(text);
    } catch (err) {
      if (err instanceof LabelSelectorError)
        throw new RenderError('', `invalid patch target selector: ${err.message}`, { cause: err });
      throw err;
    }
    return compiled(labels);
  };
}

function anchored(pattern: string): RegExp | undefined {
  return pattern === '' ? undefined : new RegExp(`^(?:${pattern})$`);
}

/** Kustomize's text for an id in messages: `Kind.version.group/name.namespace`. */
export function describeResId(id: ResId): string {
  const group = id.group === '' ? '[noGrp]' : id.group;
  const version = id.version === '' ? '[noVer]' : id.version;
  const kind = id.kind === '' ? '[noKind]' : id.kind;
  return `${kind}.${version}.${group}/${id.name === '' ? '[noName]' : id.name}.${id.namespace === '' ? '[noNs]' : id.namespace}`;
}

/**
 * Finds resources by any id they have had (original, intermediate or current), as
 * Kustomize does for patches that name their target. The index covers every id of every
 * resource; call invalidate() after ids change.
 */
export class AnyIdIndex {
  private index: Map<string, Resource[]> | undefined;

  constructor(private readonly resmap: ResMap) {}

  find(id: ResId): Resource[] {
    if (!this.index) this.index = this.build();
    return this.index.get(keyOfId(id)) ?? [];
  }

  invalidate(): void {
    this.index = undefined;
  }

  private build(): Map<string, Resource[]> {
    const index = new Map<string, Resource[]>();
    for (const resource of this.resmap.resources()) {
      const keys = new Set(resource.allIds().map(keyOfId));
      for (const key of keys) {
        const list = index.get(key);
        if (list) list.push(resource);
        else index.set(key, [resource]);
      }
    }
    return index;
  }
}
