/**
 * What every stage of one plan execution shares: the client, the waits' settings, and the
 * result book that keeps per-resource results in execution order and reports progress.
 */
import type { ResourceResult } from '../../api/index.js';
import { KubeStatusError, type KubeClient } from '../../kube/index.js';
import type { Logger } from '../../log/index.js';
import { describeError } from '../../model/index.js';
import type { SyncTask } from '../plan/index.js';
import {
  describeTaskSubject,
  makeResourceResult,
  stripSubject,
  type ResultDetails,
} from './results.js';
import { REAL_SYNC_CLOCK } from './timing.js';
import { DEFAULT_EXECUTE_OPTIONS, type ExecuteContext, type SyncClock } from './types.js';

/** Results in execution order; a task's entry (a hook going Running → Succeeded) is replaced in place. */
export class ResultBook {
  readonly #entries: ResourceResult[] = [];
  readonly #slots = new Map<string, number>();
  readonly #report: (message: string, resources: readonly ResourceResult[]) => Promise<void>;

  constructor(report: (message: string, resources: readonly ResourceResult[]) => Promise<void>) {
    this.#report = report;
  }

  /** Sets the result of `task` and reports `<subject>: <message>`. */
  async record(task: SyncTask, details: ResultDetails): Promise<void> {
    const slot = `${task.phase} ${task.action} ${task.key}`;
    const result = makeResourceResult(task, details);
    const index = this.#slots.get(slot);
    if (index === undefined) {
      this.#slots.set(slot, this.#entries.length);
      this.#entries.push(result);
    } else {
      this.#entries[index] = result;
    }
    await this.#report(`${describeTaskSubject(task)}: ${details.message}`, this.resources);
  }

  /** Adds a result that belongs to no task (a plan's skipped prune); not reported on its own. */
  append(result: ResourceResult): void {
    this.#entries.push(result);
  }

  /** Reports a message (a wait starting) without changing any result. */
  async announce(message: string): Promise<void> {
    await this.#report(message, this.resources);
  }

  get resources(): readonly ResourceResult[] {
    return this.#entries.map((entry) => ({ ...entry }));
  }
}

export interface Runner {
  readonly client: KubeClient;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly clock: SyncClock;
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly dryRun: boolean;
  readonly book: ResultBook;
}

export function createRunner(context: ExecuteContext): Runner {
  const { logger, onProgress } = context;
  const report = async (message: string, resources: readonly ResourceResult[]): Promise<void> => {
    if (onProgress === undefined) return;
    try {
      await onProgress({ message, resources });
    } catch (error) {
      // Losing a progress write costs a stale status, never the sync itself.
      logger.warn({ err: describeError(error) }, 'sync progress report failed');
    }
  };
  return {
    client: context.client,
    logger,
    signal: context.signal,
    clock: context.clock ?? REAL_SYNC_CLOCK,
    waitTimeoutMs: context.waitTimeoutMs ?? DEFAULT_EXECUTE_OPTIONS.waitTimeoutMs,
    pollIntervalMs: context.pollIntervalMs ?? DEFAULT_EXECUTE_OPTIONS.pollIntervalMs,
    dryRun: context.dryRun ?? false,
    book: new ResultBook(report),
  };
}

/** Outcome of one task or stage: done, or the subject-first message that stops the sync. */
export type TaskOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * A task the API server refused (an apply, prune or hook creation): recorded as SyncFailed
 * with the server's message; anything else (the server unreachable, a bug) is rethrown.
 */
export async function recordTaskRejection(
  runner: Runner,
  task: SyncTask,
  error: unknown,
): Promise<{ readonly ok: false; readonly message: string }> {
  if (!(error instanceof KubeStatusError)) throw error;
  await runner.book.record(task, {
    status: 'SyncFailed',
    message: stripSubject(error.message, task.key),
  });
  return { ok: false, message: error.message };
}
