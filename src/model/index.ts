/**
 * model — the shared vocabulary every other module speaks: names fixed by the design,
 * error types. Pure: no I/O, no clock, no environment; imports nothing of ours.
 */
export {
  CapstanError,
  InvalidSpecError,
  KubeError,
  DevClusterError,
  UsageError,
  RenderError,
  isCapstanError,
  describeError,
} from './errors.js';
export type { CapstanErrorCode, CapstanErrorOptions } from './errors.js';
export {
  API_GROUP,
  API_VERSION,
  API_GROUP_VERSION,
  INSTALL_NAMESPACE,
  FIELD_MANAGER,
  KINDS,
  CRD_NAMES,
} from './names.js';
export { FileSourceError, joinSourcePath, dirnameOfSourcePath } from './file-source.js';
export type {
  FileSource,
  FileKind,
  DirEntry,
  FileStat,
  FileSourceErrorCode,
} from './file-source.js';
export {
  groupOfApiVersion,
  versionOfApiVersion,
  formatResourceKey,
  parseResourceKey,
  identityOf,
  resourceKeyOf,
  describeResource,
} from './resource-key.js';
export type { KubeObject, ResourceKey, ResourceIdentity } from './resource-key.js';
export {
  ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  MANAGED_BY_SELECTOR,
  RESOURCES_FINALIZER,
  annotationsOf,
  readAnnotation,
  splitOptionList,
  formatTrackingId,
  parseTrackingId,
} from './annotations.js';
export type { AppRef, TrackingId } from './annotations.js';
export { formatKubeTime } from './clock.js';
export type { Clock } from './clock.js';
export { encodeBase64, decodeBase64, encodeBase64Text } from './base64.js';
