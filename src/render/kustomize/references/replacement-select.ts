import { isMap, scalarText } from '../kustomization.js';
import { isClusterScoped, type ResId } from '../res-id.js';
import type { Resource } from '../resource.js';
import {
  isEmptyIdSelector,
  isIdSelectedBy,
  readIdSelector,
  readString,
  type IdSelector,
} from './decode.js';
import { compileLabelSelector } from '../patches/index.js';

/** A `select` or `reject` entry: an id selector plus label and annotation selectors. */
export interface ResourceSelector {
  id: IdSelector;
  labelSelector: string;
  annotationSelector: string;
}

export function readResourceSelector(obj: unknown): ResourceSelector {
  return {
    id: readIdSelector(obj),
    labelSelector: readString(obj, 'labelSelector'),
    annotationSelector: readString(obj, 'annotationSelector'),
  };
}

/**
 * The ids a resource answers to when selected: its current id and every previous one.
 * Kustomize records previous namespaces in their effective form, so an unset one reads
 * `default` and a cluster-scoped one a namespace nothing selects.
 */
export function idsForSelection(resource: Resource): ResId[] {
  const previous = resource.previousIds.map((id) => ({
    ...id,
    namespace: isClusterScoped(id)
      ? '_non_namespaceable_'
      : id.namespace === ''
        ? 'default'
        : id.namespace,
  }));
  return [resource.id(), ...previous];
}

function stringMapOf(resource: Resource, field: 'labels' | 'annotations'): Record<string, string> {
  const map = resource.metadata()[field];
  const out: Record<string, string> = {};
  if (isMap(map))
    for (const [key, value] of Object.entries(map))
      out[key] = value === null ? '' : scalarText(value);
  return out;
}

/** Whether the label and annotation selectors of `selector` both match. */
export function matchesMetadataSelectors(resource: Resource, selector: ResourceSelector): boolean {
  if (selector.labelSelector === '' && selector.annotationSelector === '') return true;
  return (
    compileLabelSelector(selector.annotationSelector)(stringMapOf(resource, 'annotations')) &&
    compileLabelSelector(selector.labelSelector)(stringMapOf(resource, 'labels'))
  );
}

/**
 * Kustomize's target test: the label/annotation selectors of `select` match and no
 * reject's label/annotation selectors do; some id is selected by `select`'s id part and
 * no id by any non-empty reject id.
 */
export function isTargetSelected(
  resource: Resource,
  select: ResourceSelector,
  rejects: readonly ResourceSelector[],
): boolean {
  if (!matchesMetadataSelectors(resource, select)) return false;
  for (const reject of rejects) {
    if (reject.labelSelector === '' && reject.annotationSelector === '') continue;
    if (matchesMetadataSelectors(resource, reject)) return false;
  }
  const ids = idsForSelection(resource);
  if (!ids.some((id) => isIdSelectedBy(id, select.id))) return false;
  return !rejects.some(
    (reject) => !isEmptyIdSelector(reject.id) && ids.some((id) => isIdSelectedBy(id, reject.id)),
  );
}
