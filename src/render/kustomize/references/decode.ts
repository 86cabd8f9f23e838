import { isMap, scalarText } from '../kustomization.js';
import type { KObject, ResId } from '../res-id.js';

/**
 * Kustomize decodes its config through encoding/json, which matches field names
 * case-insensitively (an exact match wins) and ignores unknown fields.
 */
export function readField(obj: unknown, name: string): unknown {
  if (!isMap(obj)) return undefined;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(obj)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function readString(obj: unknown, name: string): string {
  const value = readField(obj, name);
  return value === undefined || value === null ? '' : scalarText(value);
}

export function readMap(obj: unknown, name: string): KObject | undefined {
  const value = readField(obj, name);
  return isMap(value) ? value : undefined;
}

/** Kustomize's text form of an id: `Kind.version.group/name.namespace`, blanks spelled out. */
export function formatResId(id: Partial<ResId>): string {
  const gvk = [id.kind || '[noKind]', id.version || '[noVer]', id.group || '[noGrp]'].join('.');
  return `${gvk}/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

/** A group/version/kind/name/namespace selector as written in replacements and vars. */
export interface IdSelector {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

export function readIdSelector(obj: unknown): IdSelector {
  return {
    group: readString(obj, 'group'),
    version: readString(obj, 'version'),
    kind: readString(obj, 'kind'),
    name: readString(obj, 'name'),
    namespace: readString(obj, 'namespace'),
  };
}

function effectiveForSelection(namespace: string): string {
  return namespace === '' ? 'default' : namespace;
}

/**
 * resid.IsSelectedBy: every non-empty selector part must match; namespaces compare with
 * '' meaning `default` (the ids compared here never know they are cluster-scoped).
 */
export function isIdSelectedBy(id: ResId, selector: IdSelector): boolean {
  return (
    (selector.name === '' || selector.name === id.name) &&
    (selector.namespace === '' ||
      effectiveForSelection(selector.namespace) === effectiveForSelection(id.namespace)) &&
    (selector.group === '' || selector.group === id.group) &&
    (selector.version === '' || selector.version === id.version) &&
    (selector.kind === '' || selector.kind === id.kind)
  );
}

export function isEmptyIdSelector(selector: IdSelector): boolean {
  return Object.values(selector).every((part) => part === '');
}
