import type { Application, RevisionHistory } from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { CommandIO } from '../io.js';
import type { AppCommand } from './app-args.js';
import { requireApp } from './app-client.js';
import { formatData, formatTable } from './format-output.js';

const HISTORY_HEADER = ['ID', 'DATE', 'REVISION', 'INITIATED BY'];

/** Who started a deployment: the user name, `automated`, or empty when unknown. */
function describeInitiator(entry: RevisionHistory): string {
  if (entry.initiatedBy?.username) return entry.initiatedBy.username;
  return entry.initiatedBy?.automated === true ? 'automated' : '';
}

export function formatHistoryTable(app: Application): string {
  const rows = (app.status?.history ?? []).map((entry) => [
    String(entry.id),
    entry.deployedAt ?? '',
    entry.revision,
    describeInitiator(entry),
  ]);
  return formatTable(HISTORY_HEADER, rows);
}

/** `capstan app history NAME`: the deployments in status.history, oldest first. */
export async function runAppHistory(
  command: AppCommand,
  client: KubeClient,
  io: CommandIO,
): Promise<number> {
  const app = await requireApp(client, command.namespace, command.name);
  if (command.output === 'table') io.stdout(formatHistoryTable(app));
  else io.stdout(formatData(app.status?.history ?? [], command.output));
  return 0;
}
