/**
 * The imperative shell of the read path: informers on Applications, AppProjects and
 * repository Secrets, live-state informers on managed kinds, a rate-limited work queue with
 * one reconcile in flight per app, periodic resync with jitter, and a status writer that
 * patches only what changed and records Events on transitions.
 */
import type { AppProject } from '../api/index.js';
import { validateAppProject } from '../api/index.js';
import type { DiffResult } from '../diff/index.js';
import {
  createInformer,
  type Informer,
  type KubeClient,
  type ManifestObject,
} from '../kube/index.js';
import type { Logger } from '../log/index.js';
import type { Metrics } from '../metrics/index.js';
import {
  API_GROUP,
  API_VERSION,
  KINDS,
  describeError,
  resourceKeyOf,
  type KubeObject,
} from '../model/index.js';
import type { RenderResult } from '../render/index.js';
import {
  REPO_SECRET_TYPE_LABEL,
  createRepoCache,
  credentialsFromSecrets,
  type RepoCache,
} from '../repo/index.js';
import { appKeyOf, isSpecChange, requestedRefresh } from './app-events.js';
import { dropRepoRenders, findSiblingApps, repoURLOf } from './app-source.js';
import { clearRefreshAnnotation, writeStatusIfChanged } from './status-writer.js';
import { forgetAppMetrics, logReconciled, recordAppReconcile } from './app-metrics.js';
import { cascadeDelete, isBeingDeleted } from './app-deletion.js';
import { BoundedCache } from './bounded-cache.js';
import { DesiredIndex } from './desired-index.js';
import { LiveState, trackingOwner } from './live-state.js';
import { reconcileApplication, type AppMemory, type ReconcileDeps } from './reconcile.js';
import { overlaySyncWritten, type WrittenSyncStatus } from './sync-operation.js';
import { SyncTriggers, startTriggeredSync } from './sync-trigger.js';
import { runWorkers, createWorkQueue, type WorkQueue } from './work-queue.js';
import { ResyncSchedule } from './resync-schedule.js';
import { isLeadingBeforeAbort } from './leader-election.js';

export interface ControllerOptions {
  readonly client: KubeClient;
  /** Namespace whose Applications and AppProjects this controller serves. */
  readonly namespace: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly repoCacheDir: string;
  readonly workers: number;
  /** Period of the full re-compare of every app (Git poll included), before jitter. */
  readonly resyncMs: number;
  readonly signal: AbortSignal;
  /**
   * With leader election: resolves when this process leads. Caches sync (and /readyz
   * passes) before that, but no reconcile — so no write — runs until it resolves.
   */
  readonly whenLeading?: Promise<void>;
}

export interface RunningController {
  /** Resolves once every informer holds its first list; /readyz waits for it. */
  readonly synced: Promise<void>;
  readonly isSynced: () => boolean;
  /** Resolves when the controller has stopped after the signal was aborted. */
  readonly stopped: Promise<void>;
  /**
   * Re-resolves Git now for every Application `select` accepts (a push webhook), asking the
   * server for refs afresh; returns their `namespace/name` keys (none before caches sync).
   */
  readonly refreshApps: (select: (app: KubeObject) => boolean) => string[];
}

/**
 * An unchanged status is still rewritten this often so `reconciledAt` shows the controller is
 * alive — but no more often, so a short --resync does not turn into a write per app per poll.
 */
const RECONCILED_AT_REFRESH_MS = 180_000;

export function startController(options: ControllerOptions): RunningController {
  const controller = new ReadPathController(options);
  const synced = controller.start();
  let isSynced = false;
  void synced.then(() => (isSynced = true)).catch(() => undefined);
  return {
    synced,
    isSynced: () => isSynced,
    stopped: controller.stopped,
    refreshApps: (select) => controller.refreshApps(select),
  };
}

class ReadPathController {
  readonly #options: ControllerOptions;
  readonly #logger: Logger;
  readonly #queue: WorkQueue;
  readonly #memory = new Map<string, AppMemory>();
  /** Which apps want each object, so an untracked live object still reaches its app. */
  readonly #desiredIndex = new DesiredIndex();
  readonly #lastWrite = new Map<string, number>();
  readonly #resync: ResyncSchedule;
  #reconcileCount = 0;
  /** operationState and history a sync wrote, until the Application cache shows them. */
  readonly #syncWritten = new Map<string, WrittenSyncStatus>();
  readonly #syncTriggers = new SyncTriggers();
  readonly #renderCache = new BoundedCache<string, RenderResult>(512);
  readonly #dryRunVerdicts = new BoundedCache<string, DiffResult>(20_000);
  readonly #liveState: LiveState;
  readonly #repoCache: RepoCache;
  #apps!: Informer;
  #projects!: Informer;
  #secrets!: Informer;
  #credentials: ReturnType<typeof credentialsFromSecrets> = () => undefined;
  #resolveStopped!: () => void;
  readonly stopped: Promise<void>;

