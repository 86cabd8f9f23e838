import { RenderError } from '../../model/index.js';
import { parseKustomizeYaml } from '../yaml/index.js';
import { parseKustomizationText } from './kustomization-text.js';
import { Accumulator } from './accumulator.js';
import { configureOpenApi } from './merge/index.js';
import { loadCrdConfig, mergeVars } from './references/index.js';
import { runBuiltinGenerators } from './generators/index.js';
import { isMap, normalizeKustomization, type Kustomization } from './kustomization.js';
import { joinOriginPath } from './build-metadata.js';
import { KUSTOMIZATION_FILE_NAMES, type KustLoader } from './loader.js';
import { parseResources } from './load-resources.js';
import { runBuiltinTransformers } from './builtin-transformers.js';
import { runPluginGenerators, runPluginTransformers, runPluginValidators } from './plugins.js';
import {
  TRANSFORMER_CONFIG_SECTIONS,
  defaultTransformerConfig,
  emptyTransformerConfig,
  mergeTransformerConfig,
  type TransformerConfig,
} from './transformer-config.js';

export interface LoadedKustomization {
  kustomization: Kustomization;
  /** Source path of the kustomization file, as displayed. */
  file: string;
  /** Its base name: kustomization.yaml, kustomization.yml or Kustomization. */
  fileName: string;
}

/**
 * Parsed kustomizations by file text and name. The same files are read by every render
 * of a repository; parsing them (YAML 1.1, strict field checks) is a large share of a
 * small render. Entries are frozen: nothing may change a shared Kustomization.
 */
const kustomizationCache = new Map<string, Kustomization>();
const KUSTOMIZATION_CACHE_LIMIT = 512;

function readKustomizationCached(text: string, file: string): Kustomization {
  const key = `${file}\u0000${text}`;
  const cached = kustomizationCache.get(key);
  if (cached) return cached;
  const parsed = deepFreeze(normalizeKustomization(parseKustomizationText(text, file), file));
  if (kustomizationCache.size >= KUSTOMIZATION_CACHE_LIMIT) kustomizationCache.clear();
  kustomizationCache.set(key, parsed);
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Finds and normalises the one kustomization file of a directory. */
export async function loadKustomization(loader: KustLoader): Promise<LoadedKustomization> {
  const present: string[] = [];
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    if (await loader.exists(name)) present.push(name);
  }
  const display = loader.context.display(loader.root);
  if (present.length === 0) {
    throw new RenderError(
      display,
      `unable to find one of ${KUSTOMIZATION_FILE_NAMES.map((n) => `'${n}'`).join(', ')} in directory '${display}'`,
    );
  }
  if (present.length > 1)
    throw new RenderError(display, `found multiple kustomization files: ${present.join(', ')}`);
  const fileName = present[0] ?? '';
  const { path, text } = await loader.readText(fileName);
  const file = loader.context.display(path);
  return {
    kustomization: readKustomizationCached(text, file),
    file,
    fileName,
  };
}

/**
 * Builds one kustomization directory: resources (files and bases), configurations and
 * CRDs, generators, components, built-in then plugin transformers, validators, vars.
 * Components pass the parent's accumulator in; kustomizations start a fresh one.
 */
