/**
 * render — turns a source tree into the Kubernetes objects to apply. Input: a FileSource
 * and a path in it; output: plain JSON-compatible objects (and their YAML text, printed
 * exactly as `kustomize build` prints it). Pure: reads only the FileSource it is given,
 * never the disk, the network, the clock or the environment.
 */
export {
  buildKustomization,
  DEFAULT_KUSTOMIZE_BUILD_OPTIONS,
  KUSTOMIZATION_FILE_NAMES,
} from './kustomize/index.js';
export type { KustomizeBuildOptions, LoadRestriction } from './kustomize/index.js';
export { emitKustomizeYaml, parseKustomizeYaml } from './yaml/index.js';
export { renderSource, detectSourceType, renderCacheKey } from './source.js';
export type { RenderResult, RenderSourceOptions, SourceType } from './source.js';
export type { KustomizeOverrides } from './kustomize/index.js';
export type { DirectoryOptions } from './directory.js';
