import type { KubeClient } from '../../kube/index.js';
import { ANNOTATION } from '../../model/index.js';
import type { CommandIO } from '../io.js';
import type { AppCommand } from './app-args.js';
import { patchApp, pollApp, readApp, requireApp } from './app-client.js';
import { formatData } from './format-output.js';
import { formatAppDetails } from './get.js';

/**
 * `capstan app refresh NAME [--hard]`: sets `capstan.dev/refresh`, waits until the controller
 * has handled it (it removes the annotation after the comparison) and prints the app.
 */
export async function runAppRefresh(
  command: AppCommand,
  client: KubeClient,
  io: CommandIO,
): Promise<number> {
  const app = await requireApp(client, command.namespace, command.name);
  const level = command.hard ? 'hard' : 'normal';
  await patchApp(client, app, { metadata: { annotations: { [ANNOTATION.refresh]: level } } });
  const outcome = await pollApp(
    () => readApp(client, command.namespace, command.name),
    (current) =>
      current?.metadata.annotations?.[ANNOTATION.refresh] === undefined
        ? (current ?? null)
        : undefined,
    { timeoutMs: command.timeoutMs, stopRequested: io.stopRequested },
  );
  if (outcome.kind !== 'reached') {
    io.stderr(
      `capstan: ${command.namespace}/${command.name}: the controller has not handled the ${level} refresh ${outcome.kind === 'stopped' ? '(interrupted)' : `within ${String(command.timeoutMs / 1000)}s`}; is it running?\n`,
    );
    return 1;
  }
  const refreshed = outcome.value;
  if (!refreshed) {
    io.stderr(`capstan: application ${command.namespace}/${command.name} was deleted\n`);
    return 1;
  }
  if (command.output === 'table') io.stdout(formatAppDetails(refreshed));
  else io.stdout(formatData(refreshed, command.output));
  return 0;
}
