/** Whether a new status is worth writing, and the Events that tell users what changed. */
import type { ApplicationStatus } from '../api/index.js';
import { COMPARISON_ERROR_TYPES } from './conditions.js';
import type { StatusEvent } from './types.js';

/** JSON equality: key order does not matter, and a key holding undefined counts as absent. */
function isJsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => isJsonEqual(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!isJsonEqual(left[key], right[key])) return false;
  }
  return true;
}

/** True when `next` differs from `previous` in more than reconciledAt. */
export function isStatusChanged(
  previous: ApplicationStatus | undefined,
  next: ApplicationStatus,
): boolean {
  if (previous === undefined) return true;
  // reconciledAt moves on every reconcile; alone it is not worth a write
  return !isJsonEqual(
    { ...previous, reconciledAt: undefined },
    { ...next, reconciledAt: undefined },
  );
}

/**
 * Argo CD's events for a status update: `ResourceUpdated` when sync or health status moves
 * (`Updated sync status: Synced -> OutOfSync`), and a Warning named after the condition type
 * for each read-path error condition that was not there before.
 */
export function describeStatusTransitions(
  previous: ApplicationStatus | undefined,
  next: ApplicationStatus,
): StatusEvent[] {
  const events: StatusEvent[] = [];
  const fromSync = previous?.sync?.status ?? '';
  const toSync = next.sync?.status ?? '';
  if (fromSync !== toSync) {
    const message = `Updated sync status: ${fromSync} -> ${toSync}`;
    events.push({ type: 'Normal', reason: 'ResourceUpdated', message });
  }
  const fromHealth = previous?.health?.status ?? '';
  const toHealth = next.health?.status ?? '';
  if (fromHealth !== toHealth) {
    const message = `Updated health status: ${fromHealth} -> ${toHealth}`;
    events.push({ type: 'Normal', reason: 'ResourceUpdated', message });
  }
  const before = previous?.conditions ?? [];
  for (const condition of next.conditions ?? []) {
    if (!COMPARISON_ERROR_TYPES.has(condition.type)) continue;
    const known = before.some((c) => c.type === condition.type && c.message === condition.message);
    if (!known)
      events.push({ type: 'Warning', reason: condition.type, message: condition.message });
  }
  return events;
}
