/**
 * Evaluates a parsed jq path (see jq-parse.ts) against an object: the concrete paths it
 * selects, which an ignore rule then deletes (Argo CD applies `del(EXPR)`).
 */
import type { PathSegment } from './json-pointer.js';
import type { JqCondition, JqStep } from './jq-parse.js';
import { isDeepEqual, isJsonObject } from './values.js';

interface Location {
  readonly path: readonly PathSegment[];
  readonly value: unknown;
}

/** The paths of existing values the expression selects. */
export function selectJqPaths(root: unknown, steps: readonly JqStep[]): PathSegment[][] {
  let locations: Location[] = [{ path: [], value: root }];
  for (const step of steps) locations = locations.flatMap((location) => applyStep(step, location));
  return locations.map((location) => [...location.path]);
}

function applyStep(step: JqStep, { path, value }: Location): Location[] {
  switch (step.type) {
    case 'field':
      return isJsonObject(value) && Object.hasOwn(value, step.name)
        ? [{ path: [...path, step.name], value: value[step.name] }]
        : [];
    case 'index':
      return Array.isArray(value) && step.index < value.length
        ? [{ path: [...path, step.index], value: value[step.index] as unknown }]
        : [];
    case 'iterate':
      if (Array.isArray(value))
        return value.map((item: unknown, i) => ({ path: [...path, i], value: item }));
      if (isJsonObject(value))
        return Object.keys(value).map((key) => ({ path: [...path, key], value: value[key] }));
      return [];
    case 'select':
      return isSatisfied(step.condition, value) ? [{ path, value }] : [];
  }
}

/** The values a relative operand path yields (missing fields read as null, as in jq). */
function operandValues(value: unknown, steps: readonly JqStep[]): unknown[] {
  let values: unknown[] = [value];
  for (const step of steps) {
    values = values.flatMap((current): unknown[] => {
      if (step.type === 'field')
        return [isJsonObject(current) ? (current[step.name] ?? null) : null];
      if (step.type === 'index')
        return [Array.isArray(current) ? (current[step.index] ?? null) : null];
      if (step.type === 'iterate')
        return Array.isArray(current)
          ? current
          : isJsonObject(current)
            ? Object.values(current)
            : [];
      return isSatisfied(step.condition, current) ? [current] : [];
    });
  }
  return values;
}

function isSatisfied(condition: JqCondition, value: unknown): boolean {
  switch (condition.type) {
    case 'and':
      return isSatisfied(condition.left, value) && isSatisfied(condition.right, value);
    case 'or':
      return isSatisfied(condition.left, value) || isSatisfied(condition.right, value);
    case 'compare':
      return operandValues(value, condition.operand).some(
        (operand) => isDeepEqual(operand, condition.literal) === condition.equal,
      );
    case 'affix':
      return operandValues(value, condition.operand).some(
        (operand) =>
          typeof operand === 'string' &&
          (condition.prefix
            ? operand.startsWith(condition.text)
            : operand.endsWith(condition.text)),
      );
  }
}
