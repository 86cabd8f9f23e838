/**
 * Application → metric labels. The Application comes straight from the informer and may be
 * invalid, so every field is read defensively; a missing field becomes '' rather than a throw
 * (a metrics update must never fail a reconcile).
 */
import type { ApplicationStatus } from '../api/index.js';
import type { AppInfo, Metrics, SyncPhaseLabel } from '../metrics/index.js';
import type { Logger } from '../log/index.js';
import type { KubeObject } from '../model/index.js';
import { summarizeDrifts } from './compare-live.js';
import type { ReconcileResult } from './reconcile.js';

function readRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function readText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The labels of capstan_app_info that come from the Application itself. */
type AppLabelSource = Omit<AppInfo, 'syncStatus' | 'healthStatus'>;

function readAppLabels(app: KubeObject): AppLabelSource {
  const metadata = readRecord(app['metadata']);
  const spec = readRecord(app['spec']);
  const destination = readRecord(spec['destination']);
  const project = readText(spec['project']);
  // A destination given by cluster `name` has no server URL; the name is the bounded stand-in.
  const destServer = readText(destination['server']) || readText(destination['name']);
  return {
    name: readText(metadata['name']),
    namespace: readText(metadata['namespace']),
    project: project === '' ? 'default' : project,
    repo: readText(readRecord(spec['source'])['repoURL']),
    destServer,
    destNamespace: readText(destination['namespace']),
  };
}

/**
 * After a reconcile: sets the app's capstan_app_info series from the status just computed
 * and observes the reconcile's duration in capstan_app_reconcile.
 */
export function recordAppReconcile(
  metrics: Metrics,
  app: KubeObject,
  status: ApplicationStatus,
  seconds: number,
): void {
  const labels = readAppLabels(app);
  metrics.appInfo.setApp({
    ...labels,
    syncStatus: status.sync?.status ?? '',
    healthStatus: status.health?.status ?? '',
  });
  metrics.appReconcile.observe(
    { namespace: labels.namespace, dest_server: labels.destServer },
    seconds,
  );
}

/** When an Application is deleted: drops its capstan_app_info series. `appKey` is `namespace/name`. */
export function forgetAppMetrics(metrics: Metrics, appKey: string): void {
  const slash = appKey.indexOf('/');
  if (slash < 0) return;
  metrics.appInfo.removeApp({ namespace: appKey.slice(0, slash), name: appKey.slice(slash + 1) });
}

/** When a sync operation finishes: counts it in capstan_app_sync_total (Running is not counted). */
export function countAppSync(metrics: Metrics, app: KubeObject, phase: string): void {
  if (!isFinishedPhase(phase)) return;
  const { name, namespace, project } = readAppLabels(app);
  metrics.appSyncTotal.inc({ name, namespace, project, phase });
}

function isFinishedPhase(phase: string): phase is SyncPhaseLabel {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}

/** One debug line per reconcile: what it concluded and what it cost. */
export function logReconciled(logger: Logger, result: ReconcileResult, seconds: number): void {
  logger.debug(
    {
      revision: result.status.sync?.revision,
      sync: result.status.sync?.status,
      health: result.status.health?.status,
      seconds,
      dryRuns: result.comparison?.dryRuns,
      drifts: summarizeDrifts(result.comparison?.drifts),
    },
    'reconciled',
  );
}
