/**
 * config — the only reader of argv and the environment. Turns them into one typed
 * command for main.ts to run; every other module receives plain options.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from './api/index.js';
import { parseDemoArgs, type DemoCommand } from './cli/demo-args.js';
import { LOG_FORMATS, type LogFormat } from './log/index.js';
import {
  LEADER_ELECTION_FLAG_SPEC,
  parseLeaderElection,
  type LeaderElectionFlags,
} from './config-leader-election.js';
import { INSTALL_NAMESPACE, UsageError } from './model/index.js';
import { APP_USAGE, parseAppArgs, type AppCommand } from './cli/app/app-args.js';
import { HEALTH_USAGE, parseHealthArgs, type HealthCommand } from './cli/health-args.js';

export type { AppCommand } from './cli/app/app-args.js';
export type { HealthCommand } from './cli/health-args.js';

export interface DevClusterCommand {
  command: 'dev-cluster';
  dataDir: string;
  workloads: boolean;
  port?: number;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
}

export interface BuildCommand {
  command: 'build';
  dir: string;
  cwd: string;
  loadRestriction: 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';
  enableManagedByLabel: boolean;
}

export interface RenderCommand {
  command: 'render';
  repoURL: string;
  revision: string;
  path: string;
  repoCacheDir: string;
  verbose: boolean;
  /** `--app NS/NAME`: stamp tracking metadata as the controller would for that app. */
  app?: { namespace: string; name: string };
}

export type { LeaderElectionFlags } from './config-leader-election.js';

export interface ControllerCommand {
  command: 'controller';
  /** Absent: in-cluster service account, else $KUBECONFIG / ~/.kube/config. */
  kubeconfig?: string;
  namespace: string;
  metricsAddr: string;
  workers: number;
  resyncMs: number;
  repoCacheDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  logFormat: LogFormat;
  /** `--webhook-secret`: the Secret in `namespace` holding the Git webhook secrets. */
  webhookSecret: string;
  /** `--leader-elect`: hold a Lease in `namespace` before reconciling; absent: no election. */
  leaderElection?: LeaderElectionFlags;
}

export interface HelpCommand {
  command: 'help';
  text: string;
}

export type { DemoCommand } from './cli/demo-args.js';

export type Command =
  | AppCommand
  | HealthCommand
  | BuildCommand
  | ControllerCommand
  | DemoCommand
  | DevClusterCommand
  | HelpCommand
  | RenderCommand;

export const USAGE = `usage: capstan <command> [flags]

commands:
  build DIR [--load-restrictor LoadRestrictionsRootOnly|LoadRestrictionsNone] [--enable-managedby-label]
      print what \`kustomize build DIR\` prints (Kustomize v5.5.0 compatible)
  render --repo URL [--revision REV] [--path P] [--repo-cache-dir DIR] [--app NS/NAME] [--verbose]
      fetch REV (default HEAD) of a Git repository over HTTP(S) and print what the
      controller would apply for an Application with that source; --app adds the
      tracking-id annotation and managed-by label the controller stamps for app NS/NAME
  controller [--kubeconfig K] [--namespace NS] [--metrics-addr ADDR] [--workers N]
             [--resync DURATION] [--repo-cache-dir DIR] [--log-level LEVEL] [--log-format json|text]
      watch Applications in NS (default capstan-system), compare them with the cluster,
      report sync and health in their status, and sync them (operation field, automated
      sync, self-heal, prune, hooks, waves, rollback, retry); /metrics, /healthz and /readyz on
      ADDR (default :8080); resync (Git poll) every DURATION (default 180s, +-10%);
      logs are JSON lines, or HH:MM:SS LEVEL msg key=value with --log-format text
  controller ... [--webhook-secret NAME]
      POST /api/webhook on ADDR takes GitHub, GitLab, Bitbucket Cloud and Gitea push
      webhooks, verified with the keys of Secret NAME in NS (default capstan-webhook:
      github.secret, gitlab.secret, bitbucket.uuid, bitbucket.secret, gitea.secret)
  controller ... [--leader-elect] [--leader-election-id NAME] [--leader-election-lease-duration D]
             [--leader-election-renew-deadline D] [--leader-election-retry-period D]
      with --leader-elect (default off), only the holder of Lease NAME (default
      capstan-controller) in NS reconciles; standbys keep caches warm and take over when the lease (default 15s)
      expires; renew deadline 10s, retry period 2s by default
  demo [--data-dir DIR] [--port N] [--keep] [--log-level LEVEL]
      dev cluster + local Git server (examples/guestbook) + controller + an automated app;
      prints what to try, runs until Ctrl-C; DIR (default .capstan/demo) is kept for a warm
      restart. Metrics on N (default 8080), Git on N+1, 0: free ports; --keep: keep repo edits
${APP_USAGE}${HEALTH_USAGE}  dev-cluster --data-dir DIR [--workloads] [--port N]
      start a local kube-apiserver + etcd (built from source once, then cached);
      writes DIR/kubeconfig, prints "ready", stops cleanly on Ctrl-C.
      --workloads also runs controller-manager, scheduler and a kwok fake node.
`;

