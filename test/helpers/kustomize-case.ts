/**
 * Builds a directory on disk the way `kubectl kustomize DIR [flags]` would and judges the
 * result the way ../shared/conformance/kustomize/run.mjs does: an output case passes when
 * it yields the same sequence of documents as the reference (key order ignored, integers
 * exact), an error case when the build fails. Shared by the conformance and differential
 * corpora.
 */
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { LocalFileSource, toSourcePath } from '../../src/cli/local-file-source.js';
import { buildKustomization, emitKustomizeYaml } from '../../src/render/index.js';

export interface CaseOutcome {
  ok: boolean;
  /** Output case only: our text equals the reference byte for byte. */
  identical: boolean;
  detail: string;
}

function parseDocuments(text: string): unknown[] {
  return parseAllDocuments(text, { intAsBigInt: true, uniqueKeys: true })
    .filter((d) => d.contents !== null)
    .map((d) => d.toJS({ maxAliasCount: -1 }) as unknown);
}

/** `expected` is the reference output, or undefined when the reference failed. */
export async function judgeKustomizeCase(
  dir: string,
  flags: readonly string[],
  expected: string | undefined,
): Promise<CaseOutcome> {
  let output: string;
  try {
    const objects = await buildKustomization(new LocalFileSource(), toSourcePath(dir, '/'), {
      loadRestriction: flags.includes('LoadRestrictionsNone')
        ? 'LoadRestrictionsNone'
        : 'LoadRestrictionsRootOnly',
      enableManagedByLabel: flags.includes('--enable-managedby-label'),
      display: (p) => `/${p}`,
    });
    output = emitKustomizeYaml(objects);
  } catch (err) {
    return {
      ok: expected === undefined,
      identical: false,
      detail: err instanceof Error ? err.message : String(err),
    };
  }
  if (expected === undefined)
    return { ok: false, identical: false, detail: 'expected an error, the build succeeded' };
  try {
    assert.deepEqual(parseDocuments(output), parseDocuments(expected));
  } catch (err) {
    return {
      ok: false,
      identical: false,
      detail: (err instanceof Error ? err.message : String(err)).slice(0, 3000),
    };
  }
  return { ok: true, identical: output === expected, detail: '' };
}
