import type { Application } from '../../api/index.js';

export interface WaitSelection {
  health: boolean;
  sync: boolean;
  operation: boolean;
}

export interface AppCondition {
  name: 'health' | 'sync' | 'operation';
  met: boolean;
  /** What the app shows now, for the timeout message. */
  seen: string;
}

/**
 * The conditions `app wait` checks; none selected means all three. A comparison must have
 * seen the current spec (observedGeneration) or a stale Synced from before an edit would pass.
 */
export function listAppConditions(app: Application, selection: WaitSelection): AppCondition[] {
  const all = !selection.health && !selection.sync && !selection.operation;
  const conditions: AppCondition[] = [];
  const status = app.status;
  const current =
    status?.observedGeneration === undefined ||
    app.metadata.generation === undefined ||
    status.observedGeneration >= app.metadata.generation;
  if (all || selection.health) {
    const health = status?.health?.status ?? 'Unknown';
    conditions.push({ name: 'health', met: current && health === 'Healthy', seen: health });
  }
  if (all || selection.sync) {
    const sync = status?.sync?.status ?? 'Unknown';
    conditions.push({ name: 'sync', met: current && sync === 'Synced', seen: sync });
  }
  if (all || selection.operation) {
    const phase = status?.operationState?.phase;
    const requested = app.operation !== undefined;
    const running = requested || phase === 'Running' || phase === 'Terminating';
    conditions.push({
      name: 'operation',
      met: !running,
      seen: requested && phase !== 'Running' ? 'Requested' : (phase ?? 'None'),
    });
  }
  return conditions;
}
