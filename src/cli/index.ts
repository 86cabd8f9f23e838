/**
 * cli — one function per `capstan` command. Each takes its parsed command and the
 * process's streams, and returns an exit code; none reads argv or the environment.
 */
export { runDevCluster } from './dev-cluster.js';
export type { CommandIO } from './io.js';
export { runBuild } from './build.js';
export { runRender } from './render.js';
