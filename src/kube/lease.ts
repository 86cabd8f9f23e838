/**
 * The `coordination.k8s.io/v1` Lease that leader election keeps: read, create and a
 * conditional replace. Every write carries the resourceVersion that was read, so two
 * candidates racing for the same Lease cannot both win: the slower one gets 409 Conflict.
 */
import type { KubeClient } from './client.js';
import { failureOf } from './failure.js';
import { sendKubeRequest } from './http.js';

/** Where the Lease lives. */
export interface LeaseRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * The leader-election fields of a Lease spec. Times are Kubernetes MicroTime strings, kept
 * as written so that "did the record change?" compares exactly what the server returned.
 */
export interface LeaseRecord {
  /** Empty when nobody holds the Lease (never acquired, or released). */
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: string;
  readonly renewTime: string;
  readonly leaseTransitions: number;
}

/** A LeaseRecord as read from the server, with the version a conditional write needs. */
export interface StoredLease {
  readonly record: LeaseRecord;
  readonly resourceVersion: string;
}

export interface LeaseRequestOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

const LEASE_API_VERSION = 'coordination.k8s.io/v1';
const LEASE_KIND = 'Lease';

function leasePath(ref: LeaseRef, named: boolean): string {
  const base = `/apis/${LEASE_API_VERSION}/namespaces/${encodeURIComponent(ref.namespace)}/leases`;
  return named ? `${base}/${encodeURIComponent(ref.name)}` : base;
}

function subjectOf(ref: LeaseRef): string {
  return `Lease/${ref.name} in ${ref.namespace}`;
}

/** Kubernetes MicroTime: RFC 3339 with exactly six fractional digits (the server insists). */
export function formatMicroTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/u, '000Z');
}

function requestExtras(options: LeaseRequestOptions): {
  signal?: AbortSignal;
  timeoutMs?: number;
} {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
}

/** The Lease, or undefined when there is none of that name. */
export async function readLease(
  client: KubeClient,
  ref: LeaseRef,
  options: LeaseRequestOptions = {},
): Promise<StoredLease | undefined> {
  const response = await sendKubeRequest(client, {
    method: 'GET',
    path: leasePath(ref, true),
    kind: LEASE_KIND,
    ...requestExtras(options),
  });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw failureOf(subjectOf(ref), 'get', response);
  return storedLeaseOf(response.body);
}

/** Creates the Lease; one that exists already is a 409 AlreadyExists KubeStatusError. */
export async function createLease(
  client: KubeClient,
  ref: LeaseRef,
  record: LeaseRecord,
  options: LeaseRequestOptions = {},
): Promise<StoredLease> {
  const response = await sendKubeRequest(client, {
    method: 'POST',
    path: leasePath(ref, false),
    body: leaseManifest(ref, record),
    kind: LEASE_KIND,
    ...requestExtras(options),
  });
  if (response.status === 201 || response.status === 200) return storedLeaseOf(response.body);
  throw failureOf(subjectOf(ref), 'create', response);
}

/**
 * Replaces the Lease spec if it is still at `resourceVersion`; a stale version is a 409
 * Conflict KubeStatusError (see isConflictError): someone else wrote it since the read.
 */
export async function updateLease(
  client: KubeClient,
  ref: LeaseRef,
  lease: StoredLease,
  options: LeaseRequestOptions = {},
): Promise<StoredLease> {
  const response = await sendKubeRequest(client, {
    method: 'PUT',
    path: leasePath(ref, true),
    body: leaseManifest(ref, lease.record, lease.resourceVersion),
    kind: LEASE_KIND,
    ...requestExtras(options),
  });
  if (response.status === 200) return storedLeaseOf(response.body);
  throw failureOf(subjectOf(ref), 'update', response);
}

function leaseManifest(ref: LeaseRef, record: LeaseRecord, resourceVersion?: string): object {
  const spec: Record<string, unknown> = {
    leaseDurationSeconds: record.leaseDurationSeconds,
    leaseTransitions: record.leaseTransitions,
  };
  // An empty holder is written as absent, as client-go does when it releases.
  if (record.holderIdentity !== '') spec['holderIdentity'] = record.holderIdentity;
  if (record.acquireTime !== '') spec['acquireTime'] = record.acquireTime;
  if (record.renewTime !== '') spec['renewTime'] = record.renewTime;
  return {
    apiVersion: LEASE_API_VERSION,
    kind: LEASE_KIND,
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    },
    spec,
  };
}

function storedLeaseOf(body: unknown): StoredLease {
  const object = (typeof body === 'object' && body !== null ? body : {}) as {
    metadata?: { resourceVersion?: unknown };
    spec?: Record<string, unknown>;
  };
  const spec = object.spec ?? {};
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
  return {
    resourceVersion: text(object.metadata?.resourceVersion),
    record: {
      holderIdentity: text(spec['holderIdentity']),
      leaseDurationSeconds: count(spec['leaseDurationSeconds']),
      acquireTime: text(spec['acquireTime']),
      renewTime: text(spec['renewTime']),
      leaseTransitions: count(spec['leaseTransitions']),
    },
  };
}
