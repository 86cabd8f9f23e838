import { isMap } from './kustomization.js';
import type { KObject } from './res-id.js';
import type { Resource } from './resource.js';

export type FieldLocation = readonly (string | number)[];

/**
 * Fields that Kustomize holds as one shared YAML node. Its label/annotation setter makes
 * a single value node per resource and key and puts that same node into every field it
 * creates (metadata, selectors, templates); later in-place edits of any of them (another
 * label transform, a strategic-merge patch) change them all, until something rebuilds the
 * object from JSON (a JSON 6902 patch). Capstan keeps plain data, so it records the
 * linked locations and re-applies a changed member's value to the others after each step.
 */
export interface LinkedFieldGroup {
  readonly locations: FieldLocation[];
  value: unknown;
}

export function linkFields(resource: Resource, locations: FieldLocation[], value: unknown): void {
  if (locations.length < 2) return;
  resource.linkedFields.push({ locations: locations.map((l) => [...l]), value });
}

/**
 * The object was rebuilt from JSON, as a JSON 6902 patch does: shared nodes and the
 * source text of annotation values are gone.
 */
export function unlinkFields(resource: Resource): void {
  resource.linkedFields.length = 0;
  resource.annotationSourceText = undefined;
}

/** After a transform: a member whose value changed carries its new value to the others. */
export function syncLinkedFields(resources: readonly Resource[]): void {
  for (const resource of resources) {
    for (const group of resource.linkedFields) syncGroup(resource.obj, group);
  }
}

function syncGroup(obj: KObject, group: LinkedFieldGroup): void {
  let changed: { value: unknown } | undefined;
  for (const location of group.locations) {
    const slot = locate(obj, location);
    if (slot && slot.holder[slot.key] !== group.value && slot.key in slot.holder) {
      changed = { value: slot.holder[slot.key] };
      break;
    }
  }
  if (!changed) return;
  for (const location of group.locations) {
    const slot = locate(obj, location);
    if (slot && slot.key in slot.holder) slot.holder[slot.key] = changed.value;
  }
  group.value = changed.value;
}

function locate(
  obj: KObject,
  location: FieldLocation,
): { holder: KObject; key: string } | undefined {
  let node: unknown = obj;
  for (let i = 0; i < location.length - 1; i++) {
    const step = location[i] ?? '';
    if (Array.isArray(node) && typeof step === 'number') node = node[step];
    else if (isMap(node) && typeof step === 'string') node = node[step];
    else return undefined;
  }
  const key = location[location.length - 1];
  return isMap(node) && typeof key === 'string' ? { holder: node, key } : undefined;
}
