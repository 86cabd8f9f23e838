/**
 * Generator arguments as Kustomize decodes them. A kustomization file is decoded strictly
 * (Go's encoding/json with unknown fields refused); a `generators:` plugin config
 * leniently (unknown fields ignored). Field names match case-insensitively in both, and a
 * value of the wrong type is an error, as with Go's decoder.
 */
import { RenderError } from '../../../model/index.js';
import type { GeneratorArgs, GeneratorOptions } from '../kustomization.js';
import type { KObject } from '../res-id.js';

export type GeneratedKind = 'ConfigMap' | 'Secret';

export interface DecodeContext {
  file: string;
  /** Refuse unknown fields (kustomization files) or ignore them (plugin configs). */
  strict: boolean;
  /** The Go field path shown in messages, e.g. `configMapGenerator`. */
  where: string;
  /**
   * Kustomize folds the legacy singular `env` into `envs` for kustomization files only;
   * a plugin config's `env` is decoded and then never read.
   */
  foldEnv: boolean;
}

type FieldKind = 'string' | 'strings' | 'options';

const ARG_FIELDS: Record<string, FieldKind> = {
  namespace: 'string',
  name: 'string',
  behavior: 'string',
  literals: 'strings',
  files: 'strings',
  envs: 'strings',
  env: 'string',
  options: 'options',
};

/** Decodes one configMapGenerator/secretGenerator entry; the singular `env` joins `envs`. */
export function decodeGeneratorArgs(
  raw: unknown,
  kind: GeneratedKind,
  ctx: DecodeContext,
): GeneratorArgs {
  const args: GeneratorArgs & { env?: string } = {};
  if (raw === null || raw === undefined) return args;
  if (!isObject(raw))
    throw typeError(ctx, describeJsonType(raw), `${kind}Args`, ctx.where, 'object');
  const fields: Record<string, FieldKind> =
    kind === 'Secret' ? { ...ARG_FIELDS, type: 'string' } : ARG_FIELDS;
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = matchField(rawKey, fields);
    if (key === undefined) {
      if (ctx.strict)
        throw new RenderError(ctx.file, `invalid Kustomization: json: unknown field "${rawKey}"`);
      continue;
    }
    const path = `${ctx.where}.${key}`;
    const target = args as Record<string, unknown>;
    switch (fields[key]) {
      case 'string':
        assignString(target, key, value, ctx, `${kind}Args`, path);
        break;
      case 'strings':
        if (value === null) Reflect.deleteProperty(target, key);
        else target[key] = decodeStrings(value, ctx, `${kind}Args`, path);
        break;
      case 'options':
        if (value === null) Reflect.deleteProperty(target, key);
        else target[key] = decodeGeneratorOptions(value, { ...ctx, where: path });
        break;
      case undefined:
        break;
    }
  }
  return assertYamlReadable(foldEnv(args, ctx.foldEnv), ctx.file);
}

function foldEnv(args: GeneratorArgs & { env?: string }, fold: boolean): GeneratorArgs {
  const { env, ...rest } = args;
  if (!fold || env === undefined || env === '') return rest;
  return { ...rest, envs: [...(rest.envs ?? []), env] };
}

const OPTION_FIELDS: Record<string, 'map' | 'bool'> = {
  labels: 'map',
  annotations: 'map',
  disableNameSuffixHash: 'bool',
  immutable: 'bool',
};

/** Decodes `generatorOptions` or an entry's `options`. */
export function decodeGeneratorOptions(raw: unknown, ctx: DecodeContext): GeneratorOptions {
  const options: GeneratorOptions = {};
  if (raw === null || raw === undefined) return options;
  if (!isObject(raw))
    throw typeError(ctx, describeJsonType(raw), 'GeneratorOptions', ctx.where, 'object');
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = matchField(rawKey, OPTION_FIELDS) as keyof GeneratorOptions | undefined;
    if (key === undefined) {
      if (ctx.strict)
        throw new RenderError(ctx.file, `invalid Kustomization: json: unknown field "${rawKey}"`);
      continue;
    }
    const path = `${ctx.where}.${key}`;
    if (value === null) {
      Reflect.deleteProperty(options, key);
    } else if (key === 'labels' || key === 'annotations') {
      options[key] = decodeStringMap(value, ctx, path);
    } else {
      if (typeof value !== 'boolean')
        throw typeError(ctx, describeJsonType(value), 'GeneratorOptions', path, 'bool');
      options[key] = value;
    }
  }
  return options;
}

