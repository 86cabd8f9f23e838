import { RenderError } from '../../model/index.js';
import type { ImageEntry, Kustomization } from './kustomization.js';

/** Argo CD's `spec.source.kustomize` fields that Capstan honours. */
export interface KustomizeOverrides {
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
  images?: readonly string[];
  commonLabels?: Readonly<Record<string, string>>;
  commonAnnotations?: Readonly<Record<string, string>>;
  replicas?: readonly { name: string; count: number | string }[];
}

/**
 * Parses `kustomize edit set image` syntax: `[name=]newName[:tag][@digest]`, where
 * without `name=` the image keeps its name and only tag/digest change.
 */
export function parseImageOverride(text: string): ImageEntry {
  const eq = text.indexOf('=');
  const name = eq >= 0 ? text.slice(0, eq) : undefined;
  let rest = eq >= 0 ? text.slice(eq + 1) : text;
  const entry: Partial<ImageEntry> = {};
  const at = rest.indexOf('@');
  if (at >= 0) {
    entry.digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    entry.newTag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (rest === '')
    throw new RenderError('', `spec.source.kustomize.images: '${text}' names no image`);
  if (name === undefined) return { name: rest, ...entry };
  if (rest !== name) entry.newName = rest;
  return { name, ...entry };
}

function setByName<T extends { name: string }>(list: T[], entry: T): T[] {
  return list.some((e) => e.name === entry.name)
    ? list.map((e) => (e.name === entry.name ? entry : e))
    : [...list, entry];
}

/** Applies the overrides to the top kustomization, as `kustomize edit set …` would. */
export function applyKustomizeOverrides(
  k: Kustomization,
  overrides: KustomizeOverrides,
): Kustomization {
  const next: Kustomization = { ...k };
  if (overrides.namePrefix) next.namePrefix = overrides.namePrefix;
  if (overrides.nameSuffix) next.nameSuffix = overrides.nameSuffix;
  if (overrides.namespace) next.namespace = overrides.namespace;
  for (const image of overrides.images ?? [])
    next.images = setByName(next.images, parseImageOverride(image));
  if (overrides.commonLabels && Object.keys(overrides.commonLabels).length > 0) {
    next.commonLabels = { ...(k.commonLabels ?? {}), ...overrides.commonLabels };
  }
  if (overrides.commonAnnotations && Object.keys(overrides.commonAnnotations).length > 0) {
    next.commonAnnotations = { ...(k.commonAnnotations ?? {}), ...overrides.commonAnnotations };
  }
  for (const replica of overrides.replicas ?? []) {
    const count =
      typeof replica.count === 'number' ? replica.count : Number.parseInt(replica.count, 10);
    if (!Number.isInteger(count))
      throw new RenderError(
        '',
        `spec.source.kustomize.replicas: count of ${replica.name} is not an integer`,
      );
    next.replicas = setByName(next.replicas, { name: replica.name, count });
  }
  return next;
}
