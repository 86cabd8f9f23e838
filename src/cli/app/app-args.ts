/**
 * `capstan app …` argv → one typed AppCommand. Pure apart from node:util's parser: the
 * caller (config.ts, the only reader of argv and env) passes the defaults that come from the
 * environment (user name, repo cache directory).
 */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../api/index.js';
import { INSTALL_NAMESPACE, UsageError } from '../../model/index.js';

export const APP_ACTIONS = [
  'list',
  'get',
  'diff',
  'sync',
  'rollback',
  'refresh',
  'wait',
  'history',
  'delete',
] as const;
export type AppAction = (typeof APP_ACTIONS)[number];

export const APP_USAGE = `  app list|get|diff|sync|rollback|refresh|wait|history|delete [NAME] [--kubeconfig K]
      [-n NAMESPACE] [-o table|json|yaml]
      Applications in NAMESPACE (default capstan-system), straight from the API server:
        sync NAME [--prune] [--dry-run] [--revision R] [--resource GROUP:KIND:NAME]...
                  [--async] [--timeout D]
        rollback NAME [ID] [--prune] [--async] [--timeout D]
        refresh NAME [--hard] [--timeout D]
        wait NAME [--health] [--sync] [--operation] [--timeout D]
        delete NAME [--cascade=true|false] [--wait=true|false] [--timeout D]
        diff NAME [--repo-cache-dir DIR]
      exit 0 ok; 1 differences, sync failed, wait timed out; 2 usage or API errors
`;

export type OutputFormat = 'table' | 'json' | 'yaml';

