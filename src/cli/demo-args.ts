/**
 * `capstan demo …` argv → one typed DemoCommand. The caller (config.ts, the only reader of
 * argv and env) passes what comes from the environment: the cache dir and the env itself.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../model/index.js';

export interface DemoCommand {
  command: 'demo';
  dataDir: string;
  /** Port of the controller's /metrics; the Git server listens on the next one. 0: free ports. */
  port: number;
  /** Keep the example repository as an earlier run (or the user) left it. */
  keep: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  cacheDir: string;
  env: NodeJS.ProcessEnv;
}

const DEMO_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export function parseDemoArgs(
  argv: string[],
  fromEnv: { cacheDir: string; env: NodeJS.ProcessEnv },
): DemoCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string', default: '.capstan/demo' },
        port: { type: 'string', default: '8080' },
        keep: { type: 'boolean', default: false },
        'log-level': { type: 'string', default: 'info' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`demo: ${error instanceof Error ? error.message : String(error)}`);
  }
  const logLevel = DEMO_LOG_LEVELS.find((level) => level === values['log-level']);
  if (logLevel === undefined)
    throw new UsageError(`demo: --log-level must be one of ${DEMO_LOG_LEVELS.join(', ')}`);
  const dataDir = String(values['data-dir']);
  if (dataDir === '') throw new UsageError('demo: --data-dir must not be empty');
  return {
    command: 'demo',
    dataDir: resolve(dataDir),
    port: parseDemoPort(String(values['port'])),
    keep: values['keep'] === true,
    logLevel,
    ...fromEnv,
  };
}

/** 0 picks free ports; otherwise N+1 carries Git, so N may be at most 65534. */
function parseDemoPort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/u.test(text) || port > 65534)
    throw new UsageError(`demo: --port "${text}" must be 0 or a port number up to 65534`);
  return port;
}
