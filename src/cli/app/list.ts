import type { Application } from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { CommandIO } from '../io.js';
import type { AppCommand } from './app-args.js';
import { listApps } from './app-client.js';
import { formatData, formatTable, shortRevision } from './format-output.js';

const LIST_HEADER = ['NAME', 'SYNC', 'HEALTH', 'REVISION', 'PROJECT', 'REPO', 'PATH', 'TARGET'];

/** One row of `capstan app list`, as `argocd app list` shows an app. */
export function describeAppRow(app: Application): string[] {
  const source = app.spec.source;
  return [
    app.metadata.name,
    app.status?.sync?.status ?? 'Unknown',
    app.status?.health?.status ?? 'Unknown',
    shortRevision(app.status?.sync?.revision),
    app.spec.project ?? 'default',
    source.repoURL,
    source.path ?? '',
    source.targetRevision ?? 'HEAD',
  ];
}

/** `capstan app list`: every Application of the namespace. */
export async function runAppList(
  command: AppCommand,
  client: KubeClient,
  io: CommandIO,
): Promise<number> {
  const apps = await listApps(client, command.namespace);
  if (command.output === 'table') io.stdout(formatTable(LIST_HEADER, apps.map(describeAppRow)));
  else io.stdout(formatData(apps, command.output));
  return 0;
}