/** Where Capstan caches what it builds: $CAPSTAN_CACHE_DIR, else $XDG_CACHE_HOME/capstan, else ~/.cache/capstan. */
export function resolveCacheDir(env: NodeJS.ProcessEnv): string {
  if (env['CAPSTAN_CACHE_DIR']) return resolve(env['CAPSTAN_CACHE_DIR']);
  const base = env['XDG_CACHE_HOME'] ? env['XDG_CACHE_HOME'] : join(homedir(), '.cache');
  return join(base, 'capstan');
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): Command {
  const [name, ...rest] = argv;
  switch (name) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help', text: USAGE };
    case 'dev-cluster':
      return parseDevCluster(rest, env);
    case 'build':
      return parseBuild(rest);
    case 'render':
      return parseRender(rest, env);
    case 'controller':
      return parseController(rest, env);
    case 'demo':
      return parseDemoArgs(rest, { cacheDir: resolveCacheDir(env), env });
    case 'app':
      return parseAppArgs(rest, {
        user: env['USER'] || env['USERNAME'] || 'capstan-cli',
        repoCacheDir: join(resolveCacheDir(env), 'repos'),
      });
    case 'health':
      return parseHealthArgs(rest);
    default:
      throw new UsageError(`unknown command "${name}"\n${USAGE}`);
  }
}

function parseDevCluster(argv: string[], env: NodeJS.ProcessEnv): DevClusterCommand {
  const { values } = parseStrict(argv, {
    'data-dir': { type: 'string' },
    workloads: { type: 'boolean', default: false },
    port: { type: 'string' },
  });
  const dataDir = values['data-dir'];
  if (typeof dataDir !== 'string' || dataDir === '')
    throw new UsageError('dev-cluster: --data-dir is required');
  const command: DevClusterCommand = {
    command: 'dev-cluster',
    dataDir: resolve(dataDir),
    workloads: values['workloads'] === true,
    cacheDir: resolveCacheDir(env),
    env,
  };
  const port = values['port'];
  if (typeof port === 'string') command.port = parsePort(port);
  return command;
}

function parseBuild(argv: string[]): BuildCommand {
  const { values, positionals } = parseWithPositionals(argv, {
    'load-restrictor': { type: 'string', default: 'LoadRestrictionsRootOnly' },
    'enable-managedby-label': { type: 'boolean', default: false },
  });
  if (positionals.length > 1) throw new UsageError('build: takes at most one directory');
  const restrictor = values['load-restrictor'];
  if (restrictor !== 'LoadRestrictionsRootOnly' && restrictor !== 'LoadRestrictionsNone') {
    throw new UsageError(
      'build: --load-restrictor must be LoadRestrictionsRootOnly or LoadRestrictionsNone',
    );
  }
  return {
    command: 'build',
    dir: positionals[0] ?? '.',
    cwd: process.cwd(),
    loadRestriction: restrictor,
    enableManagedByLabel: values['enable-managedby-label'] === true,
  };
}

