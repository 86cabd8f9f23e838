/**
 * configMapGenerator, secretGenerator and generatorOptions: literals, files (with and
 * without an explicit key), env files, per-generator options, and in overlays and
 * components `behavior: merge|replace` against a generated object already in scope.
 */
import { addFile, claimName, listLive, type CaseContext, type ModelResource } from './model.js';
import type { Rng } from './prng.js';
import { makeFileContent, pickDataKey, pickLabelValue, pickValue } from './scalars.js';

type Entry = Record<string, unknown>;

export interface GeneratorRequest {
  kind: 'ConfigMap' | 'Secret';
  name: string;
}

function makeOptions(rng: Rng): Entry {
  const options: Entry = {};
  if (rng.chance(0.5)) options['labels'] = { generated: pickLabelValue(rng) };
  if (rng.chance(0.4)) options['annotations'] = { 'example.com/source': pickValue(rng) };
  if (rng.chance(0.25)) options['disableNameSuffixHash'] = true;
  if (rng.chance(0.1)) options['immutable'] = true;
  return options;
}

/** Data sources for one generator entry; keys are unique within the entry. */
function addSources(
  ctx: CaseContext,
  dir: string,
  entry: Entry,
  required: readonly string[],
): string[] {
  const { rng } = ctx;
  const keys = new Set<string>(required);
  for (let i = rng.int(0, 3); i > 0; i--) keys.add(pickDataKey(rng));
  const literals: string[] = [];
  const files: string[] = [];
  const envLines: string[] = [];
  const envPath = `${rng.pick(['', '', '', 'env/'])}${String(entry['name'])}${rng.pick(['', '-settings'])}.env`;
  for (const key of keys) {
    const how = rng.pick(['literal', 'literal', 'file', 'env']);
    if (how === 'file' || key.includes('.')) {
      const path = `${rng.pick(['files/', 'config/', '', '', ''])}${key.includes('.') ? key : `${key.toLowerCase()}.txt`}`;
      addFile(ctx, `${dir}/${path}`, makeFileContent(rng, key));
      files.push(key.includes('.') && rng.chance(0.6) ? path : `${key}=${path}`);
    } else if (how === 'env') {
      const value = pickValue(rng, 0.25);
      envLines.push(`${key}=${value.includes('\n') ? 'single-line' : value}`);
    } else {
      literals.push(`${key}=${pickValue(rng)}`);
    }
  }
  if (literals.length > 0) entry['literals'] = literals;
  if (files.length > 0) entry['files'] = files;
  if (envLines.length > 0) {
    const comment = rng.chance(0.4) ? '# settings\n\n' : '';
    addFile(ctx, `${dir}/${envPath}`, `${comment}${envLines.join('\n')}\n`);
    entry['envs'] = [envPath];
  }
  if (ctx.needsLoadRestrictionsNone && rng.chance(0.5)) {
    const outside = `../${'../'.repeat(dir.split('/').length - 1)}shared-files/ca.pem`;
    addFile(
      ctx,
      'shared-files/ca.pem',
      '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n',
    );
    entry['files'] = [...((entry['files'] as string[] | undefined) ?? []), `ca.pem=${outside}`];
    keys.add('ca.pem');
  }
  return [...keys];
}

function modelGenerated(
  kind: 'ConfigMap' | 'Secret',
  name: string,
  keys: string[],
  options: Entry,
  type: string | undefined,
): ModelResource {
  return {
    apiVersion: 'v1',
    kind,
    name,
    origNamespaces: [''],
    renamed: false,
    clusterScoped: false,
    containers: [],
    labelKeys: Object.keys(options['labels'] ?? {}),
    annotationKeys: Object.keys(options['annotations'] ?? {}),
    hasAnnotations: options['annotations'] !== undefined,
    dataKeys: keys,
    generated: { kind, ...(type === undefined ? {} : { type }) },
    deleted: false,
  };
}

/** Generator entries for the requested objects and some merges; updates the scope. */
export function addGenerators(
  ctx: CaseContext,
  dir: string,
  body: Entry,
  scope: ModelResource[],
  requests: readonly GeneratorRequest[],
): void {
  const { rng } = ctx;
  const configMaps: Entry[] = [];
  const secrets: Entry[] = [];
  const wanted = [...requests];
  if (rng.chance(0.2)) {
    const kind = rng.pick(['ConfigMap', 'Secret'] as const);
    wanted.push({
      kind,
      name: claimName(ctx, kind, rng.pick(['extra', 'feature-flags', 'env-vars'])),
    });
  }
  for (const req of wanted) {
    const entry: Entry = { name: req.name };
    if (rng.chance(0.15)) entry['behavior'] = 'create';
    const keys = addSources(
      ctx,
      dir,
      entry,
      req.kind === 'ConfigMap' ? ['MODE'] : ['password', 'username'],
    );
    const type =
      req.kind === 'Secret' && rng.chance(0.3)
        ? rng.pick(['Opaque', 'kubernetes.io/basic-auth'])
        : undefined;
    if (type !== undefined) entry['type'] = type;
    const options = rng.chance(0.3) ? makeOptions(rng) : {};
    if (Object.keys(options).length > 0) entry['options'] = options;
    (req.kind === 'ConfigMap' ? configMaps : secrets).push(entry);
    scope.push(modelGenerated(req.kind, req.name, keys, options, type));
  }
  const existing = listLive(scope).filter(
    (r) => r.generated !== undefined && !wanted.some((w) => w.name === r.name && w.kind === r.kind),
  );
  for (const target of rng.sample(existing, rng.chance(0.5) ? rng.int(1, 2) : 0)) {
    const behavior = rng.chance(0.7) ? 'merge' : 'replace';
    const entry: Entry = { name: target.name, behavior };
    const keys = addSources(ctx, dir, entry, target.kind === 'ConfigMap' ? ['MODE'] : ['password']);
    if (target.generated?.type !== undefined) entry['type'] = target.generated.type;
    if (rng.chance(0.2)) entry['options'] = makeOptions(rng);
    (target.kind === 'ConfigMap' ? configMaps : secrets).push(entry);
    target.dataKeys = behavior === 'merge' ? [...new Set([...target.dataKeys, ...keys])] : keys;
  }
  if (configMaps.length > 0) body['configMapGenerator'] = configMaps;
  if (secrets.length > 0) body['secretGenerator'] = secrets;
  const created = scope.filter((r) => wanted.some((w) => w.name === r.name && w.kind === r.kind));
  if ((configMaps.length > 0 || secrets.length > 0) && rng.chance(0.3))
    addGeneratorOptions(rng, body, created);
}

function addGeneratorOptions(rng: Rng, body: Entry, created: ModelResource[]): void {
  const options = makeOptions(rng);
  if (Object.keys(options).length === 0) options['disableNameSuffixHash'] = true;
  body['generatorOptions'] = options;
  for (const r of created) {
    if (options['labels'] !== undefined) r.labelKeys = [...new Set([...r.labelKeys, 'generated'])];
  }
  if (options['annotations'] !== undefined) {
    for (const r of created) {
      r.hasAnnotations = true;
      r.annotationKeys = [...new Set([...r.annotationKeys, 'example.com/source'])];
    }
  }
}
