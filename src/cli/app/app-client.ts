/**
 * The few API calls every `capstan app` command makes, through kube/ only: read, list and
 * merge-patch Applications, and poll one until a predicate holds or a deadline passes.
 */
import type { Application } from '../../api/index.js';
import {
  getObject,
  listObjects,
  patchObject,
  type KubeClient,
  type ObjectRef,
} from '../../kube/index.js';
import { API_GROUP, API_GROUP_VERSION, API_VERSION, CapstanError } from '../../model/index.js';

/** Expected failures of an app command that are not usage mistakes: exit code 2. */
export class AppCommandError extends CapstanError {
  constructor(message: string) {
    super('Kube', message);
  }
}

export function appRefOf(namespace: string, name: string): ObjectRef {
  return { apiVersion: API_GROUP_VERSION, kind: 'Application', namespace, name };
}

export async function readApp(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<Application | undefined> {
  const object = await getObject(client, appRefOf(namespace, name));
  return object as unknown as Application | undefined;
}

/** Reads an app that must exist: a missing one is an AppCommandError naming it. */
export async function requireApp(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<Application> {
  const app = await readApp(client, namespace, name);
  if (!app) throw new AppCommandError(`application ${namespace}/${name} not found`);
  return app;
}

export async function listApps(client: KubeClient, namespace: string): Promise<Application[]> {
  const list = await listObjects(
    client,
    { group: API_GROUP, version: API_VERSION, kind: 'Application' },
    { namespace },
  );
  const apps = list.items as unknown as Application[];
  return apps.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

export async function patchApp(
  client: KubeClient,
  app: Application,
  patch: Record<string, unknown>,
): Promise<Application> {
  const ref = appRefOf(app.metadata.namespace ?? '', app.metadata.name);
  return (await patchObject(client, ref, patch, 'merge')) as unknown as Application;
}

export interface PollOptions {
  /** 0 = no limit. */
  timeoutMs: number;
  intervalMs?: number;
  /** Resolves when the user interrupts (Ctrl-C): polling stops as on a timeout. */
  stopRequested?: Promise<unknown>;
}

export type PollOutcome<T> =
  { kind: 'reached'; value: T } | { kind: 'timedOut' | 'stopped'; last: T | undefined };

/**
 * Reads the app every interval until `until` returns a value (not undefined). The last app
 * seen is returned on a timeout so the caller can say what it was waiting for.
 */
export async function pollApp<T>(
  read: () => Promise<Application | undefined>,
  until: (app: Application | undefined) => T | undefined,
  options: PollOptions,
): Promise<PollOutcome<Application | undefined> & { result?: T }> {
  const deadline = options.timeoutMs > 0 ? performance.now() + options.timeoutMs : Infinity;
  const stop = { requested: false };
  void options.stopRequested?.then(() => (stop.requested = true));
  for (;;) {
    const app = await read();
    const result = until(app);
    if (result !== undefined) return { kind: 'reached', value: app, result };
    if (stop.requested) return { kind: 'stopped', last: app };
    const remaining = deadline - performance.now();
    if (remaining <= 0) return { kind: 'timedOut', last: app };
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(options.intervalMs ?? 250, remaining)),
    );
  }
}