function parseRender(argv: string[], env: NodeJS.ProcessEnv): RenderCommand {
  const { values } = parseStrict(argv, {
    repo: { type: 'string' },
    revision: { type: 'string', default: 'HEAD' },
    path: { type: 'string', default: '.' },
    'repo-cache-dir': { type: 'string' },
    verbose: { type: 'boolean', default: false },
    app: { type: 'string' },
  });
  const repo = values['repo'];
  const app = values['app'];
  const appMatch = typeof app === 'string' ? /^([a-z0-9-]+)\/([a-z0-9.-]+)$/u.exec(app) : null;
  if (typeof app === 'string' && !appMatch)
    throw new UsageError(`render: --app must be NAMESPACE/NAME, not "${app}"`);
  if (typeof repo !== 'string' || repo === '') throw new UsageError('render: --repo is required');
  const cacheDir = values['repo-cache-dir'];
  return {
    command: 'render',
    repoURL: repo,
    revision: typeof values['revision'] === 'string' ? values['revision'] : 'HEAD',
    path: typeof values['path'] === 'string' ? values['path'] : '.',
    repoCacheDir:
      typeof cacheDir === 'string' ? resolve(cacheDir) : join(resolveCacheDir(env), 'repos'),
    verbose: values['verbose'] === true,
    ...(appMatch ? { app: { namespace: appMatch[1] ?? '', name: appMatch[2] ?? '' } } : {}),
  };
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function parseController(argv: string[], env: NodeJS.ProcessEnv): ControllerCommand {
  const { values } = parseStrict(argv, {
    kubeconfig: { type: 'string' },
    namespace: { type: 'string', default: INSTALL_NAMESPACE },
    'metrics-addr': { type: 'string', default: ':8080' },
    workers: { type: 'string', default: '10' },
    resync: { type: 'string', default: '180s' },
    'repo-cache-dir': { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
    'log-format': { type: 'string', default: 'json' },
    'webhook-secret': { type: 'string', default: 'capstan-webhook' },
    ...LEADER_ELECTION_FLAG_SPEC,
  });
  const logFormat = parseLogFormat('controller', values['log-format']);
  const workers = Number(values['workers']);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256)
    throw new UsageError(`controller: --workers must be an integer from 1 to 256`);
  const resyncMs = parseDuration(String(values['resync']));
  if (resyncMs === undefined || resyncMs < 1000)
    throw new UsageError(
      `controller: --resync "${String(values['resync'])}" is not a duration of at least 1s`,
    );
  const logLevel = LOG_LEVELS.find((level) => level === values['log-level']);
  if (logLevel === undefined)
    throw new UsageError(`controller: --log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const cacheDir = values['repo-cache-dir'];
  const kubeconfig = values['kubeconfig'];
  return {
    command: 'controller',
    ...(typeof kubeconfig === 'string' ? { kubeconfig: resolve(kubeconfig) } : {}),
    namespace: String(values['namespace']),
    metricsAddr: String(values['metrics-addr']),
    workers,
    resyncMs,
    repoCacheDir:
      typeof cacheDir === 'string' ? resolve(cacheDir) : join(resolveCacheDir(env), 'repos'),
    logLevel,
    logFormat,
    webhookSecret: parseWebhookSecretName(values['webhook-secret']),
    ...(values['leader-elect'] === true ? { leaderElection: parseLeaderElection(values) } : {}),
  };
}

function parseWebhookSecretName(value: unknown): string {
  const name = String(value);
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/u.test(name))
    throw new UsageError(`controller: --webhook-secret "${name}" is not a valid Secret name`);
  return name;
}

function parseLogFormat(command: string, value: unknown): LogFormat {
  const format = LOG_FORMATS.find((f) => f === value);
  if (format === undefined)
    throw new UsageError(`${command}: --log-format must be one of ${LOG_FORMATS.join(', ')}`);
  return format;
}

function parseWithPositionals(
  argv: string[],
  options: FlagSpec,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

type FlagSpec = Record<string, { type: 'string' | 'boolean'; default?: boolean | string }>;

function parseStrict(
  argv: string[],
  options: FlagSpec,
): { values: Record<string, string | boolean | undefined> } {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--port: "${text}" is not a port number (1-65535)`);
  }
  return port;
}
