import { RenderError } from '../../model/index.js';
import { parseKustomizeYaml } from '../yaml/index.js';
import { isMap } from './kustomization.js';
import type { KObject } from './res-id.js';
import { Resource, type ResourceOrigin } from './resource.js';

/**
 * Turns the documents of one manifest file into resources: empty documents dropped,
 * `kind: List` (and `*List` kinds with `items`) flattened, and each object checked for
 * the fields every resource needs.
 */
export function parseResources(text: string, file: string, origin?: ResourceOrigin): Resource[] {
  const parsed = parseKustomizeYaml(text, file, { annotationText: true });
  const resources: Resource[] = [];
  parsed.docs.forEach((doc, index) => {
    if (doc === null || doc === undefined) return;
    if (!isMap(doc)) throw new RenderError(file, 'expected a YAML mapping for a resource');
    const objects = flattenList(doc, file);
    for (const obj of objects) {
      const resource = new Resource(checkResource(obj, file), origin);
      const texts =
        objects.length === 1 && objects[0] === doc ? parsed.annotationTexts?.[index] : undefined;
      if (texts) resource.annotationSourceText = withParsedValues(resource, texts);
      resources.push(resource);
    }
  });
  return resources;
}

function withParsedValues(
  resource: Resource,
  texts: Map<string, string>,
): Map<string, { text: string; parsed: unknown }> {
  const annotations = resource.stringMap('annotations') as Record<string, unknown>;
  return new Map([...texts].map(([key, text]) => [key, { text, parsed: annotations[key] }]));
}

function flattenList(doc: KObject, file: string): KObject[] {
  const kind = doc['kind'];
  if (typeof kind === 'string' && kind.endsWith('List') && 'items' in doc) {
    const items = doc['items'];
    if (items === null || items === undefined) return [];
    if (!Array.isArray(items)) throw new RenderError(file, `${kind}: items must be a list`);
    return items.flatMap((item: unknown) => {
      if (!isMap(item)) throw new RenderError(file, `${kind}: every item must be a mapping`);
      return flattenList(item, file);
    });
  }
  return [doc];
}

function checkResource(obj: KObject, file: string): KObject {
  if (typeof obj['kind'] !== 'string' || obj['kind'] === '') {
    throw new RenderError(file, `missing kind in object ${JSON.stringify(obj).slice(0, 120)}`);
  }
  const metadata = obj['metadata'];
  const name = isMap(metadata) ? metadata['name'] : undefined;
  if (typeof name !== 'string' || name === '') {
    throw new RenderError(file, `missing metadata.name in object ${describeKind(obj)}`);
  }
  return obj;
}

function describeKind(obj: KObject): string {
  const apiVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : '';
  return `{${apiVersion} ${String(obj['kind'])}}`;
}
