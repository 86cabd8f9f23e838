/**
 * One reconcile of one Application's read path, shaped load → guards → stages → status
 * (CONVENTIONS.md): validate the spec, check its project, resolve the revision, render
 * (cached), compare with live state, and build the next status. Every failure branch maps
 * to exactly one condition reason, keeps the last known resources, and prunes nothing.
 */
import {
  checkAppAgainstProject,
  isDestinationPermitted,
  defaultAppProject,
  isResourcePermitted,
  targetRevisionOf,
  validateApplication,
  type AppProject,
  type Application,
  type ApplicationSource,
  type ApplicationStatus,
} from '../api/index.js';
import type { KubeObject } from '../model/index.js';
import { RenderError, describeError, describeResource } from '../model/index.js';
import { renderCacheKey, renderSource, type RenderResult } from '../render/index.js';
import { isRepoError, type RepoCache } from '../repo/index.js';
import {
  buildApplicationStatus,
  type ComparisonOutcome,
  type ConditionInput,
} from '../status/index.js';
import { prepareDesiredObjects, type DesiredSet } from '../sync/plan/index.js';
import type { Metrics } from '../metrics/index.js';
import type { BoundedCache } from './bounded-cache.js';
import { compareWithLive, type CompareContext, type LiveComparison } from './compare-live.js';
import { checkDestinationCluster, renderOptionsOf, sourceIdentityOf } from './app-source.js';
import { inventoryKindsOf, trackingAppId, type LiveState } from './live-state.js';
import type { KubeClient } from '../kube/index.js';
import type { DiffResult } from '../diff/index.js';

/** What the controller remembers of an app between reconciles. */
export interface AppMemory {
  sourceIdentity?: string;
  revision?: string;
}

export interface ReconcileDeps {
  readonly client: KubeClient;
  readonly repoCache: RepoCache;
  readonly liveState: LiveState;
  readonly renderCache: BoundedCache<string, RenderResult>;
  readonly dryRunVerdicts: BoundedCache<string, DiffResult>;
  readonly metrics: Metrics;
  readonly findProject: (namespace: string, name: string) => AppProject | undefined;
  readonly now: () => number;
}

export interface ReconcileRequest {
  readonly raw: KubeObject;
  readonly memory: AppMemory;
  /** Ask Git again for the target revision (resync, refresh, spec change). */
  readonly resolve: boolean;
  /** Compare this source instead of spec.source (an operation naming another revision). */
  readonly source?: ApplicationSource;
}

export interface ReconcileResult {
  readonly status: ApplicationStatus;
  readonly outcome: ComparisonOutcome;
  readonly comparison?: LiveComparison;
  readonly desired?: DesiredSet;
  /** The failure may go away by itself (API server or network trouble): retry with backoff. */
  readonly retry?: boolean;
}

class GuardFailure extends Error {
  constructor(readonly condition: ConditionInput) {
    super(condition.message);
  }
}

const invalid = (reason: string, message: string): GuardFailure =>
  new GuardFailure({ type: 'InvalidSpecError', reason, message });
const comparisonError = (reason: string, message: string): GuardFailure =>
  new GuardFailure({ type: 'ComparisonError', reason, message });

export async function reconcileApplication(
  request: ReconcileRequest,
  deps: ReconcileDeps,
): Promise<ReconcileResult> {
  const validation = validateApplication(request.raw);
  if (!validation.ok) {
    const message = validation.errors.map((error) => error.message).join('; ');
    return finish(
      fallbackApp(request.raw),
      { kind: 'failed', failure: invalid('InvalidSpec', message).condition },
      deps,
    );
  }
  const app = request.source
    ? { ...validation.app, spec: { ...validation.app.spec, source: request.source } }
    : validation.app;
  try {
    const project = checkProject(app, deps);
    const revision = await resolveRevision(app, request, deps);
    const rendered = await renderApp(app, revision, deps);
    const desired = prepareDesired(app, rendered, deps);
    checkResourcesPermitted(app, project, desired, deps);
    await deps.liveState.watchKinds(kindsOf(app, desired));
    const comparison = await compareWithLive(desired.objects, compareContextOf(app, deps));
    const warnings = [...desired.problems.map(problemCondition), ...comparison.warnings];
    const outcome: ComparisonOutcome = {
      kind: 'compared',
      revision,
      comparedTo: { source: app.spec.source, destination: app.spec.destination },
      resources: comparison.resources,
      warnings,
    };
    return { ...finish(app, outcome, deps), comparison, desired };
  } catch (error) {
    const revision = app.status?.sync?.revision;
    const failure =
      error instanceof GuardFailure
        ? error.condition
        : comparisonError('ComparisonFailed', describeError(error)).condition;
    const result = finish(
      app,
      { kind: 'failed', failure, ...(revision ? { revision } : {}) },
      deps,
    );
    return error instanceof GuardFailure ? result : { ...result, retry: true };
  }
}

function finish(
  app: Application,
  outcome: ComparisonOutcome,
  deps: ReconcileDeps,
): ReconcileResult {
  return { status: buildApplicationStatus({ app, outcome, now: deps.now() }), outcome };
}

/** Enough of an invalid object to carry a status: its metadata and previous status. */
function fallbackApp(raw: KubeObject): Application {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: raw['metadata'] as Application['metadata'],
    spec: (raw['spec'] ?? {}) as Application['spec'],
    ...(raw['status'] ? { status: raw['status'] } : {}),
  };
}

