import { RenderError } from '../../model/index.js';
import { parseKustomizeYaml } from '../yaml/index.js';
import { Accumulator } from './accumulator.js';
import { applyImage } from './filters/images.js';
import { applyMapEntries } from './filters/metadata-map.js';
import { applyNameAffix } from './filters/name-affix.js';
import { applyNamespace, type RoleBindingSubjectMode } from './filters/namespace.js';
import { applyReplicas } from './filters/replicas.js';
import {
  absorbGenerated,
  addHashSuffixes,
  generateIamPolicyResources,
  generateResource,
  generatorArgsFromPluginConfig,
} from './generators/index.js';
import {
  isMap,
  scalarText,
  type FieldSpec,
  type ImageEntry,
  type Json6902Entry,
  type PatchEntry,
} from './kustomization.js';
import type { KustLoader } from './loader.js';
import { applyPatches, applyPatchesJson6902, applyPatchesStrategicMerge } from './patches/index.js';
import { applyReplacements } from './references/index.js';
import type { KObject } from './res-id.js';
import type { ResourceOrigin } from './resource.js';
import { recordTransformation } from './build-metadata.js';
import { syncLinkedFields } from './linked-fields.js';
import type { ResMap } from './res-map.js';

export type AccumulateResources = (
  acc: Accumulator,
  entries: readonly string[],
  loader: KustLoader,
  file: string,
  originDir?: string,
) => Promise<void>;

/** A plugin configuration and the file it was configured in (relative to the top). */
interface PluginConfig {
  config: KObject;
  configuredIn: string;
}

/**
 * Reads the plugin configurations a `generators:`/`transformers:`/`validators:` list
 * names: inline YAML documents, files, or kustomization directories whose output is
 * the configurations. Only Kustomize's built-in plugins are supported; Capstan never
 * executes external plugins.
 */
async function loadPluginConfigs(
  entries: readonly string[],
  loader: KustLoader,
  accumulate: AccumulateResources,
  where: { field: string; kustomizationFile: string; originDir: string },
): Promise<PluginConfig[]> {
  const configs: PluginConfig[] = [];
  const paths: string[] = [];
  for (const entry of entries) {
    const inline = parseInline(entry);
    if (inline)
      configs.push(...inline.map((config) => ({ config, configuredIn: where.kustomizationFile })));
    else paths.push(entry);
  }
  const acc = new Accumulator();
  await accumulate(
    acc,
    paths,
    loader,
    `${loader.context.display(loader.root)} (${where.field})`,
    where.originDir,
  );
  for (const resource of acc.resmap.resources()) {
    configs.push({
      config: resource.obj,
      configuredIn: resource.origin?.path ?? where.kustomizationFile,
    });
  }
  return configs;
}

/** Where a kustomization's plugin lists live, for origins and messages. */
export interface PluginSite {
  kustomizationFile: string;
  originDir: string;
}

function pluginOrigin(plugin: PluginConfig): ResourceOrigin {
  const metadata = isMap(plugin.config['metadata']) ? plugin.config['metadata'] : {};
  const by: NonNullable<ResourceOrigin['configuredBy']> = {
    apiVersion: optionalText(plugin.config['apiVersion']),
    kind: optionalText(plugin.config['kind']),
  };
  if (typeof metadata['name'] === 'string') by.name = metadata['name'];
  if (typeof metadata['namespace'] === 'string') by.namespace = metadata['namespace'];
  return { configuredIn: plugin.configuredIn, configuredBy: by };
}

function parseInline(entry: string): KObject[] | undefined {
  if (!entry.includes('\n') && !entry.includes('kind:')) return undefined;
  try {
    const docs = parseKustomizeYaml(entry, 'inline').docs.filter(isMap);
    return docs.length > 0 && docs.every((d) => typeof d['kind'] === 'string') ? docs : undefined;
  } catch {
    return undefined;
  }
}

export async function runPluginGenerators(
  acc: Accumulator,
  entries: readonly string[],
  loader: KustLoader,
  accumulate: AccumulateResources,
  site: PluginSite,
): Promise<void> {
  if (entries.length === 0) return;
  const where = loader.context.display(loader.root);
  for (const plugin of await loadPluginConfigs(entries, loader, accumulate, {
    field: 'generators',
    ...site,
  })) {
    const config = plugin.config;
    if (config['kind'] === 'IAMPolicyGenerator') {
      for (const resource of generateIamPolicyResources(config, where)) {
        resource.origin ??= pluginOrigin(plugin);
        absorbGenerated(acc, resource, where);
      }
      continue;
    }
    if (config['kind'] !== 'ConfigMapGenerator' && config['kind'] !== 'SecretGenerator')
      throw unsupportedPlugin(config, where, 'generators');
    const { kind, args } = generatorArgsFromPluginConfig(config, where);
    const resource = await generateResource(kind, args, loader, where);
    resource.origin ??= pluginOrigin(plugin);
    absorbGenerated(acc, resource, where);
  }
}

