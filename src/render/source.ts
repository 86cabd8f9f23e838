import { RenderError, joinSourcePath, type FileSource } from '../model/index.js';
import { renderDirectory, type DirectoryOptions } from './directory.js';
import {
  buildKustomization,
  KUSTOMIZATION_FILE_NAMES,
  type LoadRestriction,
} from './kustomize/index.js';
import type { KustomizeOverrides } from './kustomize/index.js';

export type SourceType = 'Kustomize' | 'Directory';

export interface RenderSourceOptions {
  directory?: DirectoryOptions;
  kustomize?: KustomizeOverrides;
  loadRestriction?: LoadRestriction;
}

export interface RenderResult {
  sourceType: SourceType;
  objects: Record<string, unknown>[];
}

/**
 * Renders the manifests at `path` of a source tree the way Argo CD would: a directory
 * with a kustomization file is built with Kustomize (plus the Application's kustomize
 * overrides), any other directory is read as plain manifests. A Helm chart or a path
 * that does not exist is a RenderError naming the path.
 */
export async function renderSource(
  source: FileSource,
  path: string,
  options: RenderSourceOptions = {},
): Promise<RenderResult> {
  const dir = joinSourcePath(path);
  if (dir === undefined) throw new RenderError(path, 'path leaves the repository');
  const stat = await source.stat(dir);
  if (stat?.kind !== 'directory')
    throw new RenderError(
      path || '.',
      stat ? 'not a directory' : 'no such directory in the repository',
    );
  const type = await detectSourceType(source, dir);
  if (type === 'Kustomize') {
    const overrides = options.kustomize;
    const objects = await buildKustomization(source, dir, {
      loadRestriction: options.loadRestriction ?? 'LoadRestrictionsRootOnly',
      ...(overrides ? { overrides } : {}),
    });
    return { sourceType: type, objects };
  }
  if (options.kustomize && hasAny(options.kustomize)) {
    throw new RenderError(
      path || '.',
      'spec.source.kustomize is set but the path holds no kustomization file',
    );
  }
  return { sourceType: type, objects: await renderDirectory(source, dir, options.directory) };
}

export async function detectSourceType(source: FileSource, dir: string): Promise<SourceType> {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    if ((await source.stat(joinSourcePath(dir, name) ?? name))?.kind === 'file') return 'Kustomize';
  }
  if ((await source.stat(joinSourcePath(dir, 'Chart.yaml') ?? 'Chart.yaml'))?.kind === 'file') {
    throw new RenderError(
      joinSourcePath(dir, 'Chart.yaml') ?? 'Chart.yaml',
      'Helm charts are not supported by Capstan; render the chart into the repository or use Kustomize',
    );
  }
  return 'Directory';
}

function hasAny(overrides: KustomizeOverrides): boolean {
  return Object.values(overrides as Record<string, unknown>).some((value: unknown) => {
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
    return Boolean(value);
  });
}

/** The render cache key: the same repo, commit, path and options render the same objects. */
export function renderCacheKey(input: {
  repoURL: string;
  commit: string;
  path: string;
  options: RenderSourceOptions;
}): string {
  return JSON.stringify([
    input.repoURL,
    input.commit,
    joinSourcePath(input.path) ?? input.path,
    canonical(input.options),
  ]);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, canonical(v)]),
  );
}
