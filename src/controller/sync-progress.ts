/**
 * Sync progress in status while a sync runs: what wave it is in and what it waits for, so a
 * person watching `kubectl get capp -o yaml` sees more than "syncing" during a long rollout.
 */
import type { Logger } from '../log/index.js';
import type { SyncProgress } from '../sync/index.js';

/** Progress is written at most this often, so a long wave shows what it waits for. */
const PROGRESS_WRITE_INTERVAL_MS = 1_000;

interface ProgressWriter {
  readonly onProgress: (progress: SyncProgress) => void;
  /** Drops a pending write and waits for one in flight: the final state must be the last. */
  stop(): Promise<void>;
}

/**
 * Writes what the sync is doing (message, results so far) while it runs, as Argo CD does; at
 * most one write per interval, the latest progress last. A failed write is only logged: the
 * final state is written anyway.
 */
export function startProgressWriter(
  write: (progress: SyncProgress) => Promise<unknown>,
  logger: Logger,
): ProgressWriter {
  let latest: SyncProgress | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;
  const flush = (): void => {
    timer = undefined;
    if (stopped || latest === undefined) return;
    const progress = latest;
    latest = undefined;
    inFlight = write(progress)
      .then(() => undefined)
      .catch((error: unknown) => {
        logger.debug({ err: error }, 'sync progress not written');
      });
  };
  return {
    onProgress: (progress) => {
      latest = progress;
      timer ??= setTimeout(flush, PROGRESS_WRITE_INTERVAL_MS);
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await inFlight;
    },
  };
}
