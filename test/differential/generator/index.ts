/**
 * Random but valid Kustomize trees for the differential test against `kubectl kustomize`:
 * `generateCase(seed)` → the files of a tree, the directory to build and the flags.
 * Pure and seeded: no Math.random, no clock, no disk; the same seed gives the same tree.
 */
export { generateCase, type GeneratedCase } from './tree.js';
export { ERROR_KINDS, type ErrorKind } from './error-cases.js';
