import type { Application } from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { CommandIO } from '../io.js';
import type { AppCommand } from './app-args.js';
import { pollApp, readApp } from './app-client.js';
import { formatData, formatTable } from './format-output.js';
import { listAppConditions } from './wait-conditions.js';

/**
 * `capstan app wait NAME [--health] [--sync] [--operation]`: poll until every asked condition
 * holds (none asked: all three, as `argocd app wait`). Exit 0 when they do, 1 on timeout with
 * what was last seen.
 */
export async function runAppWait(
  command: AppCommand,
  client: KubeClient,
  io: CommandIO,
): Promise<number> {
  const name = `${command.namespace}/${command.name}`;
  // As `argocd app wait`: a name that does not exist is an error, not something to wait for.
  if ((await readApp(client, command.namespace, command.name)) === undefined) {
    io.stderr(`capstan: application ${name} not found\n`);
    return 2;
  }
  const outcome = await pollApp(
    () => readApp(client, command.namespace, command.name),
    (app) => (app && listAppConditions(app, command.wait).every((c) => c.met) ? app : undefined),
    { timeoutMs: command.timeoutMs, stopRequested: io.stopRequested },
  );
  if (outcome.kind === 'reached') {
    if (outcome.value) printState(command, io, outcome.value);
    return 0;
  }
  const last = outcome.last;
  const unmet = last
    ? listAppConditions(last, command.wait)
        .filter((c) => !c.met)
        .map((c) => `${c.name} is ${c.seen}`)
        .join(', ')
    : 'the application does not exist';
  const why =
    outcome.kind === 'stopped'
      ? 'interrupted'
      : `timed out after ${String(command.timeoutMs / 1000)}s`;
  io.stderr(`capstan: ${name}: ${why}: ${unmet}\n`);
  return 1;
}

function printState(command: AppCommand, io: CommandIO, app: Application): void {
  const rows = listAppConditions(app, command.wait).map((c) => [c.name, c.seen]);
  if (command.output === 'table') io.stdout(formatTable(['CONDITION', 'STATE'], rows));
  else io.stdout(formatData(app, command.output));
}
