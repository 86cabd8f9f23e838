/**
 * The writes a sync needs besides server-side apply: create, replace (PUT) and delete, each
 * optionally as a server-side dry-run. Bodies go out as given (raw JSON), like every write here.
 */
import { FIELD_MANAGER } from '../model/index.js';
import type { KubeClient } from './client.js';
import type { FieldValidation, ManifestObject } from './apply.js';
import { findResourceLocation, locateResource, objectPath } from './discovery.js';
import { describeObject, describeRef, failureOf, type ObjectRef } from './failure.js';
import { sendKubeRequest } from './http.js';

export interface WriteOptions {
  /** `dryRun=All`: validated and admitted by the server, never persisted. */
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
}

function writeQuery(options: WriteOptions): Record<string, string> {
  const query: Record<string, string> = { fieldManager: FIELD_MANAGER };
  if (options.dryRun === true) query['dryRun'] = 'All';
  if (options.fieldValidation !== undefined) query['fieldValidation'] = options.fieldValidation;
  return query;
}

/** A manifest to create: a name, or only a `generateName` for the server to complete. */
export interface CreatableObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; generateName?: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

function describeCreatable(object: CreatableObject): string {
  const { name, generateName, namespace } = object.metadata;
  const ref: ObjectRef = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: name ?? `${generateName ?? ''}*`,
  };
  if (namespace !== undefined) ref.namespace = namespace;
  return describeRef(ref);
}

/**
 * Creates the object (POST); an object of that name already there is a 409 AlreadyExists
 * KubeStatusError. Works with `metadata.generateName` and no name, too.
 */
export async function createObject(
  client: KubeClient,
  object: CreatableObject,
  options: WriteOptions = {},
): Promise<ManifestObject> {
  const location = await locateResource(client, object.apiVersion, object.kind);
  const response = await sendKubeRequest(client, {
    method: 'POST',
    path: objectPath(location, object.metadata.namespace),
    query: writeQuery(options),
    body: object,
    kind: object.kind,
  });
  if (response.status >= 200 && response.status < 300) return response.body as ManifestObject;
  throw failureOf(
    describeCreatable(object),
    options.dryRun === true ? 'dry-run' : 'create',
    response,
  );
}

/**
 * Replaces the whole object (PUT), as `kubectl replace` does: fields absent from `object`
 * are dropped. With `metadata.resourceVersion` set the write is conditional (409 Conflict
 * when stale); a missing object is a 404 NotFound KubeStatusError.
 */
export async function replaceObject(
  client: KubeClient,
  object: ManifestObject,
  options: WriteOptions = {},
): Promise<ManifestObject> {
  const location = await locateResource(client, object.apiVersion, object.kind);
  const response = await sendKubeRequest(client, {
    method: 'PUT',
    path: objectPath(location, object.metadata.namespace, object.metadata.name),
    query: writeQuery(options),
    body: object,
    kind: object.kind,
  });
  if (response.status >= 200 && response.status < 300) return response.body as ManifestObject;
  throw failureOf(
    describeObject(object),
    options.dryRun === true ? 'dry-run' : 'replace',
    response,
  );
}

/** How dependents go with a deleted object (the API server's spelling). */
export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface DeleteOptions {
  /** Server default when absent (Orphan for some kinds, e.g. batch/v1 Jobs' pods). */
  propagationPolicy?: PropagationPolicy;
  /** Delete only if the object is still this one: a recreated namesake is left alone. */
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/**
 * `deleted`: the server accepted the deletion (finalizers may keep the object a while).
 * `notFound`: nothing of that name. `preconditionFailed`: an object of that name exists but
 * is not the one the preconditions describe.
 */
export type DeleteOutcome = 'deleted' | 'notFound' | 'preconditionFailed';

/** Deletes one object; the expected outcomes are values, anything else a KubeStatusError. */
export async function deleteObject(
  client: KubeClient,
  ref: ObjectRef,
  options: DeleteOptions = {},
): Promise<DeleteOutcome> {
  const location = await locateResource(client, ref.apiVersion, ref.kind);
  const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
  if (options.propagationPolicy !== undefined)
    body['propagationPolicy'] = options.propagationPolicy;
  if (options.preconditions !== undefined) body['preconditions'] = options.preconditions;
  if (options.dryRun === true) body['dryRun'] = ['All'];
  const response = await sendKubeRequest(client, {
    method: 'DELETE',
    path: objectPath(location, ref.namespace, ref.name),
    ...(options.dryRun === true ? { query: { dryRun: 'All' } } : {}),
    body,
    kind: ref.kind,
  });
  if (response.status === 200 || response.status === 202) return 'deleted';
  if (response.status === 404) return 'notFound';
  // A failed uid/resourceVersion precondition is a 409 Conflict naming the precondition.
  if (response.status === 409 && options.preconditions !== undefined) return 'preconditionFailed';
  throw failureOf(
    describeRef(ref),
    options.dryRun === true ? 'dry-run delete' : 'delete',
    response,
  );
}

/**
 * Whether the API server serves this kind now. A miss re-reads discovery for the group
 * version, so a kind whose CRD was established a moment ago is found.
 */
export async function isKindServed(
  client: KubeClient,
  apiVersion: string,
  kind: string,
): Promise<boolean> {
  return (await findResourceLocation(client, apiVersion, kind)) !== undefined;
}
