import { FIELD_MANAGER, KubeError } from '../model/index.js';
import type { KubeClient } from './client.js';
import { isKindServedNow, locateResource, objectPath } from './discovery.js';
import { describeObject, describeRef, failureOf, type ObjectRef } from './failure.js';
import { sendKubeRequest } from './http.js';

export type { ObjectRef } from './failure.js';

/** A manifest as plain JSON-compatible data. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * How the API server treats fields it does not know: `Strict` fails the request, `Warn` and
 * `Ignore` drop them (Validate=false in a sync maps to `Ignore`). Measured on 1.32: a
 * server-side apply still refuses a field outside a built-in kind's schema whatever is set.
 */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface ApplyOptions {
  /** Left to the server's default when absent. */
  fieldValidation?: FieldValidation;
}

/** Server-side apply, field manager `capstan`, forcing conflicts (DESIGN §5). */
export function applyServerSide(
  client: KubeClient,
  object: ManifestObject,
  options: ApplyOptions = {},
): Promise<ManifestObject> {
  return sendApply(client, object, false, options);
}

/**
 * The object as it would be after a server-side apply (same manager, force), computed by the
 * API server with `dryRun=All` and not persisted: defaults, admission and validation included,
 * so the diff stage can settle doubtful comparisons against it.
 */
export function dryRunApply(
  client: KubeClient,
  object: ManifestObject,
  options: ApplyOptions = {},
): Promise<ManifestObject> {
  return sendApply(client, object, true, options);
}

async function sendApply(
  client: KubeClient,
  object: ManifestObject,
  dryRun: boolean,
  options: ApplyOptions,
): Promise<ManifestObject> {
  const location = await locateResource(client, object.apiVersion, object.kind);
  const query: Record<string, string> = { fieldManager: FIELD_MANAGER, force: 'true' };
  if (dryRun) query['dryRun'] = 'All';
  if (options.fieldValidation !== undefined) query['fieldValidation'] = options.fieldValidation;
  const response = await sendKubeRequest(client, {
    method: 'PATCH',
    path: objectPath(location, object.metadata.namespace, object.metadata.name),
    query,
    body: object,
    contentType: 'application/apply-patch+yaml',
    kind: object.kind,
  });
  if (response.status >= 200 && response.status < 300) return response.body as ManifestObject;
  throw failureOf(describeObject(object), dryRun ? 'dry-run' : 'apply', response);
}

/** Creates the object unless one of that name exists; returns whether it created it. */
export async function createIfAbsent(client: KubeClient, object: ManifestObject): Promise<boolean> {
  const location = await locateResource(client, object.apiVersion, object.kind);
  const response = await sendKubeRequest(client, {
    method: 'POST',
    path: objectPath(location, object.metadata.namespace),
    query: { fieldManager: FIELD_MANAGER },
    body: object,
    kind: object.kind,
  });
  if (response.status === 409) return false;
  if (response.status >= 200 && response.status < 300) return true;
  throw failureOf(describeObject(object), 'create', response);
}

/** Reads one object; undefined when it does not exist (404). */
export async function getObject(
  client: KubeClient,
  ref: ObjectRef,
): Promise<ManifestObject | undefined> {
  const location = await locateResource(client, ref.apiVersion, ref.kind);
  const response = await sendKubeRequest(client, {
    method: 'GET',
    path: objectPath(location, ref.namespace, ref.name),
    kind: ref.kind,
  });
  if (response.status === 404) return undefined;
  if (response.status === 200) return response.body as ManifestObject;
  throw failureOf(describeRef(ref), 'read', response);
}

/** Waits until every named CRD reports Established=True, so its kind can be used at once. */
export async function waitForCrdsEstablished(
  client: KubeClient,
  names: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(names);
  while (pending.size > 0) {
    for (const name of [...pending]) {
      const crd = await getObject(client, {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        name,
      });
      if (crd !== undefined && (await isCrdUsable(client, crd))) pending.delete(name);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline)
      throw new KubeError(`CustomResourceDefinition ${[...pending].join(', ')}: not Established`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface CrdShape {
  spec?: {
    group?: string;
    names?: { kind?: string };
    versions?: { name: string; served?: boolean }[];
  };
  status?: { conditions?: { type: string; status: string }[] };
}

/**
 * Established is set before API discovery lists the kind (the discovery controller runs on its
 * own), and a client that trusts Established alone is told the kind does not exist. A CRD is
 * usable once it is Established and every served version is in discovery.
 */
async function isCrdUsable(client: KubeClient, crd: ManifestObject): Promise<boolean> {
  const { spec, status } = crd as CrdShape;
  if (!status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
    return false;
  const kind = spec?.names?.kind;
  if (spec?.group === undefined || kind === undefined) return true;
  for (const version of spec.versions ?? []) {
    if (version.served === false) continue;
    if (!(await isKindServedNow(client, `${spec.group}/${version.name}`, kind))) return false;
  }
  return true;
}
