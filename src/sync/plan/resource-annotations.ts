/**
 * What an object's own annotations say about its sync (DESIGN.md §3): wave, hook phases,
 * hook delete policies, per-resource sync options. Both `capstan.dev/` and
 * `argocd.argoproj.io/` spellings are read (readAnnotation). Bad values are ignored the way
 * Argo CD ignores them, and reported as warnings so nobody wonders why a wave did nothing.
 */
import type { HookType } from '../../api/index.js';
import {
  ANNOTATION,
  annotationsOf,
  describeResource,
  identityOf,
  readAnnotation,
  splitOptionList,
  type KubeObject,
} from '../../model/index.js';
import type { HookDeletePolicy } from './types.js';

const HOOK_TYPES: readonly string[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];
const DELETE_POLICIES: readonly string[] = ['HookSucceeded', 'HookFailed', 'BeforeHookCreation'];

/** Per-resource sync-options Capstan understands; others are reported and ignored. */
const RESOURCE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  Prune: ['true', 'false'],
  Delete: ['true', 'false'],
  PruneLast: ['true', 'false'],
  ServerSideApply: ['true', 'false'],
  Replace: ['true', 'false'],
  Validate: ['true', 'false'],
  SkipDryRunOnMissingResource: ['true', 'false'],
};

function subjectOf(object: KubeObject): string {
  const identity = identityOf(object);
  const generateName = (object['metadata'] as Record<string, unknown> | undefined)?.[
    'generateName'
  ];
  if (identity.name === '' && typeof generateName === 'string') {
    return describeResource({ ...identity, name: `${generateName}*` });
  }
  return describeResource(identity);
}

/** The sync-wave: an integer, 0 when absent or not an integer (as Argo CD's Atoi fallback). */
export function readSyncWave(object: KubeObject, warnings: string[]): number {
  const text = readAnnotation(annotationsOf(object), ANNOTATION.syncWave);
  if (text === undefined) return 0;
  if (/^[+-]?\d+$/u.test(text)) {
    const wave = Number.parseInt(text, 10);
    if (Number.isSafeInteger(wave)) return wave;
  }
  warnings.push(`${subjectOf(object)}: sync-wave "${text}" is not an integer; using wave 0`);
  return 0;
}

/**
 * How the hook annotation classifies an object. `resource`: no hook annotation. `skip`:
 * `Skip` and no phase — never applied. `hook`: the
 * phases it runs in (deduplicated, in the annotation's order). `invalid`: a hook annotation
 * that names no phase Capstan knows, so it would otherwise silently vanish.
 */
export type HookClass =
  | { readonly kind: 'resource' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'hook'; readonly phases: readonly HookType[] }
  | { readonly kind: 'invalid'; readonly value: string };

export function classifyHook(object: KubeObject, warnings: string[]): HookClass {
  const text = readAnnotation(annotationsOf(object), ANNOTATION.hook);
  if (text === undefined) return { kind: 'resource' };
  const items = splitOptionList(text);
  const phases: HookType[] = [];
  let hasSkip = false;
  for (const item of items) {
    if (item === 'Skip') hasSkip = true;
    else if (HOOK_TYPES.includes(item)) {
      if (!phases.includes(item as HookType)) phases.push(item as HookType);
    } else warnings.push(`${subjectOf(object)}: unknown hook type "${item}" ignored`);
  }
  // Argo CD: Skip only skips when no phase is named beside it.
  if (hasSkip && phases.length === 0) return { kind: 'skip' };
  if (phases.length === 0) return { kind: 'invalid', value: text };
  return { kind: 'hook', phases };
}

/** Whether a live object is a hook: hooks are created by syncs, never pruned. */
export function isHookObject(object: KubeObject): boolean {
  const text = readAnnotation(annotationsOf(object), ANNOTATION.hook);
  if (text === undefined) return false;
  const items = splitOptionList(text);
  // Unknown values still count as a hook: when unsure, the safe side is not to delete.
  return !(items.includes('Skip') && !items.some((item) => HOOK_TYPES.includes(item)));
}

/** hook-delete-policy values; BeforeHookCreation when none is given (Argo CD's default). */
export function readDeletePolicies(object: KubeObject, warnings: string[]): HookDeletePolicy[] {
  const text = readAnnotation(annotationsOf(object), ANNOTATION.hookDeletePolicy);
  const policies: HookDeletePolicy[] = [];
  for (const item of splitOptionList(text)) {
    if (!DELETE_POLICIES.includes(item)) {
      warnings.push(`${subjectOf(object)}: unknown hook-delete-policy "${item}" ignored`);
    } else if (!policies.includes(item as HookDeletePolicy)) {
      policies.push(item as HookDeletePolicy);
    }
  }
  return policies.length === 0 ? ['BeforeHookCreation'] : policies;
}

/** The object's own sync-options as `Key → value`; unknown keys and values are reported. */
export function readResourceSyncOptions(
  object: KubeObject,
  warnings: string[],
): ReadonlyMap<string, string> {
  const options = new Map<string, string>();
  const text = readAnnotation(annotationsOf(object), ANNOTATION.syncOptions);
  for (const entry of splitOptionList(text)) {
    const equals = entry.indexOf('=');
    const key = equals > 0 ? entry.slice(0, equals).trim() : entry;
    const value = equals > 0 ? entry.slice(equals + 1).trim() : '';
    const allowed = RESOURCE_OPTIONS[key];
    if (allowed?.includes(value) === true) options.set(key, value);
    else warnings.push(`${subjectOf(object)}: sync option "${entry}" ignored`);
  }
  return options;
}
