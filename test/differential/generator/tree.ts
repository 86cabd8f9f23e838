/**
 * Lays out one case: one or two bases, an overlay, sometimes a second-level overlay,
 * components used by overlays, the entry directory and the kubectl flags. The layout is
 * drawn from the seed alone, so `generateCase(seed)` always yields the same files.
 */
import { posix } from 'node:path';
import { ERROR_KINDS, type ErrorKind } from './error-cases.js';
import { generateLevel, type LevelSpec } from './level.js';
import { createContext, type CaseContext, type ModelResource } from './model.js';
import { createRng } from './prng.js';
import { ENV_WORDS, FEATURE_WORDS, REGION_WORDS } from './scalars.js';

export interface GeneratedCase {
  /** File contents keyed by path relative to the case's input directory. */
  files: Record<string, string>;
  /** The directory to build, relative to the input directory. */
  entry: string;
  /** Extra `kubectl kustomize` flags. */
  flags: string[];
  /** The deliberate mistake this case carries, if any (kubectl must fail). */
  error?: ErrorKind;
}

function pickComponents(
  ctx: CaseContext,
  fromDir: string,
  used: Set<string>,
): { dir: string; path: string }[] {
  const { rng } = ctx;
  if (!rng.chance(0.35)) return [];
  const names = rng.sample(
    FEATURE_WORDS.filter((f) => !used.has(f)),
    rng.int(1, 2),
  );
  return names.map((name) => {
    used.add(name);
    const dir = `components/${name}`;
    return { dir, path: posix.relative(fromDir, dir) };
  });
}

function pickNamespace(ctx: CaseContext, p: number): string | undefined {
  return ctx.rng.chance(p)
    ? ctx.rng.pick(['team-a', 'shop', 'payments', 'observability', 'apps', 'default'])
    : undefined;
}

function generateBases(
  ctx: CaseContext,
  depth: number,
  error: ErrorKind | undefined,
): { dir: string; scope: ModelResource[] }[] {
  const { rng } = ctx;
  const root = rng.chance(0.2) ? 'app/' : '';
  const names = depth > 1 && rng.chance(0.25) ? ['base', 'shared'] : ['base'];
  return names.map((name) => {
    const dir = `${root}${name}`;
    const namespace = pickNamespace(ctx, 0.35);
    const spec: LevelSpec = {
      dir,
      role: 'base',
      children: [],
      components: depth === 1 ? pickComponents(ctx, dir, new Set()) : [],
      isEntry: depth === 1,
      apps: names.length > 1 ? 1 : rng.pick([1, 1, 1, 2, 2, 3]),
      ...(namespace === undefined ? {} : { namespace }),
      ...(depth === 1 && error !== undefined ? { error } : {}),
    };
    return { dir, scope: generateLevel(ctx, spec) };
  });
}

/** The whole tree for `seed`. */
export function generateCase(seed: number): GeneratedCase {
  const rng = createRng(seed);
  const ctx = createContext(rng);
  const error = rng.chance(0.04) ? rng.pick(ERROR_KINDS) : undefined;
  ctx.needsLoadRestrictionsNone = error === undefined && rng.chance(0.07);
  const depth = rng.pick([1, 2, 2, 2, 3, 3]);
  const bases = generateBases(ctx, depth, error);
  let entry = bases[0]?.dir ?? 'base';
  if (depth > 1) {
    const root = entry.startsWith('app/') ? 'app/' : '';
    const env = rng.pick(ENV_WORDS);
    const usedComponents = new Set<string>();
    let children = bases.map((b) => ({
      path: posix.relative(`${root}overlays/${env}`, b.dir),
      scope: b.scope,
    }));
    const levels = depth === 3 ? [env, `${env}-${rng.pick(REGION_WORDS)}`] : [env];
    for (const [i, name] of levels.entries()) {
      const dir = `${root}overlays/${name}`;
      const isEntry = i === levels.length - 1;
      const namespace = pickNamespace(ctx, 0.4);
      const spec: LevelSpec = {
        dir,
        role: 'overlay',
        children,
        components: pickComponents(ctx, dir, usedComponents),
        isEntry,
        apps: rng.chance(0.15) ? 1 : 0,
        ...(namespace === undefined ? {} : { namespace }),
        ...(isEntry && error !== undefined ? { error } : {}),
      };
      const scope = generateLevel(ctx, spec);
      entry = dir;
      const next = levels[i + 1];
      if (next !== undefined)
        children = [{ path: posix.relative(`${root}overlays/${next}`, dir), scope }];
    }
  }
  const flags: string[] = [];
  if (ctx.needsLoadRestrictionsNone) flags.push('--load-restrictor', 'LoadRestrictionsNone');
  if (rng.chance(0.08)) flags.push('--enable-managedby-label');
  return { files: ctx.files, entry, flags, ...(error === undefined ? {} : { error }) };
}
