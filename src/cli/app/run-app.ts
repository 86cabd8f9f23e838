/**
 * `capstan app …`: connects to the cluster of the kubeconfig (like `argocd --core`, no server
 * in between) and runs one subcommand. Exit codes (docs/cli.md): 0 ok; 1 the command's own
 * failure (differences found, sync failed, wait timed out, operation refused); 2 usage,
 * connection or API errors and unknown applications.
 */
import { connectKube, type KubeClient } from '../../kube/index.js';
import { describeError } from '../../model/index.js';
import type { CommandIO } from '../io.js';
import type { AppAction, AppCommand } from './app-args.js';
type AppRunner = (command: AppCommand, client: KubeClient, io: CommandIO) => Promise<number>;

/** Loaded on demand: `app list` must not pay for the Git and render code that `diff` needs. */
const RUNNERS: Record<AppAction, () => Promise<AppRunner>> = {
  list: async () => (await import('./list.js')).runAppList,
  get: async () => (await import('./get.js')).runAppGet,
  diff: async () => (await import('./diff.js')).runAppDiff,
  sync: async () => (await import('./sync.js')).runAppSync,
  rollback: async () => (await import('./rollback.js')).runAppRollback,
  refresh: async () => (await import('./refresh.js')).runAppRefresh,
  wait: async () => (await import('./wait.js')).runAppWait,
  history: async () => (await import('./history.js')).runAppHistory,
  delete: async () => (await import('./delete.js')).runAppDelete,
};

export async function runApp(command: AppCommand, io: CommandIO): Promise<number> {
  try {
    const client = connectKube(command.kubeconfig);
    const run = await RUNNERS[command.action]();
    return await run(command, client, io);
  } catch (error) {
    io.stderr(
      `capstan: app ${command.action}: ${describeError(error).replace(/\s*\n\s*/gu, ' ')}\n`,
    );
    return 2;
  }
}