function checkProject(app: Application, deps: ReconcileDeps): AppProject {
  const namespace = app.metadata.namespace ?? '';
  const name = app.spec.project ?? 'default';
  const project =
    deps.findProject(namespace, name) ??
    (name === 'default' ? defaultAppProject(namespace) : undefined);
  if (!project)
    throw invalid(
      'ProjectNotFound',
      `AppProject '${name}' does not exist in namespace ${namespace}`,
    );
  const destinationProblem = checkDestinationCluster(app);
  if (destinationProblem) throw invalid('UnsupportedDestination', destinationProblem);
  const denials = checkAppAgainstProject(app, project);
  if (denials.length > 0)
    throw invalid('ProjectNotPermitted', denials.map((denial) => denial.message).join('; '));
  return project;
}

async function resolveRevision(
  app: Application,
  request: ReconcileRequest,
  deps: ReconcileDeps,
): Promise<string> {
  const identity = sourceIdentityOf(app);
  const memory = request.memory;
  if (!request.resolve && memory.revision !== undefined && memory.sourceIdentity === identity)
    return memory.revision;
  const target = targetRevisionOf(app.spec.source);
  try {
    const resolved = await deps.repoCache.resolveRevision(app.spec.source.repoURL, target);
    memory.revision = resolved.sha;
    memory.sourceIdentity = identity;
    return resolved.sha;
  } catch (error) {
    if (!isRepoError(error)) throw error;
    const reason = error.reason === 'UnknownRevision' ? 'RevisionNotFound' : `Repo${error.reason}`;
    throw comparisonError(reason, describeError(error));
  }
}

async function renderApp(
  app: Application,
  sha: string,
  deps: ReconcileDeps,
): Promise<RenderResult> {
  const options = renderOptionsOf(app.spec.source);
  const path = app.spec.source.path ?? '.';
  const key = renderCacheKey({ repoURL: app.spec.source.repoURL, commit: sha, path, options });
  const cached = deps.renderCache.get(key);
  if (cached) return cached;
  const started = performance.now();
  try {
    const source = deps.repoCache.openSource(app.spec.source.repoURL, sha);
    const result = await renderSource(source, path, options);
    deps.metrics.renderDuration
      .labels({ source_type: result.sourceType })
      .observe((performance.now() - started) / 1000);
    deps.renderCache.set(key, result);
    return result;
  } catch (error) {
    if (error instanceof RenderError || isRepoError(error))
      throw comparisonError('RenderFailed', `${sha.slice(0, 7)}: ${describeError(error)}`);
    throw error;
  }
}

function prepareDesired(app: Application, rendered: RenderResult, deps: ReconcileDeps): DesiredSet {
  return prepareDesiredObjects(rendered.objects, {
    app: { namespace: app.metadata.namespace ?? '', name: app.metadata.name },
    destinationNamespace: app.spec.destination.namespace ?? '',
    isNamespaced: (group, kind) => deps.liveState.isNamespaced(group, kind),
  });
}

function checkResourcesPermitted(
  app: Application,
  project: AppProject,
  desired: DesiredSet,
  deps: ReconcileDeps,
): void {
  const destination = app.spec.destination;
  const denied: string[] = [];
  for (const entry of desired.objects.values()) {
    const { group, kind } = entry.identity;
    const namespaced = deps.liveState.isNamespaced(group, kind) ?? entry.identity.namespace !== '';
    const { namespace } = entry.identity;
    if (
      namespaced &&
      namespace !== '' &&
      !isDestinationPermitted(project, { ...destination, namespace })
    )
      denied.push(
        `${describeResource(entry.identity)}: namespace ${namespace} is not a permitted destination in project '${project.metadata.name}'`,
      );
    if (!isResourcePermitted(project, group, kind, namespaced))
      denied.push(
        `${describeResource(entry.identity)}: ${group || 'core'}/${kind} is not permitted in project '${project.metadata.name}'`,
      );
  }
  if (denied.length > 0) throw invalid('ResourceNotPermitted', denied.join('; '));
}

function kindsOf(app: Application, desired: DesiredSet): { group: string; kind: string }[] {
  const kinds = new Map<string, { group: string; kind: string }>();
  const add = (group: string, kind: string): void => {
    kinds.set(`${group}/${kind}`, { group, kind });
  };
  for (const entry of desired.objects.values()) add(entry.identity.group, entry.identity.kind);
  for (const { group, kind } of inventoryKindsOf(app.status?.resources)) add(group, kind);
  return [...kinds.values()];
}

function compareContextOf(app: Application, deps: ReconcileDeps): CompareContext {
  return {
    client: deps.client,
    liveState: deps.liveState,
    dryRunVerdicts: deps.dryRunVerdicts,
    ignoreDifferences: app.spec.ignoreDifferences ?? [],
    appId: trackingAppId(app.metadata.namespace ?? '', app.metadata.name),
  };
}

function problemCondition(problem: { kind: string; message: string }): ConditionInput {
  if (problem.kind === 'repeated')
    return {
      type: 'RepeatedResourceWarning',
      reason: 'RepeatedResource',
      message: problem.message,
    };
  return {
    type: 'ComparisonError',
    reason: problem.kind === 'unknownKind' ? 'UnknownKind' : 'InvalidManifest',
    message: problem.message,
  };
}