  constructor(options: ControllerOptions) {
    this.#options = options;
    this.#logger = options.logger;
    this.stopped = new Promise((resolve) => (this.#resolveStopped = resolve));
    this.#queue = createWorkQueue({ name: 'app_reconcile', metrics: options.metrics });
    this.#resync = new ResyncSchedule(this.#queue, options.resyncMs);
    this.#liveState = new LiveState({
      client: options.client,
      logger: options.logger,
      signal: options.signal,
      onChange: (object) => this.#onLiveChange(object),
    });
    this.#repoCache = createRepoCache({
      cacheDir: options.repoCacheDir,
      logger: options.logger,
      metrics: options.metrics,
      credentials: (url) => this.#credentials(url),
      signal: options.signal,
    });
  }

  async start(): Promise<void> {
    const { client, namespace, logger, signal } = this.#options;
    const inNamespace = { namespace, logger, signal };
    this.#secrets = createInformer(
      client,
      { group: '', version: 'v1', kind: 'Secret' },
      {
        ...inNamespace,
        labelSelector: REPO_SECRET_TYPE_LABEL,
      },
    );
    this.#secrets.addHandlers({
      onAdd: () => this.#onSecretsChanged(),
      onUpdate: () => this.#onSecretsChanged(),
      onDelete: () => this.#onSecretsChanged(),
    });
    this.#projects = createInformer(client, this.#gvk(KINDS.appProject.kind), inNamespace);
    this.#projects.addHandlers({
      onAdd: (project) => this.#onProjectChange(project),
      onUpdate: (project) => this.#onProjectChange(project),
      onDelete: (project) => this.#onProjectChange(project),
    });
    this.#apps = createInformer(client, this.#gvk(KINDS.application.kind), inNamespace);
    this.#apps.addHandlers({
      onAdd: (app) => this.#enqueue(appKeyOf(app), true),
      onUpdate: (app, old) => {
        if (isSpecChange(app, old)) this.#enqueue(appKeyOf(app), true);
      },
      onDelete: (app) => this.#forgetApp(appKeyOf(app)),
    });
    await Promise.all([
      this.#secrets.start(),
      this.#projects.start(),
      this.#liveState.refreshDiscovery(true),
    ]);
    // Apps last: their first reconciles need projects and credentials in place.
    await this.#apps.start();
    logger.info({ apps: this.#apps.list().length }, 'caches synced');
    const workers = this.#runWorkersWhenLeading();
    signal.addEventListener('abort', () => this.#queue.shutDown(), { once: true });
    void workers.finally(async () => {
      this.#apps.stop();
      this.#projects.stop();
      this.#secrets.stop();
      this.#liveState.stop();
      await this.#repoCache.close();
      this.#resolveStopped();
    });
  }

  refreshApps(select: (app: KubeObject) => boolean): string[] {
    const apps = this.#apps.hasSynced ? this.#apps.list().filter(select) : [];
    for (const app of apps) {
      const repoURL = repoURLOf(app);
      if (repoURL !== undefined) this.#repoCache.expireRefs(repoURL);
      this.#enqueue(appKeyOf(app), true);
    }
    return apps.map(appKeyOf);
  }

  /** A standby keeps its caches warm for a fast takeover, but its queue only fills. */
  async #runWorkersWhenLeading(): Promise<void> {
    const { whenLeading, signal } = this.#options;
    if (whenLeading !== undefined && !(await isLeadingBeforeAbort(whenLeading, signal))) return;
    await runWorkers(
      this.#queue,
      this.#options.workers,
      (key) => this.#reconcileLogged(key),
      signal,
    );
  }

  #gvk(kind: string): { group: string; version: string; kind: string } {
    return { group: API_GROUP, version: API_VERSION, kind };
  }

  #enqueue(appKey: string, resolve: boolean): void {
    if (resolve) this.#resync.request(appKey);
    this.#queue.add(appKey);
  }

  #onSecretsChanged(): void {
    this.#credentials = credentialsFromSecrets(this.#secrets.list());
  }

  #onProjectChange(project: ManifestObject): void {
    if (!this.#apps.hasSynced) return;
    for (const app of this.#apps.list()) {
      const spec = app['spec'] as { project?: string } | undefined;
      if ((spec?.project ?? 'default') === project.metadata.name)
        this.#enqueue(appKeyOf(app), false);
    }
  }

  #onLiveChange(object: KubeObject): void {
    const owner = trackingOwner(object);
    if (owner !== undefined) this.#queue.add(owner.replace('_', '/'));
    for (const appKey of this.#desiredIndex.appsWanting(resourceKeyOf(object)))
      this.#queue.add(appKey);
  }

  #findProject(namespace: string, name: string): AppProject | undefined {
    const raw = this.#projects.get(namespace, name);
    if (!raw) return undefined;
    const validation = validateAppProject(raw);
    return validation.ok ? validation.project : undefined;
  }

  #forgetApp(appKey: string): void {
    this.#memory.delete(appKey);
    this.#resync.forget(appKey);
    this.#lastWrite.delete(appKey);
    this.#syncTriggers.forget(appKey);
    this.#syncWritten.delete(appKey);
    this.#desiredIndex.set(appKey, []);
    forgetAppMetrics(this.#options.metrics, appKey);
  }

  /** A throw makes the queue retry with backoff; the reason must reach the log first. */
  async #reconcileLogged(appKey: string): Promise<void> {
    try {
      await this.#reconcile(appKey);
    } catch (error) {
      this.#logger.warn({ app: appKey, err: describeError(error) }, 'reconcile failed');
      throw error;
    }
  }

  async #reconcile(appKey: string): Promise<void> {
    const [namespace = '', name = ''] = appKey.split('/');
    const raw = this.#apps.get(namespace, name);
    if (!raw) return;
    if (isBeingDeleted(raw)) {
      const progress = await cascadeDelete(raw, {
        client: this.#options.client,
        liveState: this.#liveState,
        logger: this.#logger.child({ app: appKey }),
      });
      if (progress === 'waiting') this.#queue.addAfter(appKey, 500);
      return;
    }
    const started = performance.now();
    const refresh = requestedRefresh(raw);
    const resolve = this.#resync.takeResolve(appKey, Date.now()) || refresh !== undefined;
    if (refresh === 'hard') dropRepoRenders(this.#renderCache, raw);
    let memory = this.#memory.get(appKey);
    if (!memory) this.#memory.set(appKey, (memory = {}));
    this.#reconcileCount += 1;
    const logger = this.#logger.child({ app: appKey, reconcileId: this.#reconcileCount });
    const previousRevision = memory.revision;
    const result = await reconcileApplication({ raw, memory, resolve }, this.#deps());
    if (previousRevision !== undefined && memory.revision !== previousRevision)
      this.#resolveSiblings(raw, memory.revision);
    const written = this.#syncWritten.get(appKey);
    if (written && !overlaySyncWritten(written, raw, result.status))
      this.#syncWritten.delete(appKey);
    if (result.desired) this.#desiredIndex.set(appKey, [...result.desired.objects.keys()]);
    const lastWrite = this.#lastWrite.get(appKey) ?? 0;
    const stale =
      Date.now() - lastWrite > Math.max(this.#options.resyncMs, RECONCILED_AT_REFRESH_MS);
    if (
      await writeStatusIfChanged(this.#options.client, raw, result.status, { force: stale, logger })
    )
      this.#lastWrite.set(appKey, Date.now());
    if (refresh !== undefined) await clearRefreshAnnotation(this.#options.client, raw);
    const seconds = (performance.now() - started) / 1000;
    recordAppReconcile(this.#options.metrics, raw, result.status, seconds);
    logReconciled(logger, result, seconds);
    this.#resync.afterReconcile(appKey, resolve, Date.now());
    if (result.retry) throw new Error(`${appKey}: reconcile failed, retrying with backoff`);
    await startTriggeredSync(
      {
        triggers: this.#syncTriggers,
        queue: this.#queue,
        ...this.#options,
        logger,
        onSyncStatusWritten: (key, written) => this.#syncWritten.set(key, written),
        compareAt: (appRaw, source) =>
          reconcileApplication({ raw: appRaw, memory: {}, resolve: true, source }, this.#deps()),
      },
      appKey,
      { ...raw, status: result.status },
      result,
    );
  }

  #deps(): ReconcileDeps {
    return {
      client: this.#options.client,
      repoCache: this.#repoCache,
      liveState: this.#liveState,
      renderCache: this.#renderCache,
      dryRunVerdicts: this.#dryRunVerdicts,
      metrics: this.#options.metrics,
      findProject: (namespace, name) => this.#findProject(namespace, name),
      now: () => Date.now(),
    };
  }

  /** Siblings still at an older revision ask Git too, instead of waiting for their poll. */
  #resolveSiblings(raw: KubeObject, revision: string | undefined): void {
    for (const app of findSiblingApps(this.#apps.list(), raw))
      if (this.#memory.get(appKeyOf(app))?.revision !== revision)
        this.#enqueue(appKeyOf(app), true);
  }
}