/**
 * types.MergeGlobalOptionsIntoLocal: local labels and annotations win over global ones;
 * either side's disableNameSuffixHash or immutable turns the option on.
 */
export function mergeGlobalOptionsIntoLocal(
  local: GeneratorOptions | undefined,
  global: GeneratorOptions | undefined,
): GeneratorOptions | undefined {
  if (global === undefined) return local;
  const merged: GeneratorOptions = { ...local };
  for (const field of ['labels', 'annotations'] as const) {
    const globalMap = global[field];
    const localMap = local?.[field];
    if (localMap === undefined) {
      if (globalMap !== undefined) merged[field] = { ...globalMap };
    } else {
      merged[field] = { ...globalMap, ...localMap };
    }
  }
  if (global.disableNameSuffixHash === true) merged.disableNameSuffixHash = true;
  if (global.immutable === true) merged.immutable = true;
  return merged;
}

/**
 * Kustomize hands generator arguments to the generator as YAML made from JSON: a DEL, a C1
 * control, U+FFFE or U+FFFF, which JSON does not escape, makes that YAML unreadable.
 * (A raw NEL, U+0085, is a line break to that YAML, which go-yaml v2 folds in ways that
 * depend on the surrounding blanks; that is not modelled and NEL is left as is.)
 */
function assertYamlReadable(args: GeneratorArgs, file: string): GeneratorArgs {
  const strings: string[] = [args.name, args.namespace, args.behavior, args.type].filter(
    (v) => v !== undefined,
  );
  strings.push(...(args.literals ?? []), ...(args.files ?? []), ...(args.envs ?? []));
  for (const map of [args.options?.labels, args.options?.annotations]) {
    if (map) strings.push(...Object.keys(map), ...Object.values(map));
  }
  if (strings.some((s) => YAML_UNREADABLE.test(s)))
    throw new RenderError(file, 'yaml: control characters are not allowed');
  return args;
}

const YAML_UNREADABLE = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/;

/** Go's encoding/json field matching: exact name first, else ASCII case-insensitive. */
function matchField<T>(key: string, fields: Record<string, T>): string | undefined {
  if (Object.hasOwn(fields, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(fields).find((f) => f.toLowerCase() === lower);
}

function assignString(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
  ctx: DecodeContext,
  struct: string,
  path: string,
): void {
  if (value === null) return;
  if (typeof value !== 'string')
    throw typeError(ctx, describeJsonType(value), struct, path, 'string');
  target[key] = value;
}

function decodeStrings(value: unknown, ctx: DecodeContext, struct: string, path: string): string[] {
  if (!Array.isArray(value))
    throw typeError(ctx, describeJsonType(value), struct, path, '[]string');
  return value.map((item: unknown) => {
    if (item === null) return '';
    if (typeof item !== 'string')
      throw typeError(ctx, describeJsonType(item), struct, path, 'string');
    return item;
  });
}

function decodeStringMap(value: unknown, ctx: DecodeContext, path: string): Record<string, string> {
  if (!isObject(value))
    throw typeError(ctx, describeJsonType(value), 'GeneratorOptions', path, 'map[string]string');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) setOwnValue(out, k, '');
    else if (typeof v === 'string') setOwnValue(out, k, v);
    else throw typeError(ctx, describeJsonType(v), 'GeneratorOptions', path, 'string');
  }
  return out;
}

function typeError(
  ctx: DecodeContext,
  jsonType: string,
  struct: string,
  path: string,
  goType: string,
): RenderError {
  const prefix = ctx.strict ? 'invalid Kustomization: ' : '';
  return new RenderError(
    ctx.file,
    `${prefix}json: cannot unmarshal ${jsonType} into Go struct field ${struct}.${path} of type ${goType}`,
  );
}

function describeJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function isObject(value: unknown): value is KObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets a key as an own data property, so that user keys such as `__proto__` stay data. */
export function setOwnValue(map: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}
