/**
 * The application controller's metrics, named and labelled like Argo CD's `argocd_app_*` so
 * that dashboards port by swapping the prefix. Labels are bounded: app names are as many as
 * the Applications, everything else is a small fixed vocabulary.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import { createAppInfoSeries, type AppInfoSeries } from './app-info.js';

/** `phase` of capstan_app_sync_total: only finished operations are counted, as in Argo CD. */
export type SyncPhaseLabel = 'Succeeded' | 'Failed' | 'Error';

/** `verb` of capstan_app_k8s_request_total; server-side apply is a Patch, as on the wire. */
export type KubeRequestVerb =
  'Get' | 'List' | 'Watch' | 'Create' | 'Update' | 'Patch' | 'Delete' | 'Unknown';

/** `source_type` of capstan_render_duration_seconds, Argo CD's ApplicationSourceType names. */
export type RenderSourceType = 'Kustomize' | 'Directory';

export type AppSyncLabel = 'name' | 'namespace' | 'project' | 'phase';
export type AppReconcileLabel = 'namespace' | 'dest_server';
export type KubeRequestLabel = 'verb' | 'resource_kind' | 'response_code';

export interface AppMetrics {
  /** capstan_app_info{name, namespace, project, repo, dest_server, dest_namespace, sync_status, health_status}. */
  readonly appInfo: AppInfoSeries;
  /** capstan_app_sync_total{name, namespace, project, phase}: finished sync operations. */
  readonly appSyncTotal: Counter<AppSyncLabel>;
  /** capstan_app_reconcile{namespace, dest_server}: reconcile duration in seconds. */
  readonly appReconcile: Histogram<AppReconcileLabel>;
  /** capstan_app_k8s_request_total{verb, resource_kind, response_code}: API server requests. */
  readonly appK8sRequestTotal: Counter<KubeRequestLabel>;
  /** capstan_render_duration_seconds{source_type}: manifest rendering time. */
  readonly renderDuration: Histogram<'source_type'>;
}

/**
 * Seconds, 1 ms .. 60 s: a cached no-change reconcile takes milliseconds, a first render of a
 * large overlay tens of seconds. Argo CD's own buckets (0.25 … 16) are all included, so a
 * dashboard that reads a particular `le` keeps working.
 */
export const APP_DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 30, 60,
];

/** A `response_code` label: the HTTP status, or `0` when no response arrived (network error, abort). */
export function formatResponseCode(status: number | undefined): string {
  if (status === undefined || !Number.isInteger(status) || status < 100 || status > 599) return '0';
  return String(status);
}

/** Counts one API server request in capstan_app_k8s_request_total. */
export function countKubeRequest(
  metrics: Pick<AppMetrics, 'appK8sRequestTotal'>,
  request: { verb: KubeRequestVerb; resourceKind: string; status: number | undefined },
): void {
  metrics.appK8sRequestTotal.inc({
    verb: request.verb,
    resource_kind: request.resourceKind,
    response_code: formatResponseCode(request.status),
  });
}

/** Defines the application controller's metrics in `registry`. */
export function defineAppMetrics(registry: Registry): AppMetrics {
  const registers = [registry];
  return {
    appInfo: createAppInfoSeries(registry),
    appSyncTotal: new Counter({
      name: 'capstan_app_sync_total',
      help:
        'Finished sync operations, by Application name, namespace, project and phase ' +
        '(Succeeded|Failed|Error).',
      labelNames: ['name', 'namespace', 'project', 'phase'] as const,
      registers,
    }),
    appReconcile: new Histogram({
      name: 'capstan_app_reconcile',
      help:
        'Application reconciliation (refresh, compare and any sync) duration in seconds, by ' +
        'Application namespace and destination server.',
      labelNames: ['namespace', 'dest_server'] as const,
      buckets: APP_DURATION_BUCKETS,
      registers,
    }),
    appK8sRequestTotal: new Counter({
      name: 'capstan_app_k8s_request_total',
      help:
        'Kubernetes API requests made by the controller, by verb (Get|List|Watch|Create|Update|' +
        'Patch|Delete), resource kind and HTTP response code (0 when no response arrived).',
      labelNames: ['verb', 'resource_kind', 'response_code'] as const,
      registers,
    }),
    renderDuration: new Histogram({
      name: 'capstan_render_duration_seconds',
      help: 'Time to render the manifests of one source in seconds, by source_type (Kustomize|Directory).',
      labelNames: ['source_type'] as const,
      buckets: APP_DURATION_BUCKETS,
      registers,
    }),
  };
}
