/**
 * Builds one ConfigMap or Secret from decoded generator arguments (api/internal/generators):
 * name and namespace, the data maps, labels and annotations from the options, `immutable`.
 */
import { RenderError } from '../../../model/index.js';
import type { GeneratorArgs, GeneratorOptions } from '../kustomization.js';
import type { KustLoader } from '../loader.js';
import type { KObject } from '../res-id.js';
import { Resource, type GeneratorBehavior } from '../resource.js';
import { encodeBase64Wrapped } from './base64.js';
import { setOwnValue, type GeneratedKind } from './generator-args.js';
import { compareCodePoints } from './hash.js';
import { loadKvPairs, type KvPair } from './kv-sources.js';

/** Makes the resource; `file` (the kustomization or plugin config) is named in messages. */
export async function makeGeneratedResource(
  kind: GeneratedKind,
  args: GeneratorArgs,
  loader: KustLoader,
  file: string,
): Promise<Resource> {
  const name = args.name ?? '';
  // Kustomize says "configmap" for Secrets too; the message is kept recognisable.
  if (name === '') throw new RenderError(file, `a configmap must have a name`);
  const metadata: KObject = { name };
  if (args.namespace !== undefined && args.namespace !== '') metadata['namespace'] = args.namespace;
  const obj: KObject = { apiVersion: 'v1', kind, metadata };
  if (kind === 'Secret')
    obj['type'] = args.type !== undefined && args.type !== '' ? args.type : 'Opaque';
  const pairs = await loadKvPairs(args, loader, file);
  const data = collectUniquePairs(pairs, name, file);
  if (kind === 'ConfigMap') fillConfigMapData(obj, data);
  else fillSecretData(obj, data);
  applyOptions(obj, metadata, args.options);
  const resource = new Resource(obj);
  resource.generatedBy = {
    behavior: toBehavior(args.behavior),
    needsHashSuffix: args.options?.disableNameSuffixHash !== true,
  };
  return resource;
}

/** Unknown behaviors count as unspecified, which Kustomize treats like `create`. */
function toBehavior(behavior: string | undefined): GeneratorBehavior {
  return behavior === 'merge' || behavior === 'replace' ? behavior : 'create';
}

function collectUniquePairs(
  pairs: readonly KvPair[],
  name: string,
  file: string,
): Map<string, KvPair['value']> {
  const data = new Map<string, KvPair['value']>();
  for (const { key, value } of pairs) {
    if (data.has(key))
      throw new RenderError(file, `configmap ${name} illegally repeats the key \`${key}\``);
    data.set(key, value);
  }
  return data;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 text goes to `data`, anything else to `binaryData` as wrapped base64. */
function fillConfigMapData(obj: KObject, pairs: Map<string, KvPair['value']>): void {
  for (const key of [...pairs.keys()].sort(compareCodePoints)) {
    const value = pairs.get(key) ?? '';
    const text = typeof value === 'string' ? value : decodeUtf8(value);
    const field = text === undefined ? 'binaryData' : 'data';
    const map = (obj[field] ??= {}) as Record<string, string>;
    setOwnValue(map, key, text ?? encodeBase64Wrapped(value as Uint8Array));
  }
}

/** Every Secret value is base64, and `data` exists even when empty. */
function fillSecretData(obj: KObject, pairs: Map<string, KvPair['value']>): void {
  const map: Record<string, string> = {};
  const encoder = new TextEncoder();
  for (const key of [...pairs.keys()].sort(compareCodePoints)) {
    const value = pairs.get(key) ?? '';
    setOwnValue(
      map,
      key,
      encodeBase64Wrapped(typeof value === 'string' ? encoder.encode(value) : value),
    );
  }
  obj['data'] = map;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function applyOptions(
  obj: KObject,
  metadata: KObject,
  options: GeneratorOptions | undefined,
): void {
  if (!options) return;
  for (const field of ['labels', 'annotations'] as const) {
    const map = options[field];
    if (map === undefined || Object.keys(map).length === 0) continue;
    const sorted: Record<string, string> = {};
    for (const key of Object.keys(map).sort(compareCodePoints))
      setOwnValue(sorted, key, map[key] ?? '');
    metadata[field] = sorted;
  }
  if (options.immutable === true) obj['immutable'] = true;
}
