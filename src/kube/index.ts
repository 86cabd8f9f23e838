/**
 * kube — the only module that talks to the API server (the only importer of
 * @kubernetes/client-node). Input: plain manifest objects; output: plain JSON objects
 * (timestamps stay strings, unknown fields stay) and KubeErrors naming the object.
 * Requests are raw HTTPS JSON; watches stream on their own sockets. Must never leak
 * client-node types to other modules, and never log Secret data.
 */
export { connectKube, type KubeClient } from './client.js';
export {
  waitForApiServerReady,
  DEFAULT_READINESS_OPTIONS,
  type ReadinessOptions,
} from './readiness.js';
export {
  applyServerSide,
  dryRunApply,
  createIfAbsent,
  getObject,
  waitForCrdsEstablished,
  type ApplyOptions,
  type FieldValidation,
  type ManifestObject,
  type ObjectRef,
} from './apply.js';
export {
  createObject,
  replaceObject,
  deleteObject,
  isKindServed,
  type CreatableObject,
  type DeleteOptions,
  type DeleteOutcome,
  type PropagationPolicy,
  type WriteOptions,
} from './write.js';
export { KubeStatusError, isConflictError } from './failure.js';
export { discoverApiResources, invalidateDiscovery, type ApiResource } from './api-resources.js';
export {
  listObjects,
  listSecrets,
  DEFAULT_LIST_PAGE_SIZE,
  type ResourceTarget,
  type ListOptions,
  type ObjectList,
} from './list.js';
export {
  createInformer,
  type Informer,
  type InformerHandlers,
  type InformerOptions,
} from './informer.js';
export { resourceVersionOf } from './informer-store.js';
export {
  patchObject,
  replaceStatus,
  type JsonPatchOperation,
  type ObjectPatch,
  type PatchType,
  type ReplaceStatusOptions,
} from './patch.js';
export {
  recordEvent,
  eventSubjectOf,
  EVENT_AGGREGATION_WINDOW_MS,
  type EventSubject,
  type KubeEventRecord,
  type RecordEventOptions,
} from './events.js';
export { instrumentKube, type KubeVerb, type KubeRequestListener } from './instrument.js';
export {
  readLease,
  createLease,
  updateLease,
  formatMicroTime,
  type LeaseRecord,
  type LeaseRef,
  type LeaseRequestOptions,
  type StoredLease,
} from './lease.js';