export async function runPluginTransformers(
  acc: Accumulator,
  entries: readonly string[],
  loader: KustLoader,
  accumulate: AccumulateResources,
  site: PluginSite,
): Promise<void> {
  if (entries.length === 0) return;
  for (const plugin of await loadPluginConfigs(entries, loader, accumulate, {
    field: 'transformers',
    ...site,
  })) {
    await runTransformerConfig(acc.resmap, plugin.config, loader, 'transformers');
    syncLinkedFields(acc.resmap.resources());
    recordTransformation(
      acc.resmap.resources(),
      pluginOrigin(plugin),
      loader.context.recordTransformations,
    );
  }
}

/** Validators run like transformers but must leave every resource exactly as it was. */
export async function runPluginValidators(
  acc: Accumulator,
  entries: readonly string[],
  loader: KustLoader,
  accumulate: AccumulateResources,
  site: PluginSite,
): Promise<void> {
  if (entries.length === 0) return;
  for (const { config } of await loadPluginConfigs(entries, loader, accumulate, {
    field: 'validators',
    ...site,
  })) {
    const before = JSON.stringify(acc.resmap.resources().map((r) => r.obj));
    await runTransformerConfig(acc.resmap, config, loader, 'validators');
    if (JSON.stringify(acc.resmap.resources().map((r) => r.obj)) !== before) {
      throw new RenderError(
        loader.context.display(loader.root),
        "validator shouldn't modify the resource map",
      );
    }
  }
}

async function runTransformerConfig(
  resmap: ResMap,
  c: KObject,
  loader: KustLoader,
  field: string,
): Promise<void> {
  const specs = (c['fieldSpecs'] ?? []) as FieldSpec[];
  const where = loader.context.display(loader.root);
  switch (c['kind']) {
    case 'PrefixSuffixTransformer':
    case 'PrefixTransformer':
    case 'SuffixTransformer': {
      applyNameAffix(
        resmap,
        { prefix: optionalText(c['prefix']), suffix: optionalText(c['suffix']) },
        specs,
      );
      return;
    }
    case 'LabelTransformer': {
      applyMapEntries(resmap, stringMap(c['labels']), specs);
      return;
    }
    case 'AnnotationsTransformer': {
      applyMapEntries(resmap, stringMap(c['annotations']), specs);
      return;
    }
    case 'NamespaceTransformer': {
      applyNamespace(resmap, namespaceOptionsOf(c, specs));
      return;
    }
    case 'ImageTagTransformer': {
      applyImage(resmap, (c['imageTag'] ?? {}) as ImageEntry, specs);
      return;
    }
    case 'ReplicaCountTransformer': {
      applyReplicas(resmap, (c['replica'] ?? {}) as { name: string; count: number }, specs, where);
      return;
    }
    case 'PatchTransformer':
      return applyPatches(resmap, [patchEntryOf(c)], loader);
    case 'PatchStrategicMergeTransformer':
      return applyPatchesStrategicMerge(
        resmap,
        [
          ...((c['paths'] ?? []) as string[]),
          ...(typeof c['patches'] === 'string' ? [c['patches']] : []),
        ],
        loader,
      );
    case 'PatchJson6902Transformer':
      return applyPatchesJson6902(
        resmap,
        [{ target: c['target'], path: c['path'], patch: c['jsonOp'] } as Json6902Entry],
        loader,
      );
    case 'ReplacementTransformer':
      return applyReplacements(resmap, (c['replacements'] ?? []) as KObject[], loader);
    case 'HashTransformer': {
      addHashSuffixes(resmap);
      return;
    }
    default:
      throw unsupportedPlugin(c, where, field);
  }
}

function namespaceOptionsOf(
  c: KObject,
  fieldSpecs: FieldSpec[],
): Parameters<typeof applyNamespace>[1] {
  const metadata = isMap(c['metadata']) ? c['metadata'] : {};
  return {
    namespace: optionalText(metadata['namespace']),
    fieldSpecs,
    unsetOnly: c['unsetOnly'] === true,
    setRoleBindingSubjects: (c['setRoleBindingSubjects'] ??
      'defaultOnly') as RoleBindingSubjectMode,
  };
}

function patchEntryOf(c: KObject): PatchEntry {
  const entry: PatchEntry = {};
  if (typeof c['path'] === 'string') entry.path = c['path'];
  if (typeof c['patch'] === 'string') entry.patch = c['patch'];
  if (isMap(c['target'])) entry.target = c['target'];
  if (isMap(c['options'])) entry.options = c['options'];
  return entry;
}

function unsupportedPlugin(config: KObject, where: string, field: string): RenderError {
  return new RenderError(
    where,
    `${field}: ${optionalText(config['apiVersion'])}/${optionalText(config['kind'])} is not one of Kustomize's built-in plugins; Capstan does not run external plugins, exec or container functions`,
  );
}

function optionalText(value: unknown): string {
  return value === undefined || value === null ? '' : scalarText(value);
}

function stringMap(value: unknown): Record<string, string> {
  if (!isMap(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, optionalText(v)]));
}
