import { ApiextensionsV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { FIELD_MANAGER, KubeError } from '../model/index.js';
import { serverMessageOf, statusCodeOf, type KubeClient } from './client.js';

/** A manifest as plain JSON-compatible data. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** Server-side apply, field manager `capstan`, forcing conflicts (DESIGN §5). */
export async function applyServerSide(
  client: KubeClient,
  object: ManifestObject,
): Promise<ManifestObject> {
  const api = KubernetesObjectApi.makeApiClient(client.config);
  try {
    const applied = await api.patch(
      object,
      undefined,
      undefined,
      FIELD_MANAGER,
      true,
      PatchStrategy.ServerSideApply,
    );
    return applied;
  } catch (cause) {
    throw new KubeError(`${describeObject(object)}: apply failed: ${serverMessageOf(cause)}`, {
      cause,
      retryable: isRetryableStatus(statusCodeOf(cause)),
    });
  }
}

/** Creates the object unless one of that name exists; returns whether it created it. */
export async function createIfAbsent(client: KubeClient, object: ManifestObject): Promise<boolean> {
  const api = KubernetesObjectApi.makeApiClient(client.config);
  try {
    await api.create(object, undefined, undefined, FIELD_MANAGER);
    return true;
  } catch (cause) {
    if (statusCodeOf(cause) === 409) return false;
    throw new KubeError(`${describeObject(object)}: create failed: ${serverMessageOf(cause)}`, {
      cause,
    });
  }
}

/** Waits until every named CRD reports Established=True, so its kind can be used at once. */
export async function waitForCrdsEstablished(
  client: KubeClient,
  names: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const api = client.config.makeApiClient(ApiextensionsV1Api);
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(names);
  while (pending.size > 0) {
    for (const name of [...pending]) {
      const crd = await api.readCustomResourceDefinition({ name }).catch(() => undefined);
      const established = crd?.status?.conditions?.some(
        (c) => c.type === 'Established' && c.status === 'True',
      );
      if (established) pending.delete(name);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) {
      throw new KubeError(`CustomResourceDefinition ${[...pending].join(', ')}: not Established`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function describeObject(object: ManifestObject): string {
  const ns = object.metadata.namespace ? ` in ${object.metadata.namespace}` : '';
  return `${object.kind}/${object.metadata.name}${ns}`;
}

function isRetryableStatus(code: number | undefined): boolean {
  return code === undefined || code === 429 || code >= 500;
}

/** Reads one object; undefined when it does not exist (404). */
export async function getObject(
  client: KubeClient,
  ref: { apiVersion: string; kind: string; name: string; namespace?: string },
): Promise<ManifestObject | undefined> {
  const api = KubernetesObjectApi.makeApiClient(client.config);
  const header = {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: ref.namespace ? { name: ref.name, namespace: ref.namespace } : { name: ref.name },
  };
  try {
    return await api.read<ManifestObject>(header);
  } catch (cause) {
    if (statusCodeOf(cause) === 404) return undefined;
    throw new KubeError(`${ref.kind}/${ref.name}: read failed: ${serverMessageOf(cause)}`, {
      cause,
    });
  }
}
