/**
 * The generator's picture of a build in progress: which resources are in scope at a
 * kustomization, under which names and namespaces, with which containers and fields.
 * Field generators consult it so that every patch, replacement, var and generator merge
 * they write targets something that exists, which keeps each case valid for kubectl.
 */
import type { Rng } from './prng.js';

export type Manifest = Record<string, unknown>;

export interface ModelContainer {
  name: string;
  image: string;
  /** Names of env entries that carry a plain `value`. */
  envValues: string[];
  hasEnv: boolean;
}

export interface ModelResource {
  apiVersion: string;
  kind: string;
  /** The name as written in its file or generator (Kustomize matches it at any level). */
  name: string;
  namespace?: string;
  /**
   * Namespaces ('' for none) the object had while it still had its original name: a patch
   * or generator merge addresses it by one of the (name, namespace) pairs it has had.
   */
  origNamespaces: string[];
  /** True once a namePrefix/nameSuffix renamed it. */
  renamed: boolean;
  clusterScoped: boolean;
  /** Path of the pod spec inside the object (workloads only), slash-separated. */
  podSpecPath?: string;
  containers: ModelContainer[];
  labelKeys: string[];
  annotationKeys: string[];
  hasAnnotations: boolean;
  dataKeys: string[];
  generated?: { kind: 'ConfigMap' | 'Secret'; type?: string };
  deleted: boolean;
}

/** Variables declared by workloads (`$(NAME)` in args), to be defined by some level. */
export interface PendingVar {
  name: string;
  kind: string;
  apiVersion: string;
  objectName: string;
  fieldPath?: string;
}

export interface CaseContext {
  rng: Rng;
  files: Record<string, string>;
  usedNames: Map<string, Set<string>>;
  pendingVars: PendingVar[];
  definedVars: Set<string>;
  /** True once the case relies on files outside a kustomization root. */
  needsLoadRestrictionsNone: boolean;
}

/** A fresh context for one case. */
export function createContext(rng: Rng): CaseContext {
  return {
    rng,
    files: {},
    usedNames: new Map(),
    pendingVars: [],
    definedVars: new Set(),
    needsLoadRestrictionsNone: false,
  };
}

/** A name not yet used for this kind in the case, built from the base word. */
export function claimName(ctx: CaseContext, kind: string, base: string): string {
  const used = ctx.usedNames.get(kind) ?? new Set<string>();
  ctx.usedNames.set(kind, used);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${String(i)}`;
  used.add(name);
  return name;
}

/** Records a file of the tree; paths are relative to the case's input directory. */
export function addFile(ctx: CaseContext, path: string, text: string): void {
  ctx.files[path] = text;
}

/** Resources still present (not deleted by a `$patch: delete`). */
export function listLive(scope: readonly ModelResource[], kind?: string): ModelResource[] {
  return scope.filter((r) => !r.deleted && (kind === undefined || r.kind === kind));
}

/** Deep copy of a scope, so that sibling builds do not share state. */
export function cloneScope(scope: readonly ModelResource[]): ModelResource[] {
  return scope.map((r) => ({
    ...r,
    containers: r.containers.map((c) => ({ ...c, envValues: [...c.envValues] })),
    labelKeys: [...r.labelKeys],
    annotationKeys: [...r.annotationKeys],
    dataKeys: [...r.dataKeys],
    origNamespaces: [...r.origNamespaces],
  }));
}

/** Builds the model entry for a manifest just written. */
export function describeManifest(
  manifest: Manifest,
  extra: Partial<ModelResource> = {},
): ModelResource {
  const meta = (manifest['metadata'] ?? {}) as Record<string, unknown>;
  const labels = (meta['labels'] ?? {}) as Record<string, string>;
  const annotations = meta['annotations'] as Record<string, string> | undefined;
  const data = (manifest['data'] ?? manifest['stringData'] ?? {}) as Record<string, unknown>;
  const namespace = meta['namespace'] as string | undefined;
  return {
    apiVersion: manifest['apiVersion'] as string,
    kind: manifest['kind'] as string,
    name: meta['name'] as string,
    ...(namespace === undefined ? {} : { namespace }),
    origNamespaces: [namespace ?? ''],
    renamed: false,
    clusterScoped: false,
    containers: [],
    labelKeys: Object.keys(labels),
    annotationKeys: annotations ? Object.keys(annotations) : [],
    hasAnnotations: annotations !== undefined,
    dataKeys: Object.keys(data),
    deleted: false,
    ...extra,
  };
}

/** The `group` of an apiVersion (`''` for the core group). */
export function readGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

/** The `version` of an apiVersion. */
export function readVersion(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[1] ?? '') : apiVersion;
}
