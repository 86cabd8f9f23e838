/**
 * kube — the only module that talks to the API server (the only importer of
 * @kubernetes/client-node). Input: plain manifest objects; output: plain objects and
 * KubeErrors naming the object. Must never leak client-node types to other modules.
 */
export { connectKube, type KubeClient } from './client.js';
export {
  waitForApiServerReady,
  DEFAULT_READINESS_OPTIONS,
  type ReadinessOptions,
} from './readiness.js';
export {
  applyServerSide,
  createIfAbsent,
  getObject,
  waitForCrdsEstablished,
  type ManifestObject,
  type ObjectRef,
} from './apply.js';