export async function accumulateTarget(
  loader: KustLoader,
  into?: Accumulator,
  role: 'top' | 'base' | 'component' = 'base',
  originDir = '',
  adjust?: (k: Kustomization) => Kustomization,
): Promise<Accumulator> {
  const loaded = await loadKustomization(loader);
  const { file, fileName } = loaded;
  const k = adjust ? adjust(loaded.kustomization) : loaded.kustomization;
  const configuredIn = joinOriginPath(originDir, fileName);
  const expectComponent = role === 'component';
  if (expectComponent && k.kind !== 'Component') {
    throw new RenderError(
      file,
      `expected kind 'Component' for path '${loader.context.display(loader.root)}' but got '${k.kind}'`,
    );
  }
  // A Component may be built on its own, but not used as a base.
  if (role === 'base' && k.kind === 'Component') {
    throw new RenderError(
      file,
      `expected kind != 'Component' for path '${loader.context.display(loader.root)}'`,
    );
  }
  // The openapi field changes how strategic merge patches merge from here on (kyaml keeps it
  // as build-wide state; the first call of a build resets it).
  await configureOpenApi(loader, k.openapi, into ? into.resmap.resources() : []);
  const acc = into ?? new Accumulator();
  await accumulateResources(acc, k.resources, loader, file, originDir);
  acc.config = mergeTransformerConfig(
    acc.config,
    await loadConfigurations(k.configurations, loader),
  );
  acc.config = mergeTransformerConfig(acc.config, await loadCrdConfig(k.crds, loader));
  await runBuiltinGenerators(acc, k, loader, file);
  const site = { kustomizationFile: configuredIn, originDir };
  await runPluginGenerators(acc, k.generators, loader, accumulateResources, site);
  markGeneratedOrigins(acc, configuredIn);
  for (const component of k.components) {
    await accumulateTarget(
      await loader.child(component),
      acc,
      'component',
      joinOriginPath(originDir, component),
    );
  }
  await runBuiltinTransformers(acc, k, loader, configuredIn);
  await runPluginTransformers(acc, k.transformers, loader, accumulateResources, site);
  await runPluginValidators(acc, k.validators, loader, accumulateResources, site);
  mergeVars(acc, k.vars, file);
  return acc;
}

/** Adds each `resources` entry: a manifest file, or a directory holding a kustomization. */
export async function accumulateResources(
  acc: Accumulator,
  entries: readonly string[],
  loader: KustLoader,
  file: string,
  originDir = '',
): Promise<void> {
  // Start every file read at once (a read that fails here is simply redone below, where
  // its error is raised in order): builds are otherwise dominated by waiting on I/O.
  const prefetched = entries.map((entry) => loader.readText(entry).catch(() => undefined));
  for (const [index, entry] of entries.entries()) {
    if (/^(https?|git|ssh):\/\/|^git@|^github\.com\//.test(entry)) {
      throw new RenderError(
        file,
        `resources: '${entry}' is a remote base; Capstan builds only from the repository it was given`,
      );
    }
    if (await loader.isDirectory(entry)) {
      const base = await accumulateTarget(
        await loader.child(entry),
        undefined,
        'base',
        joinOriginPath(originDir, entry),
      );
      acc.mergeFrom(base, file);
      continue;
    }
    if (!(await loader.exists(entry))) {
      throw new RenderError(file, `resources: '${entry}': no such file or directory`);
    }
    const { path, text } = (await prefetched[index]) ?? (await loader.readText(entry));
    const shown = loader.context.display(path);
    const origin = { path: joinOriginPath(originDir, entry) };
    for (const resource of parseResources(text, shown, origin)) acc.resmap.append(resource, shown);
  }
}

/** Generated resources get their generator as origin (resources from files already have one). */
function markGeneratedOrigins(acc: Accumulator, configuredIn: string): void {
  for (const resource of acc.resmap.resources()) {
    if (resource.origin !== undefined) continue;
    const kind = resource.kind() === 'Secret' ? 'SecretGenerator' : 'ConfigMapGenerator';
    resource.origin = { configuredIn, configuredBy: { apiVersion: 'builtin', kind } };
  }
}

/**
 * Kustomize's MakeTransformerConfig: the defaults merged with each `configurations` file
 * in turn (files are decoded strictly: an unknown section is an error).
 */
async function loadConfigurations(
  files: readonly string[],
  loader: KustLoader,
): Promise<TransformerConfig> {
  let fromFiles = emptyTransformerConfig();
  for (const entry of files) {
    const { path, text } = await loader.readText(entry);
    const shown = loader.context.display(path);
    for (const doc of parseKustomizeYaml(text, shown).docs) {
      if (!isMap(doc)) continue;
      for (const key of Object.keys(doc)) {
        if (!(TRANSFORMER_CONFIG_SECTIONS as readonly string[]).includes(key)) {
          throw new RenderError(shown, `error unmarshaling JSON: unknown field "${key}"`);
        }
      }
      fromFiles = mergeTransformerConfig(
        fromFiles,
        mergeTransformerConfig(emptyTransformerConfig(), doc),
      );
    }
  }
  return mergeTransformerConfig(defaultTransformerConfig(), fromFiles);
}
