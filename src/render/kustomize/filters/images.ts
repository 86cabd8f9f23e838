import { RenderError } from '../../../model/index.js';
import { visitFieldSpec } from '../field-spec.js';
import type { FieldSpec, ImageEntry } from '../kustomization.js';
import { isMap } from '../kustomization.js';
import type { ResMap } from '../res-map.js';

/** Splits `name[:tag][@digest]`, where a registry port before the first `/` is not a tag. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const search = image.slice(offset);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (colon < 0 && at < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) {
    return { name: image.slice(0, at + offset), tag: '', digest: image.slice(at + offset + 1) };
  }
  if (at >= 0) {
    return {
      name: image.slice(0, colon + offset),
      tag: image.slice(colon + offset + 1, at + offset),
      digest: image.slice(at + offset + 1),
    };
  }
  return { name: image.slice(0, colon + offset), tag: image.slice(colon + offset + 1), digest: '' };
}

function imageMatcher(name: string): RegExp {
  try {
    // Kustomize builds this pattern from the name unescaped; do the same so `.` matches alike.
    return new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    throw new RenderError('', `images: name '${name}' is not a valid image name pattern`);
  }
}

export function rewriteImage(value: string, entry: ImageEntry, matcher: RegExp): string {
  if (!matcher.test(value)) return value;
  let { name, tag, digest } = splitImage(value);
  if (entry.newName) name = entry.newName;
  if (entry.newTag && entry.digest) {
    tag = entry.newTag;
    digest = entry.digest;
  } else if (entry.newTag) {
    tag = entry.newTag;
    digest = '';
  } else if (entry.digest) {
    tag = '';
    digest = entry.digest;
  } else if (entry.tagSuffix) {
    tag += entry.tagSuffix;
    digest = '';
  }
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

/** Updates images in every `containers`/`initContainers` list anywhere, then the images field specs. */
export function applyImage(
  resmap: ResMap,
  entry: ImageEntry,
  fieldSpecs: readonly FieldSpec[],
): void {
  const matcher = imageMatcher(entry.name);
  for (const resource of resmap.resources()) {
    if (resource.kind() === 'CustomResourceDefinition') continue;
    rewriteContainerLists(resource.obj, entry, matcher);
    for (const spec of fieldSpecs) {
      visitFieldSpec(
        resource.obj,
        spec,
        ({ holder, key }) => {
          const value = holder[key];
          if (typeof value === 'string') holder[key] = rewriteImage(value, entry, matcher);
        },
        { neverCreate: true },
      );
    }
  }
}

function rewriteContainerLists(node: unknown, entry: ImageEntry, matcher: RegExp): void {
  if (Array.isArray(node)) {
    for (const element of node) rewriteContainerLists(element, entry, matcher);
    return;
  }
  if (!isMap(node)) return;
  for (const [key, value] of Object.entries(node)) {
    rewriteContainerLists(value, entry, matcher);
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      for (const container of value) {
        if (isMap(container) && typeof container['image'] === 'string') {
          container['image'] = rewriteImage(container['image'], entry, matcher);
        }
      }
    }
  }
}
