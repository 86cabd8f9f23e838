/**
 * generators — configMapGenerator / secretGenerator (and their plugin-config forms):
 * resources made from literals, files and env files, merged into the build by behavior
 * (create / merge / replace), and the content hash suffix added at the end of a build.
 *
 *   runBuiltinGenerators(acc, k, loader)    a kustomization's generator entries → acc
 *   generatorArgsFromPluginConfig(config)   `generators:` ConfigMapGenerator/SecretGenerator
 *                                           config → { kind, args } for generateResource
 *   generateResource(kind, args, loader)    one ConfigMap or Secret (options already merged)
 *   absorbGenerated(acc, resource, file)    adds it by behavior (create / merge / replace)
 *   generateIamPolicyResources(config)      `generators:` IAMPolicyGenerator config → resources
 *   addHashSuffixes(resmap)                 once, at the top of a build
 *
 * Pure: reads only through the KustLoader it is given, never the process environment.
 */
import { RenderError } from '../../../model/index.js';
import type { Accumulator } from '../accumulator.js';
import type { GeneratorArgs, Kustomization } from '../kustomization.js';
import { KUSTOMIZATION_FILE_NAMES, type KustLoader } from '../loader.js';
import type { KObject } from '../res-id.js';
import type { ResMap } from '../res-map.js';
import type { Resource } from '../resource.js';
import { GeneratedAbsorber } from './absorb.js';
import {
  decodeGeneratorArgs,
  decodeGeneratorOptions,
  mergeGlobalOptionsIntoLocal,
  type DecodeContext,
  type GeneratedKind,
} from './generator-args.js';
import { hashObject } from './hash.js';
import { makeGeneratedResource } from './make-resource.js';

export type { GeneratedKind } from './generator-args.js';
export { GeneratedAbsorber } from './absorb.js';
export { generateIamPolicyResources } from './iam-policy.js';
export { mergeGlobalOptionsIntoLocal } from './generator-args.js';

/**
 * Runs the kustomization's configMapGenerator then secretGenerator entries into `acc`,
 * each with the kustomization's generatorOptions merged into its own options. `file` is
 * the kustomization file as shown in messages (looked up again when not given).
 */
export async function runBuiltinGenerators(
  acc: Accumulator,
  k: Kustomization,
  loader: KustLoader,
  file?: string,
): Promise<void> {
  if (
    k.configMapGenerator.length === 0 &&
    k.secretGenerator.length === 0 &&
    k.generatorOptions === undefined
  )
    return;
  file ??= loader.context.display(await findKustomizationFile(loader));
  const ctx = (where: string): DecodeContext => ({ file, strict: true, foldEnv: true, where });
  const global =
    k.generatorOptions === undefined
      ? undefined
      : decodeGeneratorOptions(k.generatorOptions, ctx('generatorOptions'));
  // Kustomize decodes every entry before it generates any.
  const planned: { kind: GeneratedKind; args: GeneratorArgs }[] = [
    ...k.configMapGenerator.map((raw) => ({
      kind: 'ConfigMap' as const,
      args: decodeGeneratorArgs(raw, 'ConfigMap', ctx('configMapGenerator')),
    })),
    ...k.secretGenerator.map((raw) => ({
      kind: 'Secret' as const,
      args: decodeGeneratorArgs(raw, 'Secret', ctx('secretGenerator')),
    })),
  ];
  const absorber = new GeneratedAbsorber(acc.resmap, file);
  for (const { kind, args } of planned) {
    const options = mergeGlobalOptionsIntoLocal(args.options, global);
    // The origin is left unset: the caller records it relative to the top of the build.
    absorber.absorb(await makeGeneratedResource(kind, withOptions(args, options), loader, file));
  }
}

/**
 * Decodes a `generators:` plugin config of kind ConfigMapGenerator or SecretGenerator as
 * Kustomize does: the entry's fields at top level (unknown ones ignored), with `name` and
 * `namespace` taken from metadata when the top-level fields are empty. No generatorOptions
 * apply to plugin configs.
 */
export function generatorArgsFromPluginConfig(
  config: KObject,
  file: string,
): { kind: GeneratedKind; args: GeneratorArgs } {
  const kind =
    config['kind'] === 'SecretGenerator'
      ? 'Secret'
      : config['kind'] === 'ConfigMapGenerator'
        ? 'ConfigMap'
        : undefined;
  if (kind === undefined)
    throw new RenderError(
      file,
      `not a ConfigMapGenerator or SecretGenerator config: kind ${String(config['kind'])}`,
    );
  const { metadata, ...fields } = config;
  const args = decodeGeneratorArgs(fields, kind, {
    file,
    strict: false,
    foldEnv: false,
    where: `${kind}GeneratorPlugin`,
  });
  const meta =
    typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
      ? (metadata as KObject)
      : {};
  if ((args.name ?? '') === '' && typeof meta['name'] === 'string') args.name = meta['name'];
  if ((args.namespace ?? '') === '' && typeof meta['namespace'] === 'string')
    args.namespace = meta['namespace'];
  return { kind, args };
}

/**
 * Makes one ConfigMap or Secret from generator arguments (global options already merged).
 * `file` names the kustomization or plugin config in messages (default: the loader root).
 */
export function generateResource(
  kind: GeneratedKind,
  args: GeneratorArgs,
  loader: KustLoader,
  file?: string,
): Promise<Resource> {
  return makeGeneratedResource(kind, args, loader, file ?? loader.context.display(loader.root));
}

/**
 * Adds a generated resource to the build according to its behavior. Each call indexes the
 * map's previous ids once; to add many, use one GeneratedAbsorber for the batch.
 */
export function absorbGenerated(acc: Accumulator, resource: Resource, file: string): void {
  new GeneratedAbsorber(acc.resmap, file).absorb(resource);
}

/**
 * Appends the content hash to the names of generated resources that want one (Kustomize's
 * HashTransformer), remembering the previous id so references can still be fixed.
 */
export function addHashSuffixes(resmap: ResMap): void {
  let renamed = false;
  for (const resource of resmap.resources()) {
    if (resource.generatedBy?.needsHashSuffix !== true) continue;
    const suffix = hashObject(resource.obj);
    resource.rememberCurrentId();
    resource.setName(`${resource.name()}-${suffix}`);
    renamed = true;
  }
  if (renamed) resmap.invalidate();
}

function withOptions(args: GeneratorArgs, options: GeneratorArgs['options']): GeneratorArgs {
  const merged: GeneratorArgs = { ...args };
  if (options === undefined) delete merged.options;
  else merged.options = options;
  return merged;
}

/** Source path of the kustomization file of the loader's root, in Kustomize's order of names. */
async function findKustomizationFile(loader: KustLoader): Promise<string> {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    if (await loader.exists(name)) return loader.resolvePath(name);
  }
  return loader.root;
}
