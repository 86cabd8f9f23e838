/**
 * Deliberate error cases: a few seeds get one mistake Kustomize must reject (a missing
 * resource file, a patch or generator merge with no target, a replacement source that
 * does not exist, an unknown kustomization field, a file outside the root).
 */
import { addFile, type CaseContext } from './model.js';

export const ERROR_KINDS = [
  'missing-resource',
  'patch-without-target',
  'merge-without-base',
  'replacement-without-source',
  'unknown-field',
  'file-outside-root',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

type Entry = Record<string, unknown>;

function append(body: Entry, field: string, value: unknown): void {
  body[field] = [...((body[field] as unknown[] | undefined) ?? []), value];
}

/** Adds the mistake `kind` to the kustomization body being written in `dir`. */
export function injectError(ctx: CaseContext, kind: ErrorKind, dir: string, body: Entry): void {
  switch (kind) {
    case 'missing-resource':
      append(body, 'resources', 'does-not-exist.yaml');
      return;
    case 'patch-without-target':
      append(body, 'patches', {
        patch:
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: no-such-deployment\nspec:\n  replicas: 2\n',
      });
      return;
    case 'merge-without-base':
      append(body, 'configMapGenerator', {
        name: 'no-such-config',
        behavior: 'merge',
        literals: ['A=1'],
      });
      return;
    case 'replacement-without-source':
      append(body, 'replacements', {
        source: { kind: 'ConfigMap', name: 'no-such-source', fieldPath: 'data.MODE' },
        targets: [
          {
            select: { kind: 'Deployment' },
            fieldPaths: ['metadata.annotations.mode'],
            options: { create: true },
          },
        ],
      });
      return;
    case 'unknown-field':
      body['commonLabelz'] = { typo: 'true' };
      return;
    case 'file-outside-root': {
      addFile(ctx, 'outside/secret.txt', 'not allowed\n');
      const up = '../'.repeat(dir.split('/').length);
      append(body, 'configMapGenerator', {
        name: 'outside-root',
        files: [`${up}outside/secret.txt`],
      });
      return;
    }
  }
}
