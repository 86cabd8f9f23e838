/** Semantic checks of sync options, retry strategies and requested operations. */
import { InvalidSpecError } from '../model/index.js';
import { parseDuration } from './duration.js';
import type { DeepPartial } from './shape.js';
import { readSyncOption } from './sync-options.js';
import { checkApplicationSource } from './check-source.js';
import type { Operation, RetryStrategy, SyncPolicy } from './types.js';

/** Each entry known and well-formed, no key given two values, no `ServerSideApply=false`. */
export function checkSyncOptionList(
  list: readonly string[],
  path: string,
  errors: InvalidSpecError[],
): void {
  const seen = new Map<string, { value: string; index: number }>();
  list.forEach((entry, index) => {
    const at = `${path}[${String(index)}]`;
    const reading = readSyncOption(entry);
    if (!reading.ok) {
      errors.push(new InvalidSpecError(at, reading.problem));
      return;
    }
    if (reading.key === 'ServerSideApply' && reading.value === 'false') {
      // DESIGN.md §5: Capstan applies only with server-side apply.
      const message =
        'ServerSideApply=false is not supported: Capstan always uses server-side apply';
      errors.push(new InvalidSpecError(at, message));
    }
    const earlier = seen.get(reading.key);
    if (earlier !== undefined && earlier.value !== reading.value) {
      const message = `${entry} contradicts ${reading.key}=${earlier.value} at ${path}[${String(earlier.index)}]`;
      errors.push(new InvalidSpecError(at, message));
    }
    if (earlier === undefined) seen.set(reading.key, { value: reading.value, index });
  });
}

/** Backoff durations parse and the factor is at least 1. */
export function checkRetryStrategy(
  retry: DeepPartial<RetryStrategy>,
  path: string,
  errors: InvalidSpecError[],
): void {
  const backoff = retry.backoff;
  if (backoff === undefined) return;
  for (const field of ['duration', 'maxDuration'] as const) {
    const text = backoff[field];
    if (text !== undefined && parseDuration(text) === undefined) {
      const message = `"${text}" is not a duration such as 5s, 3m or 1h30m, or a number of seconds`;
      errors.push(new InvalidSpecError(`${path}.backoff.${field}`, message));
    }
  }
  if (backoff.factor !== undefined && backoff.factor < 1) {
    const message = `must be at least 1, not ${String(backoff.factor)}`;
    errors.push(new InvalidSpecError(`${path}.backoff.factor`, message));
  }
}

export function checkSyncPolicy(policy: DeepPartial<SyncPolicy>, errors: InvalidSpecError[]): void {
  if (policy.syncOptions !== undefined) {
    checkSyncOptionList(policy.syncOptions, 'spec.syncPolicy.syncOptions', errors);
  }
  if (policy.retry !== undefined) checkRetryStrategy(policy.retry, 'spec.syncPolicy.retry', errors);
}

/** A requested operation: its options and retry as for the spec, resources named. */
export function checkOperation(
  operation: DeepPartial<Operation>,
  errors: InvalidSpecError[],
): void {
  const sync = operation.sync;
  if (sync?.source !== undefined)
    checkApplicationSource(sync.source, errors, 'operation.sync.source');
  if (sync?.syncOptions !== undefined) {
    checkSyncOptionList(sync.syncOptions, 'operation.sync.syncOptions', errors);
  }
  sync?.resources?.forEach((resource, index) => {
    for (const field of ['kind', 'name'] as const) {
      if (resource[field] === '') {
        const at = `operation.sync.resources[${String(index)}].${field}`;
        errors.push(new InvalidSpecError(at, 'must not be empty'));
      }
    }
  });
  if (operation.retry !== undefined) checkRetryStrategy(operation.retry, 'operation.retry', errors);
}
