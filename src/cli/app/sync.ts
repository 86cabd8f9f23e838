import type { Operation, SyncOperation } from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { CommandIO } from '../io.js';
import type { AppCommand } from './app-args.js';
import { requestOperation } from './operation.js';

/** The `operation` field `capstan app sync` sets (Argo CD's shape). */
export function buildSyncOperation(command: AppCommand): Operation {
  const sync: SyncOperation = {};
  if (command.sync.revision !== undefined) sync.revision = command.sync.revision;
  if (command.sync.prune) sync.prune = true;
  if (command.sync.dryRun) sync.dryRun = true;
  if (command.sync.resources.length > 0)
    sync.resources = command.sync.resources.map((selector) => ({
      group: selector.group,
      kind: selector.kind,
      name: selector.name,
      ...(selector.namespace !== undefined ? { namespace: selector.namespace } : {}),
    }));
  return { sync, initiatedBy: { username: command.user } };
}

/** `capstan app sync NAME`: request a sync, wait for it, print its result. */
export function runAppSync(
  command: AppCommand,
  client: KubeClient,
  io: CommandIO,
): Promise<number> {
  return requestOperation(command, client, io, buildSyncOperation(command));
}
