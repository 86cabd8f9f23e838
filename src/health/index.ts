/**
 * health — Argo CD's resource health, pure. Input: one live object (or `undefined` when it is
 * not in the cluster) → output: `{ status, message }` with a HealthStatusCode. One file per
 * kind named in DESIGN §6 plus a kstatus-like generic rule; `aggregateHealth` folds resource
 * health into app health, worst first. No I/O, no clock, no environment; imports only api.
 */
export { assessHealth } from './assess.js';
export { aggregateHealth } from './aggregate.js';
export type { HealthResult } from './result.js';
export type { KubeObject } from './fields.js';
