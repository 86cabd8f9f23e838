import type { Application } from '../../api/index.js';
import { deleteObject, type KubeClient } from '../../kube/index.js';
import { RESOURCES_FINALIZER } from '../../model/index.js';
import type { CommandIO } from '../io.js';
import type { AppCommand } from './app-args.js';
import { appRefOf, patchApp, pollApp, readApp, requireApp } from './app-client.js';

const CASCADE_FINALIZERS = new Set([
  RESOURCES_FINALIZER,
  `${RESOURCES_FINALIZER}/background`,
  `${RESOURCES_FINALIZER}/foreground`,
  'resources-finalizer.argocd.argoproj.io',
  'resources-finalizer.argocd.argoproj.io/background',
  'resources-finalizer.argocd.argoproj.io/foreground',
]);

/**
 * The finalizers the app should carry before it is deleted: cascade adds Capstan's resources
 * finalizer unless a cascade finalizer is there already; no cascade removes them all (Argo
 * CD's `--cascade=false`), so the managed objects stay. Undefined: no change needed.
 */
export function planFinalizers(app: Application, cascade: boolean): string[] | undefined {
  const current = app.metadata.finalizers ?? [];
  const hasCascade = current.some((finalizer) => CASCADE_FINALIZERS.has(finalizer));
  if (cascade) return hasCascade ? undefined : [...current, RESOURCES_FINALIZER];
  return hasCascade ? current.filter((finalizer) => !CASCADE_FINALIZERS.has(finalizer)) : undefined;
}

/** `capstan app delete NAME [--cascade=true|false] [--wait=true|false]`. */
export async function runAppDelete(
  command: AppCommand,
  client: KubeClient,
  io: CommandIO,
): Promise<number> {
  const app = await requireApp(client, command.namespace, command.name);
  const finalizers = planFinalizers(app, command.cascade);
  // The merge patch replaces the whole list; resourceVersion makes it fail rather than
  // drop a finalizer another client added in between.
  if (finalizers !== undefined)
    await patchApp(client, app, {
      metadata: { finalizers, resourceVersion: app.metadata.resourceVersion },
    });
  const outcome = await deleteObject(client, appRefOf(command.namespace, command.name));
  const name = `${command.namespace}/${command.name}`;
  if (outcome === 'notFound') {
    io.stderr(`capstan: application ${name} not found\n`);
    return 2;
  }
  if (!command.waitForDeletion) {
    io.stderr(`capstan: application ${name} deletion requested\n`);
    return 0;
  }
  const gone = await pollApp(
    () => readApp(client, command.namespace, command.name),
    (current) => (current === undefined ? true : undefined),
    { timeoutMs: command.timeoutMs, stopRequested: io.stopRequested },
  );
  if (gone.kind !== 'reached') {
    const conditions = gone.last?.status?.conditions?.map((c) => `${c.type}: ${c.message}`);
    io.stderr(
      `capstan: application ${name} still exists (finalizers ${JSON.stringify(gone.last?.metadata.finalizers ?? [])})${conditions?.length ? `; ${conditions.join('; ')}` : ''}\n`,
    );
    return 1;
  }
  io.stderr(`capstan: application ${name} deleted\n`);
  return 0;
}
