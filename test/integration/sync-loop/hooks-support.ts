/**
 * Helpers for the hooks-and-waves sync-loop test: a recorder of every write the API server
 * reports in a namespace (etcd revisions order writes across kinds), and readers of
 * operation results and resource statuses.
 */
import assert from 'node:assert/strict';
import type { ResourceResult, ResourceStatus } from '../../../src/api/index.js';
import {
  createInformer,
  type Informer,
  type KubeClient,
  type ManifestObject,
} from '../../../src/kube/index.js';
import { createSilentLogger } from '../../../src/log/index.js';

/** One write the API server reported, with its etcd revision. */
export interface Write {
  readonly type: 'added' | 'updated' | 'deleted';
  readonly kind: string;
  readonly name: string;
  readonly revision: number;
  readonly object: ManifestObject;
}

/** Watches the kinds these apps use in `namespace` and keeps every write, in arrival order. */
export async function recordWrites(
  client: KubeClient,
  namespace: string,
): Promise<{ writes: Write[]; stop: () => void }> {
  const writes: Write[] = [];
  const kinds = [
    { group: '', version: 'v1', kind: 'ConfigMap' },
    { group: '', version: 'v1', kind: 'Service' },
    { group: 'apps', version: 'v1', kind: 'Deployment' },
    { group: 'batch', version: 'v1', kind: 'Job' },
  ];
  const informers: Informer[] = [];
  for (const target of kinds) {
    const informer = createInformer(client, target, { namespace, logger: createSilentLogger() });
    const note = (type: Write['type']) => (object: ManifestObject) => {
      const metadata = object.metadata as { name: string; resourceVersion: string };
      writes.push({
        type,
        kind: target.kind,
        name: metadata.name,
        revision: Number(metadata.resourceVersion),
        object,
      });
    };
    informer.addHandlers({
      onAdd: note('added'),
      onUpdate: note('updated'),
      onDelete: note('deleted'),
    });
    await informer.start();
    informers.push(informer);
  }
  return { writes, stop: () => informers.forEach((informer) => informer.stop()) };
}

/** The etcd revision of the first write of `kind/name` that passes `test`. */
export function revisionOf(
  writes: readonly Write[],
  kind: string,
  name: string,
  test: (write: Write) => boolean,
): number {
  const found = writes.find((w) => w.kind === kind && w.name === name && test(w));
  assert.ok(
    found,
    `no matching write of ${kind}/${name} in ${JSON.stringify(writes.map((w) => `${w.type} ${w.kind}/${w.name} ${String(w.revision)}`))}`,
  );
  return found.revision;
}

export function isJobComplete(write: Write): boolean {
  const status = write.object['status'] as
    { conditions?: { type: string; status: string }[] } | undefined;
  const conditions = status?.conditions;
  return conditions?.some((c) => c.type === 'Complete' && c.status === 'True') === true;
}

/** `Kind/name syncPhase hookType hookPhase status`, in the order the sync ran them. */
export function describeResults(resources: readonly ResourceResult[] | undefined): string[] {
  return (resources ?? []).map(
    (r) =>
      `${r.kind ?? ''}/${r.name ?? ''} ${r.syncPhase ?? ''} ${r.hookType ?? '-'} ${r.hookPhase ?? '-'} ${r.status ?? ''}`,
  );
}

/** Hooks exist only while a sync runs them: never OutOfSync, never awaiting a prune. */
export function assertHooksNotCounted(
  resources: readonly ResourceStatus[] | undefined,
  hooks: readonly string[],
): void {
  for (const resource of resources ?? []) {
    if (resource.kind !== 'Job' || !hooks.includes(resource.name ?? '')) continue;
    const subject = `Job/${resource.name ?? ''}: ${JSON.stringify(resource)}`;
    assert.equal(resource.hook, true, subject);
    // A hook its delete policy removed, or one kept after leaving Git, used to show as
    // OutOfSync / requiresPruning (fixed in status/resource-status.ts).
    assert.notEqual(resource.status, 'OutOfSync', subject);
    assert.notEqual(resource.requiresPruning, true, subject);
  }
}

export function uidOf(object: ManifestObject | undefined): string {
  const uid = (object?.metadata as { uid?: string } | undefined)?.uid;
  assert.ok(uid !== undefined, 'object has a uid');
  return uid;
}
