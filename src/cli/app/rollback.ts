import type { Application, RevisionHistory } from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { CommandIO } from '../io.js';
import type { AppCommand } from './app-args.js';
import { requireApp } from './app-client.js';
import { requestOperation } from './operation.js';

/**
 * The history entry to go back to: the one with `id`, or without an id the one before the
 * latest (what `argocd app rollback NAME` picks). A string says why there is none.
 */
export function pickRollbackEntry(
  app: Application,
  id: number | undefined,
): RevisionHistory | string {
  const history = app.status?.history ?? [];
  if (id !== undefined) {
    const entry = history.find((candidate) => candidate.id === id);
    return (
      entry ??
      `history has no entry ${String(id)} (ids: ${history.map((e) => e.id).join(', ') || 'none'})`
    );
  }
  const previous = history[history.length - 2];
  return previous ?? 'history has no previous deployment to roll back to';
}

/** `capstan app rollback NAME [ID]`: sync the revision and source of a history entry. */
export async function runAppRollback(
  command: AppCommand,
  client: KubeClient,
  io: CommandIO,
): Promise<number> {
  const app = await requireApp(client, command.namespace, command.name);
  const entry = pickRollbackEntry(app, command.historyId);
  if (typeof entry === 'string') {
    io.stderr(`capstan: ${command.namespace}/${command.name}: ${entry}\n`);
    return 1;
  }
  return requestOperation(command, client, io, {
    sync: {
      revision: entry.revision,
      ...(entry.source ? { source: entry.source } : {}),
      ...(command.sync.prune ? { prune: true } : {}),
    },
    initiatedBy: { username: command.user },
  });
}
