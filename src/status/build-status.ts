/**
 * The next Application.status from a comparison outcome and the previous status. A failed
 * comparison keeps the last known resources, health and revision: dropping them would make
 * the inventory forget objects, and a later compare could then never prune them.
 */
import type {
  ApplicationCondition,
  ApplicationStatus,
  ApplicationSummary,
  ComparedTo,
  HealthStatus,
  ResourceStatus,
  SyncStatus,
  SyncStatusCode,
} from '../api/index.js';
import { formatKubeTime } from '../model/index.js';
import { mergeComparedConditions, mergeFailedConditions } from './conditions.js';
import { collectContainerImages } from './images.js';
import {
  compareComparedResources,
  formatResourceStatus,
  summarizeAppHealth,
  summarizeSyncStatus,
} from './resource-status.js';
import type { ComparisonOutcome, StatusInput } from './types.js';

/** The part of the status a comparison decides. */
interface ComparisonPart {
  readonly sync: SyncStatus;
  readonly health: HealthStatus;
  readonly resources: ResourceStatus[];
  readonly summary: ApplicationSummary | undefined;
  readonly conditions: ApplicationCondition[];
}

const SHORT_REVISION_LENGTH = 7;

function formatSyncStatus(
  status: SyncStatusCode,
  revision: string | undefined,
  comparedTo: ComparedTo | undefined,
): SyncStatus {
  return {
    status,
    ...(revision === undefined || revision === ''
      ? {}
      : { revision, shortRevision: revision.slice(0, SHORT_REVISION_LENGTH) }),
    ...(comparedTo === undefined ? {} : { comparedTo }),
  };
}

function describeCompared(
  outcome: Extract<ComparisonOutcome, { kind: 'compared' }>,
  previous: ApplicationStatus,
  now: string,
): ComparisonPart {
  const sorted = [...outcome.resources].sort(compareComparedResources);
  const images = collectContainerImages(sorted);
  return {
    sync: formatSyncStatus(summarizeSyncStatus(sorted), outcome.revision, outcome.comparedTo),
    health: summarizeAppHealth(sorted),
    resources: sorted.map(formatResourceStatus),
    summary: images.length === 0 ? undefined : { images },
    conditions: mergeComparedConditions(previous.conditions ?? [], outcome.warnings, now),
  };
}

/** Unknown sync over the last known state; nothing is dropped or marked for pruning. */
function describeFailed(
  outcome: Extract<ComparisonOutcome, { kind: 'failed' }>,
  previous: ApplicationStatus,
  now: string,
): ComparisonPart {
  const revision = previous.sync?.revision ?? outcome.revision;
  return {
    sync: formatSyncStatus('Unknown', revision, previous.sync?.comparedTo),
    health: previous.health ?? { status: 'Unknown' },
    resources: previous.resources ?? [],
    summary: previous.summary,
    conditions: mergeFailedConditions(previous.conditions ?? [], outcome.failure, now),
  };
}

/**
 * The status to write after one comparison. operationState and history belong to the sync
 * path and are carried over unchanged; reconciledAt is `now`.
 */
export function buildApplicationStatus(input: StatusInput): ApplicationStatus {
  const previous = input.app.status ?? {};
  const now = formatKubeTime(input.now);
  const part =
    input.outcome.kind === 'compared'
      ? describeCompared(input.outcome, previous, now)
      : describeFailed(input.outcome, previous, now);
  const generation = input.app.metadata.generation;
  return {
    sync: part.sync,
    health: part.health,
    resources: part.resources,
    ...(part.summary === undefined ? {} : { summary: part.summary }),
    ...(part.conditions.length === 0 ? {} : { conditions: part.conditions }),
    ...(previous.operationState === undefined ? {} : { operationState: previous.operationState }),
    ...(previous.history === undefined ? {} : { history: previous.history }),
    reconciledAt: now,
    ...(generation === undefined ? {} : { observedGeneration: generation }),
  };
}
