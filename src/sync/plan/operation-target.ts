/**
 * What an operation asks to sync when it is not the app's own target: `operation.sync.revision`
 * naming another revision, or `operation.sync.source` (a rollback copies a history entry's
 * source). Such an operation is refused while automated sync is on, because automation would
 * take the app straight back to targetRevision (Argo CD refuses it for the same reason).
 */
import {
  targetRevisionOf,
  type Application,
  type ApplicationSource,
  type Operation,
} from '../../api/index.js';
import { isDeepEqual } from '../../diff/index.js';

/**
 * The source to render for the operation, or undefined when it is spec.source at the revision
 * just compared. An automated operation names the compared SHA itself, so it is never "other".
 */
export function requestedSourceOf(
  app: Application,
  operation: Operation,
  comparedRevision: string,
): ApplicationSource | undefined {
  const sync = operation.sync;
  const revision = sync?.revision ?? '';
  const source = sync?.source;
  const sourceChanged = source !== undefined && !isSameSource(source, app.spec.source);
  const revisionChanged = revision !== '' && revision !== comparedRevision;
  if (!sourceChanged && !revisionChanged) return undefined;
  const base = source ?? app.spec.source;
  return revision === '' ? base : { ...base, targetRevision: revision };
}

/** Same repository, path and render options; targetRevision is compared as a resolved SHA. */
export function isSameSourceApartFromRevision(a: ApplicationSource, b: ApplicationSource): boolean {
  return isDeepEqual({ ...a, targetRevision: '' }, { ...b, targetRevision: '' });
}

function isSameSource(a: ApplicationSource, b: ApplicationSource): boolean {
  return isSameSourceApartFromRevision(a, b) && targetRevisionOf(a) === targetRevisionOf(b);
}

/**
 * Why the operation may not run now, or undefined. Only a sync a person asked for can be
 * refused: an automated operation is at the target by construction, and a dry run changes
 * nothing.
 */
export function refuseWhileAutomated(
  app: Application,
  operation: Operation,
  requested: ApplicationSource,
): string | undefined {
  if (app.spec.syncPolicy?.automated === undefined) return undefined;
  if (operation.initiatedBy?.automated === true || operation.sync?.dryRun === true)
    return undefined;
  const target = targetRevisionOf(app.spec.source);
  const asked = targetRevisionOf(requested);
  return (
    `cannot sync to ${asked}: automated sync is enabled (spec.syncPolicy.automated) and would ` +
    `return the app to targetRevision ${target}; turn automated sync off to roll back or sync ` +
    `another revision`
  );
}
