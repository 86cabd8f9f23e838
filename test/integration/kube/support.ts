/** Shared set-up for the kube adapter's integration tests. */
import assert from 'node:assert/strict';
import {
  applyServerSide,
  waitForCrdsEstablished,
  type InformerHandlers,
  type KubeClient,
  type ManifestObject,
} from '../../../src/kube/index.js';

let namespaces = 0;

/** A fresh namespace per test, so tests never see each other's objects. */
export async function createTestNamespace(client: KubeClient, prefix: string): Promise<string> {
  namespaces += 1;
  const name = `${prefix}-${String(process.pid)}-${String(namespaces)}`;
  await applyServerSide(client, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

export function configMap(
  namespace: string,
  name: string,
  data: Record<string, string> = {},
  labels: Record<string, string> = {},
): ManifestObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data };
}

/** A schemaless namespaced CRD `<Kind>` in `group`, version v1, with a status subresource. */
export async function installTestCrd(
  client: KubeClient,
  group: string,
  kind: string,
  scope: 'Namespaced' | 'Cluster' = 'Namespaced',
): Promise<{ group: string; version: string; kind: string; plural: string }> {
  const plural = `${kind.toLowerCase()}s`;
  const name = `${plural}.${group}`;
  await applyServerSide(client, {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group,
      scope,
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      ],
    },
  });
  await waitForCrdsEstablished(client, [name], 30_000);
  return { group, version: 'v1', kind, plural };
}

export interface Notice {
  type: 'add' | 'update' | 'delete';
  name: string;
  resourceVersion: string;
  /** Date.now() when the handler ran. */
  at: number;
  object: ManifestObject;
}

/** Informer handlers that write down every notice, in order. */
export function recordNotices(): { handlers: InformerHandlers; notices: Notice[] } {
  const notices: Notice[] = [];
  const note = (type: Notice['type'], object: ManifestObject): void => {
    const rv = (object.metadata as { resourceVersion?: string }).resourceVersion ?? '';
    notices.push({ type, name: object.metadata.name, resourceVersion: rv, at: Date.now(), object });
  };
  return {
    notices,
    handlers: {
      onAdd: (obj) => note('add', obj),
      onUpdate: (obj) => note('update', obj),
      onDelete: (obj) => note('delete', obj),
    },
  };
}

/** `type name` for each notice, optionally only for some names. */
export function summarize(notices: readonly Notice[], names?: readonly string[]): string[] {
  return notices
    .filter((n) => names === undefined || names.includes(n.name))
    .map((n) => `${n.type} ${n.name}`);
}

export function resourceVersionOf(object: ManifestObject | undefined): string {
  assert.ok(object, 'object exists');
  const rv = (object.metadata as { resourceVersion?: unknown }).resourceVersion;
  assert.equal(typeof rv, 'string');
  return rv as string;
}
