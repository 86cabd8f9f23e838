/**
 * The objects an Application wants, as they will be compared and applied: namespaced
 * objects without a namespace get the destination namespace, cluster-scoped objects lose
 * any namespace a transformer gave them, and every object carries this app's tracking-id
 * and the managed-by label (DESIGN.md §3). Duplicates and unknown kinds are reported, not
 * guessed at.
 */
import {
  ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  type AppRef,
  type KubeObject,
  type ResourceIdentity,
  type ResourceKey,
  describeResource,
  formatResourceKey,
  formatTrackingId,
  versionOfApiVersion,
  identityOf,
  readAnnotation,
  resourceKeyOf,
} from '../../model/index.js';

/** Whether a kind is namespaced: true/false when known, undefined when the server does not know it. */
export type ScopeLookup = (group: string, kind: string) => boolean | undefined;

export interface DesiredOptions {
  readonly app: AppRef;
  readonly destinationNamespace: string;
  readonly isNamespaced: ScopeLookup;
}

export interface DesiredObject {
  readonly key: ResourceKey;
  readonly identity: ResourceIdentity;
  readonly version: string;
  /** The object to compare and apply, stamped with tracking metadata. */
  readonly object: KubeObject;
}

export interface DesiredProblem {
  readonly kind: 'repeated' | 'unknownKind' | 'invalid';
  readonly message: string;
}

export interface DesiredSet {
  readonly objects: ReadonlyMap<ResourceKey, DesiredObject>;
  readonly problems: readonly DesiredProblem[];
}

export function prepareDesiredObjects(
  rendered: readonly KubeObject[],
  options: DesiredOptions,
): DesiredSet {
  const objects = new Map<ResourceKey, DesiredObject>();
  const problems: DesiredProblem[] = [];
  const scopeFromCrds = collectCrdScopes(rendered);
  for (const source of rendered) {
    const apiVersion = source['apiVersion'];
    const identity = identityOf(source);
    const generatedName = readHookGenerateName(source, identity);
    if (
      typeof apiVersion !== 'string' ||
      identity.kind === '' ||
      (identity.name === '' && generatedName === undefined)
    ) {
      problems.push({
        kind: 'invalid',
        message: `${describeResource(identity)}: apiVersion, kind and metadata.name are required`,
      });
      continue;
    }
    const namespaced =
      options.isNamespaced(identity.group, identity.kind) ??
      scopeFromCrds.get(`${identity.group}/${identity.kind}`);
    if (namespaced === undefined) {
      problems.push({
        kind: 'unknownKind',
        message: `${describeResource(identity)}: kind ${identity.kind} (${apiVersion}) is not known to the API server`,
      });
    }
    const namespace =
      namespaced === false ? '' : identity.namespace || options.destinationNamespace;
    const placed: ResourceIdentity = { ...identity, namespace };
    // A hook named by the planner (formatHookName) is keyed by its generateName until then.
    const key =
      generatedName === undefined
        ? resourceKeyOf(withNamespace(source, namespace))
        : formatResourceKey({ ...placed, name: generatedName });
    if (objects.has(key)) {
      problems.push({
        kind: 'repeated',
        message: `${describeResource(placed)} appears more than once in the rendered manifests`,
      });
      continue;
    }
    objects.set(key, {
      key,
      identity: placed,
      version: versionOfApiVersion(apiVersion),
      object: stampTracking(withNamespace(source, namespace), options.app, placed),
    });
  }
  return { objects, problems };
}

/**
 * A hook may have only `metadata.generateName` (Argo CD allows it): the planner gives it a
 * deterministic name per sync. Any other object needs a name, or it could never be tracked.
 */
function readHookGenerateName(object: KubeObject, identity: ResourceIdentity): string | undefined {
  if (identity.name !== '') return undefined;
  const metadata = object['metadata'] as Record<string, unknown> | undefined;
  const generateName = metadata?.['generateName'];
  if (typeof generateName !== 'string' || generateName === '') return undefined;
  const annotations = metadata?.['annotations'] as Record<string, unknown> | undefined;
  return readAnnotation(annotations, ANNOTATION.hook) === undefined ? undefined : generateName;
}

function withNamespace(object: KubeObject, namespace: string): KubeObject {
  const metadata = { ...(object['metadata'] as Record<string, unknown>) };
  if (namespace === '') delete metadata['namespace'];
  else metadata['namespace'] = namespace;
  return { ...object, metadata };
}

/** Adds the tracking-id annotation and the managed-by label, leaving the rest untouched. */
export function stampTracking(
  object: KubeObject,
  app: AppRef,
  identity: ResourceIdentity,
): KubeObject {
  const metadata = object['metadata'] as Record<string, unknown>;
  const annotations = { ...(metadata['annotations'] as Record<string, string> | undefined) };
  const labels = { ...(metadata['labels'] as Record<string, string> | undefined) };
  annotations[ANNOTATION.trackingId] = formatTrackingId(app, identity);
  labels[MANAGED_BY_LABEL] = MANAGED_BY_VALUE;
  return { ...object, metadata: { ...metadata, annotations, labels } };
}

/** CRDs rendered by the same app define kinds the server may not know yet. */
function collectCrdScopes(rendered: readonly KubeObject[]): Map<string, boolean> {
  const scopes = new Map<string, boolean>();
  for (const object of rendered) {
    if (object['kind'] !== 'CustomResourceDefinition') continue;
    const spec = object['spec'] as
      { group?: unknown; scope?: unknown; names?: { kind?: unknown } } | undefined;
    if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string') continue;
    scopes.set(`${spec.group}/${spec.names.kind}`, spec.scope !== 'Cluster');
  }
  return scopes;
}
