/**
 * capstan_app_info: one series per Application whose labels carry its state. Prometheus
 * identifies a series by all of its labels, so when an app's sync or health status changes
 * the old combination must be removed, or dashboards would count the app twice (once
 * "OutOfSync", once "Synced") until the process restarts.
 */
import { Gauge, type Registry } from 'prom-client';

export type AppInfoLabel =
  | 'name'
  | 'namespace'
  | 'project'
  | 'repo'
  | 'dest_server'
  | 'dest_namespace'
  | 'sync_status'
  | 'health_status';

/** What capstan_app_info says about one Application. */
export interface AppInfo {
  readonly name: string;
  readonly namespace: string;
  readonly project: string;
  /** The source repository URL; any `user:password@` in it is dropped before it becomes a label. */
  readonly repo: string;
  readonly destServer: string;
  readonly destNamespace: string;
  /** `Synced`, `OutOfSync` or `Unknown`; empty means not compared yet and is shown as `Unknown`. */
  readonly syncStatus: string;
  /** `Healthy`, `Progressing`, …; empty means not assessed yet and is shown as `Unknown`. */
  readonly healthStatus: string;
}

/** Identifies an Application: the key its capstan_app_info series is tracked under. */
export interface AppRef {
  readonly namespace: string;
  readonly name: string;
}

/** The capstan_app_info gauge plus the bookkeeping that keeps exactly one series per app. */
export interface AppInfoSeries {
  readonly gauge: Gauge<AppInfoLabel>;
  /** Sets the app's series to 1, first removing its previous series if any label changed. */
  setApp(info: AppInfo): void;
  /** Removes the app's series (the Application was deleted or is no longer ours). */
  removeApp(ref: AppRef): void;
  /** How many apps currently have a series. */
  readonly size: number;
}

type AppInfoLabels = Record<AppInfoLabel, string>;

/** `https://user:token@host/x` → `https://host/x`: a credential must never become a label. */
export function stripURLCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/iu, '$1');
}

function toAppInfoLabels(info: AppInfo): AppInfoLabels {
  return {
    name: info.name,
    namespace: info.namespace,
    project: info.project,
    repo: stripURLCredentials(info.repo),
    dest_server: info.destServer,
    dest_namespace: info.destNamespace,
    sync_status: info.syncStatus === '' ? 'Unknown' : info.syncStatus,
    health_status: info.healthStatus === '' ? 'Unknown' : info.healthStatus,
  };
}

function haveSameLabels(a: AppInfoLabels, b: AppInfoLabels): boolean {
  return (Object.keys(a) as AppInfoLabel[]).every((label) => a[label] === b[label]);
}

/** Defines capstan_app_info in `registry` and returns it with its per-app series bookkeeping. */
export function createAppInfoSeries(registry: Registry): AppInfoSeries {
  const gauge = new Gauge<AppInfoLabel>({
    name: 'capstan_app_info',
    help:
      'Information about an Application: always 1, one series per app, labels name, namespace, ' +
      'project, repo (URL without credentials), dest_server, dest_namespace, sync_status ' +
      '(Synced|OutOfSync|Unknown) and health_status (Healthy|Progressing|Degraded|Suspended|' +
      'Missing|Unknown).',
    labelNames: [
      'name',
      'namespace',
      'project',
      'repo',
      'dest_server',
      'dest_namespace',
      'sync_status',
      'health_status',
    ] as const,
    registers: [registry],
  });
  // `/` cannot occur in a Kubernetes namespace, so the key is unambiguous.
  const current = new Map<string, AppInfoLabels>();
  const keyOf = (ref: AppRef): string => `${ref.namespace}/${ref.name}`;
  return {
    gauge,
    setApp(info) {
      const labels = toAppInfoLabels(info);
      const key = keyOf(info);
      const previous = current.get(key);
      if (previous !== undefined && !haveSameLabels(previous, labels)) gauge.remove(previous);
      current.set(key, labels);
      gauge.set(labels, 1);
    },
    removeApp(ref) {
      const key = keyOf(ref);
      const previous = current.get(key);
      if (previous === undefined) return;
      gauge.remove(previous);
      current.delete(key);
    },
    get size() {
      return current.size;
    },
  };
}
