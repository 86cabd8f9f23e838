/**
 * Which Application changes deserve a reconcile. The controller's own status writes come
 * back as watch events too; reacting to them would make every app reconcile twice.
 */
import { ANNOTATION, readAnnotation, type KubeObject } from '../model/index.js';

interface MetaView {
  generation?: number;
  annotations?: Record<string, unknown>;
  labels?: Record<string, unknown>;
  deletionTimestamp?: string;
  finalizers?: unknown[];
}

const metaOf = (object: KubeObject): MetaView => object['metadata'] ?? {};

/** True unless only status (or bookkeeping such as resourceVersion/managedFields) changed. */
export function isSpecChange(next: KubeObject, previous: KubeObject): boolean {
  const a = metaOf(next);
  const b = metaOf(previous);
  return (
    a.generation !== b.generation ||
    a.deletionTimestamp !== b.deletionTimestamp ||
    JSON.stringify(a.annotations ?? {}) !== JSON.stringify(b.annotations ?? {}) ||
    JSON.stringify(a.labels ?? {}) !== JSON.stringify(b.labels ?? {}) ||
    JSON.stringify(a.finalizers ?? []) !== JSON.stringify(b.finalizers ?? []) ||
    JSON.stringify(next['operation'] ?? null) !== JSON.stringify(previous['operation'] ?? null)
  );
}

export type RefreshKind = 'normal' | 'hard';

/** The refresh an Application asks for through its annotation, if any. */
export function requestedRefresh(app: KubeObject): RefreshKind | undefined {
  const value = readAnnotation(metaOf(app).annotations, ANNOTATION.refresh);
  if (value === undefined) return undefined;
  return value.trim().toLowerCase() === 'hard' ? 'hard' : 'normal';
}

export function appKeyOf(object: KubeObject): string {
  const meta = object['metadata'] as { namespace?: string; name?: string };
  return `${meta.namespace ?? ''}/${meta.name ?? ''}`;
}
