import type { Application, ResourceResult, ResourceStatus } from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { CommandIO } from '../io.js';
import type { AppCommand } from './app-args.js';
import { requireApp } from './app-client.js';
import { formatData, formatFields, formatTable } from './format-output.js';

const RESOURCE_HEADER = [
  'GROUP',
  'KIND',
  'NAMESPACE',
  'NAME',
  'STATUS',
  'HEALTH',
  'HOOK',
  'MESSAGE',
];

const keyOf = (r: { group?: string; kind?: string; namespace?: string; name?: string }): string =>
  `${r.group ?? ''}/${r.kind ?? ''}/${r.namespace ?? ''}/${r.name ?? ''}`;

/** The summary block of `capstan app get`, like `argocd app get`'s. */
export function formatAppSummary(app: Application): string {
  const { source, destination } = app.spec;
  const status = app.status;
  const sync = status?.sync;
  const withRevision = (state: string | undefined, revision: string | undefined): string =>
    revision ? `${state ?? 'Unknown'} to ${revision}` : (state ?? 'Unknown');
  const fields: [string, string][] = [
    ['Name', `${app.metadata.namespace ?? ''}/${app.metadata.name}`],
    ['Project', app.spec.project ?? 'default'],
    ['Repo', source.repoURL],
    ['Path', source.path ?? ''],
    ['Target', source.targetRevision ?? 'HEAD'],
    ['Server', destination.server ?? destination.name ?? ''],
    ['Namespace', destination.namespace ?? ''],
    ['Sync Policy', app.spec.syncPolicy?.automated ? 'Automated' : 'Manual'],
    ['Sync Status', withRevision(sync?.status, sync?.revision)],
    [
      'Health Status',
      `${status?.health?.status ?? 'Unknown'}${status?.health?.message ? ` (${status.health.message})` : ''}`,
    ],
  ];
  const operation = status?.operationState;
  if (operation) {
    fields.push([
      'Operation',
      `${operation.phase}${operation.finishedAt ? ` at ${operation.finishedAt}` : ''}`,
    ]);
    if (operation.message) fields.push(['Message', operation.message]);
  }
  if (app.operation) fields.push(['Requested Operation', JSON.stringify(app.operation)]);
  let text = formatFields(fields);
  const conditions = status?.conditions ?? [];
  if (conditions.length > 0) {
    text += '\nCONDITIONS\n';
    text += formatTable(
      ['TYPE', 'REASON', 'MESSAGE', 'LAST TRANSITION'],
      conditions.map((c) => [c.type, c.reason ?? '', c.message, c.lastTransitionTime ?? '']),
    );
  }
  return text;
}

/**
 * The resources table: status.resources, each with the message of its last sync result, then
 * the hooks of the last sync (hooks carry no sync status, so they appear only there).
 */
export function formatResourceTable(
  resources: readonly ResourceStatus[],
  results: readonly ResourceResult[],
): string {
  const messages = new Map(results.map((result) => [keyOf(result), result.message ?? '']));
  const rows = resources.map((r) => [
    r.group ?? '',
    r.kind ?? '',
    r.namespace ?? '',
    r.name ?? '',
    r.requiresPruning === true ? `${r.status ?? ''} (requires pruning)` : (r.status ?? ''),
    r.health?.status ?? '',
    r.hook === true ? 'hook' : '',
    messages.get(keyOf(r)) ?? '',
  ]);
  const listed = new Set(resources.map(keyOf));
  for (const result of results) {
    if (result.hookType === undefined || listed.has(keyOf(result))) continue;
    rows.push([
      result.group ?? '',
      result.kind ?? '',
      result.namespace ?? '',
      result.name ?? '',
      result.hookPhase ?? result.status ?? '',
      '',
      result.hookType,
      result.message ?? '',
    ]);
  }
  return formatTable(RESOURCE_HEADER, rows);
}

/**
 * The results of one sync (operationState.syncResult.resources), as `argocd app sync` prints
 * them, with each resource's current health from status.resources.
 */
export function formatSyncResultTable(
  results: readonly ResourceResult[],
  resources: readonly ResourceStatus[] = [],
): string {
  const health = new Map(resources.map((r) => [keyOf(r), r.health?.status ?? '']));
  return formatTable(
    RESOURCE_HEADER,
    results.map((r) => [
      r.group ?? '',
      r.kind ?? '',
      r.namespace ?? '',
      r.name ?? '',
      r.hookType !== undefined ? (r.hookPhase ?? r.status ?? '') : (r.status ?? ''),
      health.get(keyOf(r)) ?? '',
      r.hookType ?? '',
      r.message ?? '',
    ]),
  );
}

export function formatAppDetails(app: Application): string {
  const results = app.status?.operationState?.syncResult?.resources ?? [];
  return `${formatAppSummary(app)}\n${formatResourceTable(app.status?.resources ?? [], results)}`;
}

/** `capstan app get NAME`: summary, conditions, operation and resources. */
export async function runAppGet(
  command: AppCommand,
  client: KubeClient,
  io: CommandIO,
): Promise<number> {
  const app = await requireApp(client, command.namespace, command.name);
  if (command.output === 'table') io.stdout(formatAppDetails(app));
  else io.stdout(formatData(app, command.output));
  return 0;
}
