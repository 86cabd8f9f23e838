/**
 * Generates one kustomization directory (a base, an overlay or a component): its own
 * resource files, then generators, components and transformer fields in the order
 * Kustomize runs them, so the model stays true to what kubectl will see.
 */
import { generateApps } from './app-bundle.js';
import { injectError, type ErrorKind } from './error-cases.js';
import { addBuiltinGenerators, addBuiltinTransformers } from './field-builtins.js';
import { addGenerators, type GeneratorRequest } from './field-generators.js';
import { addPatches, addPatchesJson6902, addPatchesStrategicMerge } from './field-patches.js';
import { addReplacements, addVars } from './field-replacements.js';
import {
  addAnnotations,
  addConfigurations,
  addImages,
  addLabels,
  addNameAffixes,
  addNamespace,
  addReplicas,
} from './field-transformers.js';
import { buildHpa, buildIngress } from './kinds-services.js';
import { makeMetadata } from './kinds-workloads.js';
import {
  addFile,
  claimName,
  cloneScope,
  describeManifest,
  listLive,
  type CaseContext,
  type Manifest,
  type ModelResource,
} from './model.js';
import { writeKustomization, writeYamlStream } from './yaml-text.js';

export interface LevelSpec {
  dir: string;
  role: 'base' | 'overlay' | 'component';
  /** Sub-kustomizations listed in `resources`, as paths relative to `dir`, with their scopes. */
  children: { path: string; scope: ModelResource[] }[];
  /** Component directories to generate and list in `components`. */
  components: { dir: string; path: string }[];
  isEntry: boolean;
  apps: number;
  namespace?: string;
  error?: ErrorKind;
}

type Entry = Record<string, unknown>;

/** Splits documents over one to three files; returns their paths relative to `dir`. */
function writeResourceFiles(ctx: CaseContext, dir: string, docs: Manifest[]): string[] {
  const { rng } = ctx;
  if (docs.length === 0) return [];
  const count = Math.min(docs.length, rng.int(1, 3));
  const groups: Manifest[][] = Array.from({ length: count }, () => []);
  docs.forEach((doc, i) => groups[i < count ? i : rng.int(0, count - 1)]?.push(doc));
  const stems = rng.shuffle([
    'resources',
    'app',
    'workloads',
    'rbac',
    'manifests/all',
    'deploy',
    'services',
  ]);
  return groups.map((group, i) => {
    const path = `${stems[i] ?? `part-${String(i)}`}.${rng.chance(0.85) ? 'yaml' : 'yml'}`;
    addFile(ctx, `${dir}/${path}`, writeYamlStream(rng, group));
    return path;
  });
}

/** Overlay-owned objects that point into the base: Ingress → Service, HPA → Deployment. */
function makeOverlayExtras(
  ctx: CaseContext,
  scope: readonly ModelResource[],
): { docs: Manifest[]; scope: ModelResource[] } {
  const { rng } = ctx;
  const docs: Manifest[] = [];
  const services = listLive(scope, 'Service');
  if (services.length > 0 && rng.chance(0.4)) {
    const svc = rng.pick(services);
    docs.push(
      buildIngress(
        rng,
        makeMetadata(rng, claimName(ctx, 'Ingress', `${svc.name}-public`), { app: svc.name }),
        svc.name,
      ),
    );
  }
  const deployments = listLive(scope, 'Deployment');
  if (deployments.length > 0 && rng.chance(0.3)) {
    const d = rng.pick(deployments);
    docs.push(
      buildHpa(
        rng,
        makeMetadata(rng, claimName(ctx, 'HorizontalPodAutoscaler', `${d.name}-autoscale`), {
          app: d.name,
        }),
        'Deployment',
        d.name,
      ),
    );
  }
  return { docs, scope: docs.map((d) => describeManifest(d)) };
}

function addOwnResources(
  ctx: CaseContext,
  spec: LevelSpec,
  body: Entry,
  scope: ModelResource[],
): GeneratorRequest[] {
  const { rng } = ctx;
  const bundle = generateApps(ctx, {
    apps: spec.apps,
    withClusterExtras: spec.role === 'base' && rng.chance(0.5),
    ...(spec.namespace === undefined ? {} : { namespace: spec.namespace }),
  });
  if (spec.role !== 'base') {
    const extras = makeOverlayExtras(ctx, scope);
    bundle.docs.push(...extras.docs);
    bundle.scope.push(...extras.scope);
  }
  const files = writeResourceFiles(ctx, spec.dir, bundle.docs);
  const entries = rng.shuffle([...spec.children.map((c) => c.path), ...files]);
  if (ctx.needsLoadRestrictionsNone && spec.role === 'overlay' && rng.chance(0.4)) {
    const name = claimName(ctx, 'ConfigMap', 'outside-root');
    const outside = `${'../'.repeat(spec.dir.split('/').length)}shared-files/${name}.yaml`;
    const doc = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, labels: { origin: 'outside' } },
      data: { MODE: 'shared' },
    };
    addFile(ctx, `shared-files/${name}.yaml`, writeYamlStream(rng, [doc]));
    entries.push(outside);
    bundle.scope.push(describeManifest(doc));
  }
  if (entries.length > 0) body['resources'] = entries;
  scope.push(...bundle.scope);
  return bundle.toGenerate;
}

