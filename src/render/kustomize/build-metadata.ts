import type { Resource, ResourceOrigin } from './resource.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

/** Joins relative paths like Go's filepath.Join: cleaned, `..` kept when it leads. */
export function joinOriginPath(...parts: string[]): string {
  const out: string[] = [];
  for (const segment of parts.join('/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

/** Records that a transformer configured in `configuredIn` ran over every resource. */
export function recordTransformation(
  resources: readonly Resource[],
  origin: ResourceOrigin,
  enabled = true,
): void {
  if (!enabled) return;
  for (const resource of resources) {
    if (resource.origin === undefined) resource.origin = origin;
    else resource.transformations.push(origin);
  }
}

/** The text Kustomize writes for an origin (kyaml marshalling, struct field order). */
export function formatOrigin(origin: ResourceOrigin, indent = ''): string {
  const lines: string[] = [];
  if (origin.path) lines.push(`path: ${origin.path}`);
  if (origin.configuredIn) lines.push(`configuredIn: ${origin.configuredIn}`);
  if (origin.configuredBy) {
    lines.push('configuredBy:');
    const by = origin.configuredBy;
    lines.push(`  apiVersion: ${by.apiVersion}`, `  kind: ${by.kind}`);
    if (by.name) lines.push(`  name: ${by.name}`);
    if (by.namespace) lines.push(`  namespace: ${by.namespace}`);
  }
  return lines.map((line, i) => (i === 0 ? line : `${indent}${line}`)).join('\n') + '\n';
}

/** Writes (or strips) the origin and transformation annotations per buildMetadata. */
export function writeBuildMetadata(
  resource: Resource,
  options: { origin: boolean; transformations: boolean },
): void {
  const wantsOrigin = options.origin && resource.origin !== undefined;
  const wantsTransformations = options.transformations && resource.transformations.length > 0;
  if (!wantsOrigin && !wantsTransformations) return;
  const annotations = (resource.metadata()['annotations'] ??= {}) as Record<string, string>;
  if (wantsOrigin && resource.origin)
    annotations[ORIGIN_ANNOTATION] = formatOrigin(resource.origin);
  if (wantsTransformations) {
    annotations[TRANSFORMATIONS_ANNOTATION] = resource.transformations
      .map((t) => `- ${formatOrigin(t, '  ')}`)
      .join('');
  }
}
