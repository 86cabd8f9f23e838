/**
 * diff — would applying the desired object (server-side apply, field manager `capstan`,
 * force) change the live one? Input: desired and live objects (plus the app's
 * ignoreDifferences) → output: `equal`, `drift` or `needsDryRun` with the differing paths;
 * after a server-side dry-run, `compareDryRun` settles the doubtful ones.
 * It must never report `drift` unless applying certainly changes something (when in doubt
 * it answers `needsDryRun`), never `equal` when applying would change the live object, and
 * never treat a field absent from the desired object as drift. Pure: no I/O, no clock,
 * imports only model and api; inputs are never modified.
 */
export type { DiffVerdict, FieldDifference, DiffResult, CompareOptions } from './types.js';
export { compareResource } from './compare-resource.js';
export { compareDryRun } from './compare-dry-run.js';
export { matchesIgnoreRule, removeIgnoredFields, checkJqPathExpression } from './ignore-rules.js';
export { readCompareOptions } from './compare-options.js';
export type { ResourceCompareOptions } from './compare-options.js';
export { isSameQuantity } from './quantity.js';
export { isDeepEqual } from './values.js';
export { keepIgnoredFieldsFromLive } from './keep-ignored.js';
