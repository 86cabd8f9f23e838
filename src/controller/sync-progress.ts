/**
 * Sync progress in status while a sync runs: what wave it is in and what it waits for, so a
 * person watching `kubectl get capp -o yaml` sees more than "syncing" during a long rollout.
 */
import type { OperationState } from '../api/index.js';
import { replaceStatus } from '../kube/index.js';
import type { SyncProgress } from '../sync/index.js';
import type { ReconcileResult } from './reconcile.js';
import { applicationRefOf } from './status-writer.js';
import type { SyncOperationDeps, SyncOperationRequest } from './sync-operation.js';

/** Progress is written at most this often, so a long wave shows what it waits for. */
const PROGRESS_WRITE_INTERVAL_MS = 1_000;

interface ProgressWriter {
  readonly onProgress: (progress: SyncProgress) => void;
  /** Drops a pending write and waits for one in flight: the final state must be the last. */
  stop(): Promise<void>;
}

/**
 * Writes what the sync is doing into operationState (message, results so far) while it runs,
 * as Argo CD does; at most one write per interval, the latest progress last.
 */
export function startProgressWriter(
  request: SyncOperationRequest,
  target: ReconcileResult,
  started: OperationState,
  deps: SyncOperationDeps,
): ProgressWriter {
  const ref = applicationRefOf(request.raw);
  const revision = target.status.sync?.revision ?? '';
  const source = target.status.sync?.comparedTo?.source ?? request.app.spec.source;
  let latest: SyncProgress | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;
  const write = (): void => {
    timer = undefined;
    if (stopped || latest === undefined) return;
    const operationState: OperationState = {
      ...started,
      message: latest.message,
      syncResult: { revision, source, resources: [...latest.resources] },
    };
    latest = undefined;
    inFlight = replaceStatus(deps.client, ref, { ...request.compared.status, operationState })
      .then(() => undefined)
      .catch((error: unknown) => {
        deps.logger.debug({ err: error }, 'sync progress not written');
      });
  };
  return {
    onProgress: (progress) => {
      latest = progress;
      timer ??= setTimeout(write, PROGRESS_WRITE_INTERVAL_MS);
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await inFlight;
    },
  };
}