function addTransformers(
  ctx: CaseContext,
  spec: LevelSpec,
  body: Entry,
  scope: ModelResource[],
): void {
  const { rng } = ctx;
  const isComponent = spec.role === 'component';
  if (rng.chance(0.2)) addPatchesStrategicMerge(ctx, spec.dir, body, scope);
  if (rng.chance(isComponent ? 0.7 : 0.5)) addPatches(ctx, spec.dir, body, scope);
  if (spec.namespace !== undefined && !isComponent) addNamespace(body, scope, spec.namespace);
  if (!isComponent && rng.chance(0.45)) addNameAffixes(rng, body, scope);
  if (rng.chance(0.55)) addLabels(rng, body, scope);
  if (rng.chance(0.4)) addAnnotations(rng, body, scope);
  if (rng.chance(0.15)) addPatchesJson6902(ctx, spec.dir, body, scope);
  if (rng.chance(0.25)) addReplicas(rng, body, scope);
  if (rng.chance(0.4)) addImages(rng, body, scope);
  if (rng.chance(0.3)) addReplacements(ctx, spec.dir, body, scope);
  if (listLive(scope, 'Widget').length > 0 && rng.chance(0.5))
    addConfigurations(ctx, spec.dir, body);
  if (rng.chance(0.06)) addBuiltinTransformers(ctx, spec.dir, body, scope);
  if (Object.keys(body).length === 0) addLabels(rng, body, scope);
}

function addEntryFields(ctx: CaseContext, body: Entry): void {
  const { rng } = ctx;
  if (rng.chance(0.25)) {
    const order = rng.pick(['fifo', 'legacy']);
    body['sortOptions'] =
      order === 'legacy' && rng.chance(0.5)
        ? {
            order,
            legacySortOptions: {
              orderFirst: ['Namespace', 'ServiceAccount', 'ConfigMap'],
              orderLast: ['Ingress', 'HorizontalPodAutoscaler'],
            },
          }
        : { order };
  }
  if (rng.chance(0.12)) {
    // transformerAnnotations multiplies the output size: keep it rare.
    const options = rng.chance(0.25)
      ? ['originAnnotations', 'transformerAnnotations', 'managedByLabel']
      : ['originAnnotations', 'managedByLabel'];
    body['buildMetadata'] = rng.sample(options, rng.int(1, 2));
  }
}

/**
 * Writes the directory for `spec` (and its components) and returns the scope it yields.
 * A component works on its parent's scope (`parentScope`), as Kustomize applies it to the
 * parent's accumulated resources.
 */
export function generateLevel(
  ctx: CaseContext,
  spec: LevelSpec,
  parentScope?: ModelResource[],
): ModelResource[] {
  const { rng } = ctx;
  const body: Entry = {};
  const scope: ModelResource[] = parentScope ?? spec.children.flatMap((c) => cloneScope(c.scope));
  const requests = addOwnResources(ctx, spec, body, scope);
  // Kustomize's order: resources, generators, components, then transformers.
  addGenerators(ctx, spec.dir, body, scope, requests);
  if (rng.chance(0.06)) addBuiltinGenerators(ctx, spec.dir, body, scope);
  if (spec.components.length > 0) {
    body['components'] = spec.components.map((c) => c.path);
    for (const c of spec.components) {
      const component: LevelSpec = {
        dir: c.dir,
        role: 'component',
        children: [],
        components: [],
        isEntry: false,
        apps: rng.chance(0.15) ? 1 : 0,
      };
      generateLevel(ctx, component, scope);
    }
  }
  addTransformers(ctx, spec, body, scope);
  addVars(ctx, body, scope, spec.isEntry);
  if (spec.isEntry) addEntryFields(ctx, body);
  if (spec.error !== undefined) injectError(ctx, spec.error, spec.dir, body);
  const fileName = rng.chance(0.85)
    ? 'kustomization.yaml'
    : rng.pick(['kustomization.yml', 'Kustomization']);
  addFile(ctx, `${spec.dir}/${fileName}`, writeKustomization(rng, body, spec.role === 'component'));
  return scope;
}
