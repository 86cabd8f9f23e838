/**
 * render/kustomize — an in-process Kustomize v5.5.0 engine. Input: a FileSource and a
 * directory in it; output: the objects `kustomize build` prints, in its order. Reads
 * only through the FileSource (load restrictions and symlink escapes enforced); never
 * runs plugins, exec functions or network fetches.
 */
export {
  buildKustomization,
  DEFAULT_KUSTOMIZE_BUILD_OPTIONS,
  type KustomizeBuildOptions,
} from './build.js';
export type { LoadRestriction } from './loader.js';
export { KUSTOMIZATION_FILE_NAMES } from './loader.js';
export { parseImageOverride, type KustomizeOverrides } from './overrides.js';
