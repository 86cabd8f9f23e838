/**
 * sync/plan — pure planning of what a sync does. For the read path: the desired object set
 * (placed in namespaces, stamped with tracking metadata, duplicates and unknown kinds
 * reported). Input: rendered objects and the app's destination; output: data only. Never
 * does I/O, never reads the clock.
 */
export { prepareDesiredObjects, stampTracking } from './desired.js';
export type {
  DesiredObject,
  DesiredOptions,
  DesiredProblem,
  DesiredSet,
  ScopeLookup,
} from './desired.js';
