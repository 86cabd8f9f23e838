/**
 * What `app diff` shows of an object: without the fields the API server owns (status,
 * managedFields, resourceVersion, uid, creationTimestamp, generation, selfLink) and without
 * kubectl's last-applied annotation, keys sorted, Secret values masked. Pure.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../../model/index.js';

const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
] as const;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function normalizeForDiff(object: KubeObject): KubeObject {
  const rest: KubeObject = Object.fromEntries(
    Object.entries(structuredClone(object)).filter(([field]) => field !== 'status'),
  );
  const metadata = rest['metadata'] as Record<string, unknown> | undefined;
  if (!metadata) return rest;
  const kept = Object.entries(metadata).filter(
    ([field]) => !(SERVER_METADATA as readonly string[]).includes(field),
  );
  const annotations = Object.entries(
    (metadata['annotations'] as Record<string, unknown> | undefined) ?? {},
  ).filter(([key]) => key !== LAST_APPLIED);
  const cleaned: Record<string, unknown> = Object.fromEntries(
    kept.filter(([field]) => field !== 'annotations'),
  );
  if (annotations.length > 0) cleaned['annotations'] = Object.fromEntries(annotations);
  return { ...rest, metadata: cleaned };
}

const SAME_SECRET = '++++++++';
const LIVE_SECRET = '++++++++ (live)';
const DESIRED_SECRET = '++++++++ (desired)';

/**
 * Secret values never reach the terminal (as in `argocd app diff`): equal values on both
 * sides become the same mask, differing ones different masks, so the diff still shows which
 * keys changed.
 */
export function maskSecretPair(
  live: KubeObject | undefined,
  desired: KubeObject | undefined,
): [KubeObject | undefined, KubeObject | undefined] {
  const subject = live ?? desired;
  if (subject?.['kind'] !== 'Secret' || subject['apiVersion'] !== 'v1') return [live, desired];
  const maskedLive = live ? structuredClone(live) : undefined;
  const maskedDesired = desired ? structuredClone(desired) : undefined;
  for (const field of ['data', 'stringData']) {
    const a = maskedLive?.[field] as Record<string, unknown> | undefined;
    const b = maskedDesired?.[field] as Record<string, unknown> | undefined;
    for (const key of new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])) {
      const same = a?.[key] === b?.[key];
      if (a && key in a) a[key] = same ? SAME_SECRET : LIVE_SECRET;
      if (b && key in b) b[key] = same ? SAME_SECRET : DESIRED_SECRET;
    }
  }
  return [maskedLive, maskedDesired];
}

/** YAML with sorted keys, so key order never shows up as a difference; '' for no object. */
export function formatObjectYaml(object: KubeObject | undefined): string {
  if (object === undefined) return '';
  return stringify(object, { sortMapEntries: true, lineWidth: 0 });
}