/** One `--resource GROUP:KIND:NAME` (or `GROUP:KIND:NAMESPACE/NAME`); core group is empty. */
export interface ResourceSelector {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface AppCommand {
  command: 'app';
  action: AppAction;
  /** Empty for `list`. */
  name: string;
  kubeconfig?: string;
  namespace: string;
  output: OutputFormat;
  /** Who `initiatedBy.username` names in an operation. */
  user: string;
  repoCacheDir: string;
  /** sync, wait, refresh, delete: how long to wait (ms); 0 = no limit. */
  timeoutMs: number;
  sync: {
    prune: boolean;
    dryRun: boolean;
    revision?: string;
    resources: ResourceSelector[];
    async: boolean;
  };
  /** rollback: the history id; absent = the entry before the current one. */
  historyId?: number;
  hard: boolean;
  wait: { health: boolean; sync: boolean; operation: boolean };
  cascade: boolean;
  waitForDeletion: boolean;
}

export interface AppArgDefaults {
  user: string;
  repoCacheDir: string;
}

const DEFAULT_TIMEOUT = '5m';

const FLAGS = {
  kubeconfig: { type: 'string' },
  namespace: { type: 'string', short: 'n', default: INSTALL_NAMESPACE },
  output: { type: 'string', short: 'o', default: 'table' },
  'repo-cache-dir': { type: 'string' },
  timeout: { type: 'string', default: DEFAULT_TIMEOUT },
  prune: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  revision: { type: 'string' },
  resource: { type: 'string', multiple: true },
  async: { type: 'boolean', default: false },
  hard: { type: 'boolean', default: false },
  health: { type: 'boolean', default: false },
  sync: { type: 'boolean', default: false },
  operation: { type: 'boolean', default: false },
  cascade: { type: 'string', default: 'true' },
  wait: { type: 'string', default: 'true' },
} as const;

/** Flags each action accepts besides --kubeconfig, -n and -o. */
const ACTION_FLAGS: Record<AppAction, readonly (keyof typeof FLAGS)[]> = {
  list: [],
  get: [],
  history: [],
  diff: ['repo-cache-dir'],
  sync: ['prune', 'dry-run', 'revision', 'resource', 'async', 'timeout'],
  rollback: ['prune', 'async', 'timeout'],
  refresh: ['hard', 'timeout'],
  wait: ['health', 'sync', 'operation', 'timeout'],
  delete: ['cascade', 'wait', 'timeout'],
};

const COMMON_FLAGS = new Set(['kubeconfig', 'namespace', 'output']);

export function parseAppArgs(argv: readonly string[], defaults: AppArgDefaults): AppCommand {
  const [actionText, ...rest] = argv;
  const action = APP_ACTIONS.find((candidate) => candidate === actionText);
  if (action === undefined)
    throw new UsageError(
      `app: expected one of ${APP_ACTIONS.join('|')}${actionText === undefined ? '' : `, not "${actionText}"`}`,
    );
  const { values, positionals } = parseAppFlags(rest);
  rejectForeignFlags(action, rest, values);
  const [name, extra, ...others] = positionals;
  checkPositionals(action, name, extra, others.length);
  const output = parseOutput(values.output);
  const command: AppCommand = {
    command: 'app',
    action,
    name: name ?? '',
    namespace: values.namespace,
    output,
    user: defaults.user,
    repoCacheDir:
      typeof values['repo-cache-dir'] === 'string'
        ? values['repo-cache-dir']
        : defaults.repoCacheDir,
    timeoutMs: parseTimeout(values.timeout),
    sync: {
      prune: values.prune,
      dryRun: values['dry-run'],
      resources: (values.resource ?? []).map(parseResourceSelector),
      async: values.async,
      ...(typeof values.revision === 'string' ? { revision: values.revision } : {}),
    },
    hard: values.hard,
    wait: {
      health: values.health,
      sync: values.sync,
      operation: values.operation,
    },
    cascade: parseBooleanFlag('cascade', values.cascade),
    waitForDeletion: parseBooleanFlag('wait', values.wait),
  };
  if (typeof values.kubeconfig === 'string') command.kubeconfig = values.kubeconfig;
  if (action === 'rollback' && extra !== undefined) command.historyId = parseHistoryId(extra);
  return command;
}

function parseAppFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(`app: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** One flag table keeps parsing simple; a flag meant for another action is still a mistake. */
function rejectForeignFlags(action: AppAction, argv: string[], values: object): void {
  const allowed = new Set<string>([...COMMON_FLAGS, ...ACTION_FLAGS[action]]);
  for (const flag of Object.keys(values)) {
    if (allowed.has(flag)) continue;
    const given = argv.some((arg) => arg === `--${flag}` || arg.startsWith(`--${flag}=`));
    if (given) throw new UsageError(`app ${action}: unknown flag --${flag}`);
  }
}

function checkPositionals(
  action: AppAction,
  name: string | undefined,
  extra: string | undefined,
  more: number,
): void {
  if (action === 'list') {
    if (name !== undefined) throw new UsageError('app list: takes no arguments');
    return;
  }
  if (name === undefined || name === '') throw new UsageError(`app ${action}: NAME is required`);
  const maxExtra = action === 'rollback' ? 1 : 0;
  if ((extra !== undefined ? 1 : 0) + more > maxExtra)
    throw new UsageError(`app ${action}: too many arguments`);
}

function parseOutput(text: string): OutputFormat {
  if (text === 'table' || text === 'json' || text === 'yaml') return text;
  throw new UsageError(`app: -o must be table, json or yaml, not "${text}"`);
}

function parseTimeout(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`app: --timeout "${text}" is not a duration`);
  return ms;
}

function parseBooleanFlag(flag: string, text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new UsageError(`app: --${flag} must be true or false, not "${text}"`);
}

function parseHistoryId(text: string): number {
  const id = Number(text);
  if (!/^[0-9]+$/u.test(text) || !Number.isSafeInteger(id))
    throw new UsageError(`app rollback: ID must be a history id (a number), not "${text}"`);
  return id;
}

/** `apps:Deployment:web`, `:ConfigMap:settings`, `apps:Deployment:prod/web`. */
export function parseResourceSelector(text: string): ResourceSelector {
  const parts = text.split(':');
  const [group, kind, target] = parts;
  if (parts.length !== 3 || !kind || !target)
    throw new UsageError(
      `app sync: --resource must be GROUP:KIND:NAME or GROUP:KIND:NAMESPACE/NAME, not "${text}"`,
    );
  const slash = target.indexOf('/');
  if (slash < 0) return { group: group ?? '', kind, name: target };
  const namespace = target.slice(0, slash);
  const name = target.slice(slash + 1);
  if (name === '' || namespace === '' || name.includes('/'))
    throw new UsageError(`app sync: --resource "${text}" has an invalid NAMESPACE/NAME`);
  return { group: group ?? '', kind, name, namespace };
}
