/**
 * devcluster — a real, throwaway Kubernetes control plane for `capstan dev-cluster`,
 * `capstan demo` and the test suite: kube-apiserver with embedded etcd (and, for
 * workloads, controller-manager, scheduler and a kwok fake node), built once from their
 * Go modules and cached. Input: a data dir and options; output: a kubeconfig and a stop
 * function. It must never leave processes or ports behind.
 */
export { startDevCluster, type DevCluster, type DevClusterOptions } from './cluster.js';
export {
  ensureControlPlaneBinaries,
  computeSourceKey,
  type ControlPlaneBinaries,
} from './binaries.js';
export { findPackageRoot } from './paths.js';
export { FAKE_NODE_NAME } from './components.js';
