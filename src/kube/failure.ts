import { KubeError } from '../model/index.js';
import { statusMessageOf, type KubeResponse } from './http.js';

/** What a request was about, for the subject that starts every error message. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * The API server answered a request with a failure Status. `statusCode` and `reason`
 * (`Conflict`, `NotFound`, `Invalid`, `Expired`…) let callers branch without parsing text.
 */
export class KubeStatusError extends KubeError {
  readonly statusCode: number;
  readonly reason: string;

  constructor(message: string, statusCode: number, reason: string, retryable: boolean) {
    super(message, { retryable });
    this.statusCode = statusCode;
    this.reason = reason;
  }
}

/**
 * True for 409 Conflict on an update: the object changed since it was read, so reading
 * it again and retrying (requeueing) is the fix.
 */
export function isConflictError(error: unknown): error is KubeStatusError {
  return error instanceof KubeStatusError && error.reason === 'Conflict';
}

/** `<subject>: <verb> failed (<code> <reason>): <message>`. */
export function failureOf(subject: string, verb: string, response: KubeResponse): KubeStatusError {
  const reason = reasonOf(response);
  // Conflict (not AlreadyExists, also a 409) means "stale read": a retry after re-reading helps.
  const retryable = response.status === 429 || response.status >= 500 || reason === 'Conflict';
  const code = reason ? `${String(response.status)} ${reason}` : String(response.status);
  return new KubeStatusError(
    `${subject}: ${verb} failed (${code}): ${statusMessageOf(response)}`,
    response.status,
    reason,
    retryable,
  );
}

function reasonOf(response: KubeResponse): string {
  const body = response.body;
  if (typeof body === 'object' && body !== null && 'reason' in body) {
    return typeof body.reason === 'string' ? body.reason : '';
  }
  return '';
}

export function describeObject(object: {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}): string {
  return describeRef({ ...object.metadata, apiVersion: object.apiVersion, kind: object.kind });
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind}/${ref.name}${ref.namespace ? ` in ${ref.namespace}` : ''}`;
}
