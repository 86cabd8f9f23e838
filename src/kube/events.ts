import { createSilentLogger, type Logger } from '../log/index.js';
import { describeError, formatKubeTime, type Clock } from '../model/index.js';
import type { ManifestObject } from './apply.js';
import type { KubeClient } from './client.js';
import { sendKubeRequest, statusMessageOf } from './http.js';

/** The object an Event is about (its `involvedObject`). */
export interface EventSubject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface KubeEventRecord {
  /** The object the Event is about. */
  object: EventSubject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface RecordEventOptions {
  /** Failures are logged here at debug level; silent when absent. */
  logger?: Logger;
  clock?: Clock;
}

/** A repeat within this window raises the count of the existing Event. */
export const EVENT_AGGREGATION_WINDOW_MS = 5 * 60_000;
const EVENT_CACHE_SIZE = 512;
const COMPONENT = 'capstan';
/** events.k8s.io caps an Event note at 1 KiB; cut to the same so both views agree. */
const MAX_MESSAGE_LENGTH = 1024;

interface RecentEvent {
  namespace: string;
  /** Settles with the Event's name, or undefined when creating it failed. */
  name: Promise<string | undefined>;
  count: number;
  lastMs: number;
  /** Count updates are chained so that a later count never lands before an earlier one. */
  updates: Promise<unknown>;
}

const recentByClient = new WeakMap<KubeClient, Map<string, RecentEvent>>();
const systemClock: Clock = { now: () => Date.now() };
let silentLogger: Logger | undefined;

/** The subject of an Event about `object`. */
export function eventSubjectOf(object: ManifestObject): EventSubject {
  const meta = object.metadata as ManifestObject['metadata'] & {
    uid?: string;
    resourceVersion?: string;
  };
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: meta.name,
    ...(meta.namespace ? { namespace: meta.namespace } : {}),
    ...(meta.uid ? { uid: meta.uid } : {}),
    ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
  };
}

/**
 * Records a core/v1 Event. The same event again within a few minutes raises `count` on
 * the existing Event instead of adding one, as kubectl describe users expect. Never
 * throws: an Event is a courtesy, and failing to write one must not fail a reconcile.
 */
export async function recordEvent(
  client: KubeClient,
  event: KubeEventRecord,
  options: RecordEventOptions = {},
): Promise<void> {
  const logger = options.logger ?? (silentLogger ??= createSilentLogger());
  const now = (options.clock ?? systemClock).now();
  try {
    const recent = recentEventsOf(client);
    const key = aggregationKeyOf(event);
    const seen = recent.get(key);
    if (seen && now - seen.lastMs < EVENT_AGGREGATION_WINDOW_MS) {
      recent.delete(key);
      recent.set(key, seen);
      seen.count += 1;
      seen.lastMs = now;
      const count = seen.count;
      const update = seen.updates
        .catch(() => undefined)
        .then(() => raiseCount(client, seen, count, now));
      seen.updates = update;
      if (await update) return;
      recent.delete(key); // gone (expired or deleted): start a new Event below
    }
    const created = createEvent(client, event, now);
    const name = created.catch(() => undefined);
    remember(recent, key, {
      namespace: namespaceOf(event.object),
      name,
      count: 1,
      lastMs: now,
      updates: name,
    });
    try {
      await created;
    } catch (err) {
      // Forget it, so the next identical event tries to create one again.
      recent.delete(key);
      throw err;
    }
  } catch (err) {
    logger.debug({ reason: event.reason, error: describeError(err) }, 'event not recorded');
  }
}

function recentEventsOf(client: KubeClient): Map<string, RecentEvent> {
  let recent = recentByClient.get(client);
  if (!recent) {
    recent = new Map();
    recentByClient.set(client, recent);
  }
  return recent;
}

function remember(recent: Map<string, RecentEvent>, key: string, entry: RecentEvent): void {
  recent.set(key, entry);
  // Map keeps insertion order and hits are re-inserted: the first key is the least recent.
  while (recent.size > EVENT_CACHE_SIZE) {
    const oldest = recent.keys().next().value;
    if (oldest === undefined) break;
    recent.delete(oldest);
  }
}

function aggregationKeyOf(event: KubeEventRecord): string {
  const s = event.object;
  const who = s.uid ?? `${s.apiVersion}/${s.kind}/${s.namespace ?? ''}/${s.name}`;
  return JSON.stringify([who, event.type, event.reason, event.message]);
}

/** Cluster-scoped subjects get their Events in `default`, as kubectl looks for them there. */
function namespaceOf(subject: EventSubject): string {
  return subject.namespace ?? 'default';
}

async function createEvent(
  client: KubeClient,
  event: KubeEventRecord,
  now: number,
): Promise<string> {
  const namespace = namespaceOf(event.object);
  const name = eventNameFor(event.object.name, now);
  const time = formatKubeTime(now);
  const response = await sendKubeRequest(client, {
    method: 'POST',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
    kind: 'Event',
    body: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: event.object,
      type: event.type,
      reason: event.reason,
      message: event.message.slice(0, MAX_MESSAGE_LENGTH),
      source: { component: COMPONENT },
      reportingComponent: COMPONENT,
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
    },
  });
  if (response.status === 201 || response.status === 200) return name;
  throw new Error(`create failed (${String(response.status)}): ${statusMessageOf(response)}`);
}

/** True when the existing Event took the new count; false when it no longer exists. */
async function raiseCount(
  client: KubeClient,
  seen: RecentEvent,
  count: number,
  now: number,
): Promise<boolean> {
  const name = await seen.name;
  if (name === undefined) return false;
  const response = await sendKubeRequest(client, {
    method: 'PATCH',
    path: `/api/v1/namespaces/${encodeURIComponent(seen.namespace)}/events/${encodeURIComponent(name)}`,
    kind: 'Event',
    body: { count, lastTimestamp: formatKubeTime(now) },
    contentType: 'application/merge-patch+json',
  });
  if (response.status === 200) return true;
  if (response.status === 404) return false;
  throw new Error(`update failed (${String(response.status)}): ${statusMessageOf(response)}`);
}

/** `<object>.<time hex>`, as kubectl shows them; cut and cleaned to stay a valid name. */
function eventNameFor(objectName: string, now: number): string {
  const base = objectName
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .slice(0, 200)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  const suffix = `${now.toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`;
  return `${base || 'object'}.${suffix}`;
}
