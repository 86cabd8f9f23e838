/**
 * The composition root: parse the command line once, run one command, map failures to
 * a single line on stderr and an exit code (2 for usage, 1 for everything else).
 */
import type { CommandIO } from './cli/index.js';
import { parseCommandLine, type Command } from './config.js';
import { UsageError, describeError } from './model/index.js';

function makeIO(): CommandIO {
  const stopRequested = new Promise<string>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => resolve(signal));
  });
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stopRequested,
  };
}

async function runCommand(command: Command, io: CommandIO): Promise<number> {
  switch (command.command) {
    case 'help':
      io.stdout(command.text);
      return 0;
    // Each command loads only its own code: `capstan build` must not pay for the
    // Kubernetes client's start-up.
    case 'dev-cluster':
      return (await import('./cli/dev-cluster.js')).runDevCluster(command, io);
    case 'build':
      return (await import('./cli/build.js')).runBuild(command, io);
    case 'render':
      return (await import('./cli/render.js')).runRender(command, io);
    case 'controller':
      return (await import('./cli/controller.js')).runController(command, io);
    case 'app':
      return (await import('./cli/app/run-app.js')).runApp(command, io);
    case 'health':
      return (await import('./cli/health.js')).runHealth(command, io);
    case 'demo':
      return (await import('./cli/demo.js')).runDemo(command, io);
  }
}

async function main(): Promise<number> {
  const io = makeIO();
  try {
    return await runCommand(parseCommandLine(process.argv.slice(2), process.env), io);
  } catch (err) {
    // One line per failure: the message of a nested YAML or API error may span several.
    io.stderr(`capstan: ${describeError(err).replace(/\s*\n\s*/g, ' ')}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main();
