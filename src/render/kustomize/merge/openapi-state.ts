import { RenderError } from '../../../model/index.js';
import { parseKustomizeYaml } from '../../yaml/index.js';
import builtinTable from '../generated/merge-schema.json' with { type: 'json' };
import type { KustLoader } from '../loader.js';
import { compactDefinitions } from './custom-schema.js';
import { SchemaSet, type SchemaNode } from './schema.js';

interface BuiltinTable {
  version: string;
  kubernetes: Record<string, SchemaNode>;
  kustomize: Record<string, SchemaNode>;
  precomputedScope: string[];
}

const BUILTIN = builtinTable as unknown as BuiltinTable;

let precomputedScope: Set<string> | undefined;

/** Types whose scope kyaml knows without loading any schema. */
function isPrecomputedType(type: string): boolean {
  precomputedScope ??= new Set(BUILTIN.precomputedScope);
  return precomputedScope.has(type);
}

interface CustomSchema {
  text: string;
  file: string;
}

/**
 * Which OpenAPI data one build merges with — Kustomize keeps this in a process-wide
 * global that kustomizations set with their `openapi:` field; here it lives per build.
 * The rules follow kyaml's SetSchema/initSchema: the top kustomization resets it, others
 * only fill it when still unset; the data is read on first use, and a custom schema read
 * before any use stands alone, while one set after a use is added to what was loaded.
 * kyaml also loads the Kubernetes data alongside a custom schema when, before that, it
 * was asked for the scope of a type missing from its precomputed table ("delayed").
 */
class OpenApiState {
  configured = false;
  private version = '';
  private custom: CustomSchema | undefined;
  private initialized = false;
  private builtinDelayed = false;
  private schemas: SchemaSet | undefined;

  /** Resources already in the build: one of a type kyaml cannot scope offhand delays builtin loading. */
  noteLoadedTypes(types: Iterable<string>): void {
    if (this.initialized || this.builtinDelayed || this.custom !== undefined) return;
    if (this.version !== '' && this.version !== BUILTIN.version) return;
    for (const type of types) {
      if (!isPrecomputedType(type)) {
        this.builtinDelayed = true;
        return;
      }
    }
  }

  set(
    field: Readonly<Record<string, unknown>>,
    custom: CustomSchema | undefined,
    reset: boolean,
    file: string,
  ): void {
    const isSet = this.version !== '' || this.custom !== undefined;
    if (isSet && !reset) return;
    const versionGiven = Object.hasOwn(field, 'version');
    if (custom !== undefined) {
      if (versionGiven)
        throw new RenderError(file, 'builtin version and custom schema provided, cannot use both');
      this.custom = custom;
      this.version = 'custom';
      this.initialized = false;
      return;
    }
    const version = field['version'];
    this.version = typeof version === 'string' ? version : '';
    if (this.version === '') return;
    if (this.version !== BUILTIN.version)
      throw new RenderError(file, 'the specified OpenAPI version is not built in');
    this.custom = undefined;
    this.initialized = false;
  }

  current(): SchemaSet {
    if (!this.initialized || this.schemas === undefined) this.schemas = this.load(this.schemas);
    return this.schemas;
  }

  /** Adds the configured data to what was loaded before (the shared set is never changed). */
  private load(loaded: SchemaSet | undefined): SchemaSet {
    this.initialized = true;
    const custom = this.custom;
    const builtinDelayed = this.builtinDelayed;
    this.builtinDelayed = false;
    // Built-in data added to nothing, or again to the built-in data, is the built-in data.
    if (custom === undefined && (loaded === undefined || loaded === builtinSchemas())) {
      return builtinSchemas();
    }
    const shared = loaded === builtinSchemas();
    const schemas = loaded === undefined ? new SchemaSet() : shared ? loaded.copy() : loaded;
    if (custom !== undefined) schemas.addDefinitions(parseCustomSchema(custom));
    if (custom === undefined || builtinDelayed) schemas.addDefinitions(BUILTIN.kubernetes);
    schemas.addDefinitions(BUILTIN.kustomize);
    return schemas;
  }
}

let builtin: SchemaSet | undefined;

/** The Kubernetes and Kustomize data kyaml embeds: read once per process, shared by builds. */
function builtinSchemas(): SchemaSet {
  if (builtin === undefined) {
    builtin = new SchemaSet();
    builtin.addDefinitions(BUILTIN.kubernetes);
    builtin.addDefinitions(BUILTIN.kustomize);
  }
  return builtin;
}

function parseCustomSchema(custom: CustomSchema): Record<string, SchemaNode> {
  try {
    if (custom.text === '') throw new Error('unexpected end of JSON input');
    const doc: unknown = custom.text.startsWith('{')
      ? JSON.parse(custom.text)
      : parseKustomizeYaml(custom.text, custom.file).docs[0];
    return compactDefinitions(doc ?? {});
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new RenderError(custom.file, `invalid schema file: ${why}`, { cause: err });
  }
}

const STATES = new WeakMap<object, OpenApiState>();

function stateFor(context: object): OpenApiState {
  let state = STATES.get(context);
  if (!state) {
    state = new OpenApiState();
    STATES.set(context, state);
  }
  return state;
}

/**
 * Applies a kustomization's `openapi:` field (`{path: file}` or `{version: v1.21.2}`) to
 * its build. Call it once per kustomization or component, right after loading it and
 * before its resources: the first call of a build (the top kustomization) resets.
 * `loaded` are the resources the build already holds where the call is made (for a
 * component, the accumulated resources of the kustomization using it).
 */
export async function configureOpenApi(
  loader: KustLoader,
  openapi: Readonly<Record<string, unknown>> | undefined,
  loaded: Iterable<{ obj: Readonly<Record<string, unknown>> }> = [],
): Promise<void> {
  const state = stateFor(loader.context);
  state.noteLoadedTypes(typesOf(loaded));
  const reset = !state.configured;
  state.configured = true;
  const field = openapi ?? {};
  const kustomizationFile = loader.context.display(loader.root);
  let custom: CustomSchema | undefined;
  if (Object.hasOwn(field, 'path')) {
    const { path, text } = await loader.readText(String(field['path']));
    custom = { text, file: loader.context.display(path) };
  }
  state.set(field, custom, reset, kustomizationFile);
}

/** The schema set a build's strategic merges use (Kubernetes v1.21.2 unless configured). */
export function schemasFor(loader: KustLoader): SchemaSet {
  return stateFor(loader.context).current();
}

function* typesOf(loaded: Iterable<{ obj: Readonly<Record<string, unknown>> }>): Iterable<string> {
  for (const { obj } of loaded) {
    const apiVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : '';
    const kind = typeof obj['kind'] === 'string' ? obj['kind'] : '';
    yield `${apiVersion}|${kind}`;
  }
}
