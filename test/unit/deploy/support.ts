/**
 * Renders deploy/ kustomizations with Capstan's own engine (the same one `capstan build`
 * runs) and finds objects in the result, for the manifest tests.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { LocalFileSource, toSourcePath } from '../../../src/cli/local-file-source.js';
import { buildKustomization } from '../../../src/render/index.js';

/** One rendered object, with the fields the tests read typed. */
export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The objects `kustomize build <repoRoot>/<dir>` prints, with the default load restrictor. */
export async function renderDeploy(dir: string): Promise<Manifest[]> {
  const objects = await buildKustomization(
    new LocalFileSource(),
    toSourcePath(`${repoRoot}${dir}`, '/'),
    {
      loadRestriction: 'LoadRestrictionsRootOnly',
      enableManagedByLabel: false,
      display: (path) => `/${path}`,
    },
  );
  return objects as unknown as Manifest[];
}

export function findObject(
  objects: readonly Manifest[],
  kind: string,
  name: string,
  namespace?: string,
): Manifest {
  const found = objects.find(
    (obj) =>
      obj.kind === kind &&
      obj.metadata.name === name &&
      (namespace === undefined || obj.metadata.namespace === namespace),
  );
  assert.ok(found, `${kind}/${name}${namespace ? ` in ${namespace}` : ''} not rendered`);
  return found;
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
}

export function rulesOf(role: Manifest): PolicyRule[] {
  return (role['rules'] ?? []) as PolicyRule[];
}

export interface Binding {
  roleRef: { kind: string; name: string };
  subjects: { kind: string; name: string; namespace?: string }[];
}

export function bindingOf(obj: Manifest): Binding {
  return obj as unknown as Binding;
}
