/**
 * The patch fields of a kustomization: `patches` (strategic merge and JSON 6902, inline
 * and from files, with and without target selectors by kind, name regex, labelSelector
 * and annotationSelector), and the legacy `patchesStrategicMerge` and `patchesJson6902`.
 */
import { stringify } from 'yaml';
import { addFile, listLive, type CaseContext, type ModelResource } from './model.js';
import { makeExactTarget, makeJsonOps, makeSmpPatch } from './patch-bodies.js';
import { writeYamlDoc, pickYamlStyle } from './yaml-text.js';

type Entry = Record<string, unknown>;

/** Objects a patch may address: live, and not fragile (deleted ones would fail). */
function listPatchable(scope: readonly ModelResource[]): ModelResource[] {
  return listLive(scope).filter((r) => r.kind !== 'CustomResourceDefinition');
}

function writePatchFile(
  ctx: CaseContext,
  dir: string,
  stem: string,
  value: unknown,
  json: boolean,
): string {
  const path = `${ctx.rng.pick(['', '', 'patches/'])}${stem}.${json ? 'json' : 'yaml'}`;
  const text = json
    ? `${JSON.stringify(value, null, ctx.rng.pick([2, 4]))}\n`
    : writeYamlDoc(value, pickYamlStyle(ctx.rng));
  addFile(ctx, `${dir}/${path}`, text);
  return path;
}

function makeSmpEntry(ctx: CaseContext, dir: string, r: ModelResource, n: number): Entry {
  const { rng } = ctx;
  const withTarget = rng.chance(0.35);
  const patch = withTarget ? makeSmpPatch(rng, r, 'not-important') : makeSmpPatch(rng, r);
  const entry: Entry = {};
  if (rng.chance(0.5)) entry['patch'] = writeYamlDoc(patch, pickYamlStyle(rng));
  else
    entry['path'] = writePatchFile(
      ctx,
      dir,
      `smp-${String(n)}-${r.kind.toLowerCase()}`,
      patch,
      false,
    );
  if (withTarget) entry['target'] = makeExactTarget(rng, r);
  return entry;
}

function makeBroadTarget(
  ctx: CaseContext,
  pool: readonly ModelResource[],
): { target: Entry; matched: ModelResource[] } {
  const { rng } = ctx;
  const r = rng.pick(pool);
  const how = rng.int(0, 3);
  // JSON patches add under /metadata/labels, so every object matched must have labels.
  const sameKind = pool.filter((x) => x.kind === r.kind);
  const labelled = sameKind.every((x) => x.labelKeys.length > 0);
  if (how === 0 && labelled) return { target: { kind: r.kind }, matched: sameKind };
  if (how === 1 && labelled)
    return { target: { kind: r.kind, name: `${r.name.slice(0, 3)}.*` }, matched: sameKind };
  if (how !== 3) {
    const selector = rng.pick([
      `app=${r.name}`,
      `app in (${r.name},gateway)`,
      'app',
      'app,!no-such-label',
    ]);
    return {
      target: rng.chance(0.5)
        ? { kind: r.kind, labelSelector: selector }
        : { labelSelector: selector },
      matched: [],
    };
  }
  return {
    target: { annotationSelector: rng.pick(['example.com/owner=team-a', 'example.com/owner']) },
    matched: [],
  };
}

function makeJsonEntry(
  ctx: CaseContext,
  dir: string,
  pool: readonly ModelResource[],
  n: number,
): Entry {
  const { rng } = ctx;
  const narrow = rng.chance(0.65);
  const r = rng.pick(pool);
  const { target, matched } = narrow
    ? { target: makeExactTarget(rng, r), matched: [r] }
    : makeBroadTarget(ctx, pool);
  const ops = makeJsonOps(rng, matched, narrow);
  const entry: Entry = { target };
  if (rng.chance(0.5)) {
    entry['patch'] = rng.chance(0.3) ? JSON.stringify(ops) : stringify(ops, { lineWidth: 0 });
  } else {
    entry['path'] = writePatchFile(ctx, dir, `json-${String(n)}`, ops, rng.chance(0.4));
  }
  if (rng.chance(0.1)) entry['options'] = { allowNameChange: false };
  return entry;
}

/** `patches`: a mix of strategic-merge and JSON 6902 entries. */
export function addPatches(
  ctx: CaseContext,
  dir: string,
  body: Entry,
  scope: ModelResource[],
): void {
  const { rng } = ctx;
  const pool = listPatchable(scope);
  if (pool.length === 0) return;
  const entries: Entry[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    entries.push(
      rng.chance(0.55)
        ? makeSmpEntry(ctx, dir, rng.pick(pool), i)
        : makeJsonEntry(ctx, dir, pool, i),
    );
  }
  const deletable = pool.filter(
    (r) => r.kind === 'PodDisruptionBudget' || r.kind === 'NetworkPolicy',
  );
  if (deletable.length > 0 && rng.chance(0.15)) {
    const r = rng.pick(deletable);
    const metadata: Entry = { name: r.name };
    const namespace = rng.pick(r.origNamespaces);
    if (namespace !== '') metadata['namespace'] = namespace;
    entries.push({
      patch: stringify({ $patch: 'delete', apiVersion: r.apiVersion, kind: r.kind, metadata }),
    });
    r.deleted = true;
  }
  body['patches'] = entries;
}

/** `patchesStrategicMerge`: file paths and inline documents, sometimes several per file. */
export function addPatchesStrategicMerge(
  ctx: CaseContext,
  dir: string,
  body: Entry,
  scope: ModelResource[],
): void {
  const { rng } = ctx;
  const pool = listPatchable(scope);
  if (pool.length === 0) return;
  const entries: string[] = [];
  const targets = rng.sample(pool, rng.int(1, 3));
  if (targets.length >= 2 && rng.chance(0.4)) {
    const style = pickYamlStyle(rng);
    const text = targets.map((r) => writeYamlDoc(makeSmpPatch(rng, r), style)).join('---\n');
    const path = `${rng.pick(['', '', 'patches/'])}multi-patch.yaml`;
    addFile(ctx, `${dir}/${path}`, text);
    entries.push(path);
  } else {
    targets.forEach((r, i) => {
      const patch = makeSmpPatch(rng, r);
      if (rng.chance(0.3)) entries.push(writeYamlDoc(patch, pickYamlStyle(rng)));
      else entries.push(writePatchFile(ctx, dir, `psm-${String(i)}-${r.name}`, patch, false));
    });
  }
  body['patchesStrategicMerge'] = entries;
}

/** `patchesJson6902`: group/version/kind/name targets, inline or from a file. */
export function addPatchesJson6902(
  ctx: CaseContext,
  dir: string,
  body: Entry,
  scope: ModelResource[],
): void {
  const { rng } = ctx;
  const pool = listPatchable(scope);
  if (pool.length === 0) return;
  body['patchesJson6902'] = rng.sample(pool, rng.int(1, 2)).map((r, i) => {
    const [group, version] = r.apiVersion.includes('/')
      ? r.apiVersion.split('/')
      : ['', r.apiVersion];
    const target: Entry = {};
    if (group !== '' || rng.chance(0.3)) target['group'] = group;
    target['version'] = version;
    target['kind'] = r.kind;
    target['name'] = r.name;
    const ops = makeJsonOps(rng, [r], true);
    if (rng.chance(0.4)) return { target, patch: stringify(ops, { lineWidth: 0 }) };
    return {
      target,
      path: writePatchFile(ctx, dir, `json6902-${String(i)}-${r.name}`, ops, rng.chance(0.3)),
    };
  });
}
