/**
 * Requesting an operation (sync, rollback) and waiting for its end: shared by `app sync` and
 * `app rollback`. The controller runs the operation and clears the `operation` field after it
 * wrote the final operationState, so "field gone and phase final" means ours has finished.
 */
import type { Application, Operation, OperationState, ResourceStatus } from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { CommandIO } from '../io.js';
import type { AppCommand } from './app-args.js';
import { patchApp, pollApp, readApp } from './app-client.js';
import { formatData, formatFields } from './format-output.js';
import { formatSyncResultTable } from './get.js';

/** Why a new operation must not be requested now, or undefined when it may. */
export function describeOperationInProgress(app: Application): string | undefined {
  const name = `${app.metadata.namespace ?? ''}/${app.metadata.name}`;
  if (app.operation !== undefined)
    return `application ${name}: another operation is already requested (operation field is set)`;
  if (app.status?.operationState?.phase === 'Running')
    return `application ${name}: another operation is in progress (${app.status.operationState.message ?? 'Running'})`;
  return undefined;
}

export function isFinalPhase(state: OperationState | undefined): boolean {
  return state !== undefined && state.phase !== 'Running' && state.phase !== 'Terminating';
}

/**
 * Sets `operation` (merge patch), then unless `async` waits for its final state and prints it.
 * Exit code: 0 Succeeded (or async), 1 Failed/Error/timeout, refused operations 1.
 */
export async function requestOperation(
  command: AppCommand,
  client: KubeClient,
  io: CommandIO,
  operation: Operation,
): Promise<number> {
  const current = await readApp(client, command.namespace, command.name);
  if (!current) {
    io.stderr(`capstan: application ${command.namespace}/${command.name} not found\n`);
    return 2;
  }
  const busy = describeOperationInProgress(current);
  if (busy) {
    io.stderr(`capstan: ${busy}\n`);
    return 1;
  }
  await patchApp(client, current, { operation });
  if (command.sync.async) {
    io.stderr(`capstan: operation requested on ${command.namespace}/${command.name}\n`);
    return 0;
  }
  const outcome = await pollApp(
    () => readApp(client, command.namespace, command.name),
    (app) => (app && !app.operation && isFinalPhase(app.status?.operationState) ? app : undefined),
    { timeoutMs: command.timeoutMs, stopRequested: io.stopRequested },
  );
  if (outcome.kind !== 'reached') {
    const phase = outcome.last?.status?.operationState;
    io.stderr(
      `capstan: ${command.namespace}/${command.name}: operation not finished ${outcome.kind === 'stopped' ? '(interrupted)' : `after ${String(command.timeoutMs / 1000)}s`}; last seen ${phase ? `${phase.phase}: ${phase.message ?? ''}` : 'no operation state'}\n`,
    );
    return 1;
  }
  const state = outcome.value?.status?.operationState;
  if (command.output === 'table')
    io.stdout(formatOperationResult(state, outcome.value?.status?.resources));
  else io.stdout(formatData(state ?? null, command.output));
  return state?.phase === 'Succeeded' ? 0 : 1;
}

export function formatOperationResult(
  state: OperationState | undefined,
  resources: readonly ResourceStatus[] = [],
): string {
  if (!state) return '';
  const fields: [string, string][] = [
    ['Operation', state.operation.sync?.dryRun === true ? 'Sync (dry run)' : 'Sync'],
    ['Sync Revision', state.syncResult?.revision ?? ''],
    ['Phase', state.phase],
    ['Start', state.startedAt ?? ''],
    ['Finished', state.finishedAt ?? ''],
    ['Message', state.message ?? ''],
  ];
  return `${formatFields(fields)}\n${formatSyncResultTable(state.syncResult?.resources ?? [], resources)}`;
}
