/**
 * Whether an automated sync starts now, decided from the app and its fresh comparison, as
 * Argo CD decides it: only when OutOfSync; a revision is attempted once — after a failed
 * sync of the same revision nothing is retried automatically (the spec's retry policy does
 * that), and the same revision is re-applied only for self-heal.
 */
import type {
  Application,
  Operation,
  OperationState,
  ResourceStatus,
  SyncOperationResource,
} from '../../api/index.js';

export type AutomationDecision =
  | { readonly start: true; readonly operation: Operation; readonly selfHeal: boolean }
  | { readonly start: false; readonly reason: string };

export interface AutomationInput {
  readonly app: Application;
  readonly syncStatus: string;
  readonly revision: string;
  /** The app's last operation, if any (status.operationState). */
  readonly lastOperation: OperationState | undefined;
  /** status.resources of the comparison: a self-heal re-applies only those OutOfSync. */
  readonly resources?: readonly ResourceStatus[];
}

export function decideAutomatedSync(input: AutomationInput): AutomationDecision {
  const automated = input.app.spec.syncPolicy?.automated;
  if (!automated) return { start: false, reason: 'automated sync is off' };
  if (input.syncStatus !== 'OutOfSync')
    return { start: false, reason: `app is ${input.syncStatus}` };
  const last = input.lastOperation;
  const lastRevision = last?.syncResult?.revision ?? last?.operation.sync?.revision;
  const sameRevision = lastRevision === input.revision;
  if (sameRevision && last?.phase !== 'Succeeded' && last?.phase !== undefined) {
    return {
      start: false,
      reason: `the last automated sync of ${input.revision.slice(0, 7)} ended ${last.phase}`,
    };
  }
  if (sameRevision && automated.selfHeal !== true)
    return {
      start: false,
      reason: `${input.revision.slice(0, 7)} was already synced and selfHeal is off`,
    };
  // As Argo CD: healing one drifted object re-applies that object, not the whole app (no
  // hooks, no waits on waves that did not change).
  const healed = sameRevision ? outOfSyncResources(input.resources) : [];
  return {
    start: true,
    selfHeal: sameRevision,
    operation: {
      sync: {
        revision: input.revision,
        prune: automated.prune === true,
        ...(healed.length > 0 ? { resources: healed } : {}),
      },
      initiatedBy: { automated: true },
      ...(input.app.spec.syncPolicy?.retry ? { retry: input.app.spec.syncPolicy.retry } : {}),
    },
  };
}

function outOfSyncResources(
  resources: readonly ResourceStatus[] | undefined,
): SyncOperationResource[] {
  return (resources ?? []).flatMap((resource) =>
    resource.status === 'OutOfSync' && resource.hook !== true && resource.kind && resource.name
      ? [
          {
            kind: resource.kind,
            name: resource.name,
            ...(resource.group ? { group: resource.group } : {}),
            ...(resource.namespace ? { namespace: resource.namespace } : {}),
          },
        ]
      : [],
  );
}
