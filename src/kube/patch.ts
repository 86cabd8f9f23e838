import { FIELD_MANAGER } from '../model/index.js';
import type { KubeClient } from './client.js';
import type { ManifestObject } from './apply.js';
import { locateResource, objectPath } from './discovery.js';
import { describeRef, failureOf, type ObjectRef } from './failure.js';
import { sendKubeRequest } from './http.js';

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

/** `merge`: RFC 7386 JSON merge patch (null deletes a key); `json`: RFC 6902 operations. */
export type PatchType = 'merge' | 'json';

export type ObjectPatch = Record<string, unknown> | readonly JsonPatchOperation[];

const CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};

/**
 * Patches one object (e.g. `{metadata: {annotations: {'capstan.dev/refresh': null}}}` to
 * drop the refresh annotation once handled); returns the object as stored.
 */
export function patchObject(
  client: KubeClient,
  ref: ObjectRef,
  patch: ObjectPatch,
  type: PatchType,
): Promise<ManifestObject> {
  return sendPatch(client, ref, patch, type, '');
}

export interface ReplaceStatusOptions {
  /** Write only if the object is still at this version; otherwise a retryable Conflict. */
  resourceVersion?: string;
}

/**
 * Sets the whole `status` of a custom object through its status subresource: keys absent
 * from `status` disappear (a merge patch would keep them). With `resourceVersion` the
 * write is conditional and a concurrent change fails with `isConflictError`, retryable.
 */
export function replaceStatus(
  client: KubeClient,
  ref: ObjectRef,
  status: object,
  options: ReplaceStatusOptions = {},
): Promise<ManifestObject> {
  const ops: JsonPatchOperation[] = [{ op: 'add', path: '/status', value: status }];
  // A resourceVersion set by the patch becomes the update's precondition: 409 when stale.
  if (options.resourceVersion !== undefined) {
    ops.unshift({
      op: 'replace',
      path: '/metadata/resourceVersion',
      value: options.resourceVersion,
    });
  }
  return sendPatch(client, ref, ops, 'json', '/status');
}

async function sendPatch(
  client: KubeClient,
  ref: ObjectRef,
  patch: ObjectPatch,
  type: PatchType,
  subresource: '' | '/status',
): Promise<ManifestObject> {
  const location = await locateResource(client, ref.apiVersion, ref.kind);
  const response = await sendKubeRequest(client, {
    method: 'PATCH',
    path: `${objectPath(location, ref.namespace, ref.name)}${subresource}`,
    query: { fieldManager: FIELD_MANAGER },
    body: patch,
    contentType: CONTENT_TYPES[type],
    kind: ref.kind,
  });
  if (response.status === 200) return response.body as ManifestObject;
  const what = subresource ? 'status update' : 'patch';
  throw failureOf(describeRef(ref), what, response);
}
