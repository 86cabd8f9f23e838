/**
 * `transformers:` and `generators:` entries that configure Kustomize's builtin plugins
 * explicitly (apiVersion `builtin`): LabelTransformer, AnnotationsTransformer,
 * PrefixSuffixTransformer and ConfigMapGenerator, from files or inline. No exec, no
 * external plugin: these run inside kustomize like the fields they mirror.
 */
import { stringify } from 'yaml';
import { addFile, claimName, type CaseContext, type ModelResource } from './model.js';
import { pickLabelValue, pickValue } from './scalars.js';

type Entry = Record<string, unknown>;

function makeTransformerConfig(ctx: CaseContext, scope: ModelResource[]): Entry {
  const { rng } = ctx;
  const kind = rng.pick([
    'LabelTransformer',
    'AnnotationsTransformer',
    'PrefixSuffixTransformer',
  ] as const);
  const metadata = { name: `explicit-${kind.toLowerCase()}` };
  if (kind === 'LabelTransformer') {
    for (const r of scope) r.labelKeys = [...new Set([...r.labelKeys, 'explicit'])];
    return {
      apiVersion: 'builtin',
      kind,
      metadata,
      labels: { explicit: pickLabelValue(rng) },
      fieldSpecs: [{ path: 'metadata/labels', create: true }],
    };
  }
  if (kind === 'AnnotationsTransformer') {
    for (const r of scope) {
      r.hasAnnotations = true;
      r.annotationKeys = [...new Set([...r.annotationKeys, 'example.com/explicit'])];
    }
    return {
      apiVersion: 'builtin',
      kind,
      metadata,
      annotations: { 'example.com/explicit': pickValue(rng, 0.5) },
      fieldSpecs: [{ path: 'metadata/annotations', create: true }],
    };
  }
  for (const r of scope) r.renamed = true;
  return {
    apiVersion: 'builtin',
    kind,
    metadata,
    prefix: rng.pick(['x-', 'custom-']),
    fieldSpecs: [
      { kind: 'Deployment', path: 'metadata/name' },
      { kind: 'Service', path: 'metadata/name' },
    ],
  };
}

/** `transformers:` with one builtin transformer config (file or inline). */
export function addBuiltinTransformers(
  ctx: CaseContext,
  dir: string,
  body: Entry,
  scope: ModelResource[],
): void {
  const config = makeTransformerConfig(ctx, scope);
  if (ctx.rng.chance(0.5)) {
    body['transformers'] = [stringify(config, { version: '1.1' })];
    return;
  }
  const path = `${ctx.rng.pick(['', 'transformers/'])}${String((config['metadata'] as Entry)['name'])}.yaml`;
  addFile(ctx, `${dir}/${path}`, stringify(config, { version: '1.1' }));
  body['transformers'] = [path];
}

/** `generators:` with a builtin ConfigMapGenerator config; adds the object to the scope. */
export function addBuiltinGenerators(
  ctx: CaseContext,
  dir: string,
  body: Entry,
  scope: ModelResource[],
): void {
  const { rng } = ctx;
  const name = claimName(ctx, 'ConfigMap', 'explicit-generated');
  const config = {
    apiVersion: 'builtin',
    kind: 'ConfigMapGenerator',
    metadata: { name },
    literals: [`MODE=${rng.pick(['fast', 'safe'])}`, `GREETING=${pickValue(rng)}`],
    ...(rng.chance(0.3) ? { options: { disableNameSuffixHash: true } } : {}),
  };
  const path = `${rng.pick(['', 'generators/'])}${name}.yaml`;
  addFile(ctx, `${dir}/${path}`, stringify(config, { version: '1.1' }));
  body['generators'] = [path];
  scope.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name,
    origNamespaces: [''],
    renamed: false,
    clusterScoped: false,
    containers: [],
    labelKeys: [],
    annotationKeys: [],
    hasAnnotations: false,
    dataKeys: ['MODE', 'GREETING'],
    deleted: false,
  });
}
