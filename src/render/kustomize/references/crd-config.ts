import { RenderError } from '../../../model/index.js';
import { parseKustomizeYaml } from '../../yaml/index.js';
import type { FieldSpec } from '../kustomization.js';
import { isMap } from '../kustomization.js';
import type { KObject } from '../res-id.js';
import type { KustLoader } from '../loader.js';
import {
  mergeTransformerConfig,
  emptyTransformerConfig,
  type TransformerConfig,
} from '../transformer-config.js';
import { readField } from './decode.js';

/** OpenAPI definitions by type name, as the `crds` files hold them. */
type Definitions = Map<string, KObject>;

function readDefinitions(content: unknown, file: string): Definitions {
  if (content === null || content === undefined) return new Map();
  if (!isMap(content))
    throw new RenderError(
      file,
      'unable to parse open API definition: expected a map of type names to definitions',
    );
  const out: Definitions = new Map();
  for (const [name, definition] of Object.entries(content)) {
    if (definition !== null && !isMap(definition)) {
      throw new RenderError(
        file,
        `unable to parse open API definition: definition of '${name}' must be an object`,
      );
    }
    out.set(name, definition ?? {});
  }
  return out;
}

function propertiesOf(definition: KObject | undefined): KObject {
  const schema = readField(definition, 'schema');
  const properties = readField(schema, 'properties');
  return isMap(properties) ? properties : {};
}

function stringExtension(property: KObject, key: string): string | undefined {
  const value = property[key];
  return typeof value === 'string' ? value : undefined;
}

function looksLikeKubernetesType(definition: KObject): boolean {
  const properties = propertiesOf(definition);
  return 'kind' in properties && 'apiVersion' in properties && 'metadata' in properties;
}

/** Walks a type's properties (following $refs) and records the fields its extensions mark. */
function collectFieldSpecs(
  config: TransformerConfig,
  kind: string,
  definitions: Definitions,
  typeName: string,
  path: readonly string[],
  chain: readonly string[] = [],
): void {
  const definition = definitions.get(typeName);
  if (!definition) return;
  for (const [propName, property] of Object.entries(propertiesOf(definition))) {
    if (!isMap(property)) continue;
    const here = [...path, propName];
    const spec = (parts: readonly string[]): FieldSpec => ({ kind, path: parts.join('/') });
    if (stringExtension(property, 'x-kubernetes-annotation') !== undefined)
      config.commonAnnotations.push(spec(here));
    if (stringExtension(property, 'x-kubernetes-label-selector') !== undefined)
      config.commonLabels.push(spec(here));
    if (stringExtension(property, 'x-kubernetes-identity') !== undefined)
      config.namePrefix.push(spec(here));
    const version = stringExtension(property, 'x-kubernetes-object-ref-api-version');
    const refKind = stringExtension(property, 'x-kubernetes-object-ref-kind');
    if (version !== undefined && refKind !== undefined) {
      const nameKey = stringExtension(property, 'x-kubernetes-object-ref-name-key') ?? 'name';
      config.nameReference.push({ kind: refKind, version, fieldSpecs: [spec([...here, nameKey])] });
    }
    const ref = property['$ref'];
    // A type that (indirectly) contains itself would recurse forever; Kustomize overflows its stack.
    if (typeof ref === 'string' && ref !== '' && ref !== typeName && !chain.includes(ref)) {
      collectFieldSpecs(config, kind, definitions, ref, here, [...chain, typeName]);
    }
  }
}

/** Field specs from one file of OpenAPI definitions, for each type that looks like a resource. */
function readCrdFile(content: unknown, file: string): TransformerConfig {
  const definitions = readDefinitions(content, file);
  const collected = emptyTransformerConfig();
  for (const [name, definition] of definitions) {
    if (!looksLikeKubernetesType(definition)) continue;
    const kind = name.split('.').pop() ?? name;
    collectFieldSpecs(collected, kind, definitions, name, []);
  }
  return mergeTransformerConfig(emptyTransformerConfig(), collected);
}

/**
 * The `crds` of a kustomization: files of OpenAPI definitions whose properties carry
 * x-kubernetes-object-ref-* (name references), x-kubernetes-annotation,
 * x-kubernetes-label-selector and x-kubernetes-identity extensions.
 */
export async function readCrdConfig(
  files: readonly string[],
  loader: KustLoader,
): Promise<Partial<TransformerConfig>> {
  let config = emptyTransformerConfig();
  for (const entry of files) {
    const { path, text } = await loader.readText(entry);
    const shown = loader.context.display(path);
    const content = parseKustomizeYaml(text, shown).docs[0];
    config = mergeTransformerConfig(config, readCrdFile(content, shown));
  }
  return config;
}
