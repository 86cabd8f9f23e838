/**
 * A tiny runtime description of the spec types (the "shape"), and the walker that checks an
 * untrusted value against it. `ShapeOf<T>` ties a shape to its TypeScript type at compile
 * time: a shape that lacks a field of the type, or names one the type does not have, does
 * not compile.
 */
import { InvalidSpecError } from '../model/index.js';

export interface StringShape {
  readonly kind: 'string';
}
export interface BooleanShape {
  readonly kind: 'boolean';
}
export interface IntegerShape {
  readonly kind: 'integer';
}
export interface IntOrStringShape {
  readonly kind: 'int-or-string';
}
export interface StringMapShape {
  readonly kind: 'string-map';
}
export interface ListShape<I = unknown> {
  readonly kind: 'list';
  readonly items: ShapeOf<I>;
}
export interface ObjectShape<T = unknown> {
  readonly kind: 'object';
  readonly fields: { readonly [K in keyof T]-?: ShapeOf<Exclude<T[K], undefined>> };
  readonly required: readonly (keyof T & string)[];
}

/** The shape that describes values of type `T`. */
export type ShapeOf<T> = [T] extends [string]
  ? StringShape
  : [T] extends [boolean]
    ? BooleanShape
    : [T] extends [number]
      ? IntegerShape
      : [T] extends [number | string]
        ? IntOrStringShape
        : [T] extends [readonly (infer I)[]]
          ? ListShape<I>
          : string extends keyof T
            ? StringMapShape
            : ObjectShape<T>;

/** Any shape, as the walker sees it. */
export type FieldShape =
  | StringShape
  | BooleanShape
  | IntegerShape
  | IntOrStringShape
  | StringMapShape
  | { readonly kind: 'list'; readonly items: FieldShape }
  | {
      readonly kind: 'object';
      readonly fields: Readonly<Record<string, FieldShape>>;
      readonly required: readonly string[];
    };

/** `T` with every field optional at every depth: what the walker returns after errors. */
export type DeepPartial<T> = T extends readonly (infer I)[]
  ? DeepPartial<I>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export interface ShapeWalk {
  readonly errors: InvalidSpecError[];
  /** Decides what a field the shape does not know means; pushes an error if it matters. */
  readonly onUnknownField: (path: string, value: unknown) => void;
}

export const STRING: StringShape = { kind: 'string' };
export const BOOLEAN: BooleanShape = { kind: 'boolean' };
export const INTEGER: IntegerShape = { kind: 'integer' };
export const INT_OR_STRING: IntOrStringShape = { kind: 'int-or-string' };
export const STRING_MAP: StringMapShape = { kind: 'string-map' };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `spec.source` + `path` → `spec.source.path`; keys that are not identifiers get brackets. */
export function joinFieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${String(key)}]`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/u.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

type ScalarShape = StringShape | BooleanShape | IntegerShape | IntOrStringShape;

const EXPECTED: Readonly<Record<ScalarShape['kind'], string>> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'an integer',
  'int-or-string': 'an integer or a string',
};

function fitsScalar(value: unknown, shape: ScalarShape): boolean {
  switch (shape.kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'int-or-string':
      return typeof value === 'string' || Number.isSafeInteger(value);
  }
}

function readScalar(value: unknown, shape: ScalarShape, path: string, walk: ShapeWalk): unknown {
  if (fitsScalar(value, shape)) return value;
  const message = `must be ${EXPECTED[shape.kind]}, not ${describeValue(value)}`;
  walk.errors.push(new InvalidSpecError(path, message));
  return undefined;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function readStringMap(value: unknown, path: string, walk: ShapeWalk): unknown {
  if (!isPlainObject(value)) {
    walk.errors.push(
      new InvalidSpecError(path, `must be a map of strings, not ${describeValue(value)}`),
    );
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') out[key] = item;
    else readScalar(item, STRING, joinFieldPath(path, key), walk);
  }
  return out;
}

function readList(value: unknown, items: FieldShape, path: string, walk: ShapeWalk): unknown {
  if (!Array.isArray(value)) {
    walk.errors.push(new InvalidSpecError(path, `must be a list, not ${describeValue(value)}`));
    return undefined;
  }
  const out: unknown[] = [];
  value.forEach((item: unknown, index) => {
    const itemPath = joinFieldPath(path, index);
    if (item === null || item === undefined) {
      walk.errors.push(new InvalidSpecError(itemPath, 'must not be null'));
      return;
    }
    const read = readShape(item, items, itemPath, walk);
    if (read !== undefined) out.push(read);
  });
  return out;
}

function readObject(
  value: unknown,
  shape: Extract<FieldShape, { kind: 'object' }>,
  path: string,
  walk: ShapeWalk,
): unknown {
  if (!isPlainObject(value)) {
    walk.errors.push(new InvalidSpecError(path, `must be an object, not ${describeValue(value)}`));
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const fieldPath = joinFieldPath(path, key);
    const fieldShape = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
    if (fieldShape === undefined) walk.onUnknownField(fieldPath, item);
    // null is absent, as the apiserver prunes it from non-nullable fields
    else if (item !== null && item !== undefined) {
      const read = readShape(item, fieldShape, fieldPath, walk);
      if (read !== undefined) out[key] = read;
    }
  }
  for (const key of shape.required) {
    if (out[key] === undefined && (value[key] === undefined || value[key] === null)) {
      walk.errors.push(new InvalidSpecError(joinFieldPath(path, key), 'is required'));
    }
  }
  return out;
}

/**
 * Checks `value` against `shape`, pushing one error per misfit, and returns a copy holding
 * only the fields that fit (nulls dropped). When no error was pushed the copy has the type
 * the shape describes; otherwise treat it as its `DeepPartial`.
 */
export function readShape(
  value: unknown,
  shape: FieldShape,
  path: string,
  walk: ShapeWalk,
): unknown {
  switch (shape.kind) {
    case 'object':
      return readObject(value, shape, path, walk);
    case 'list':
      return readList(value, shape.items, path, walk);
    case 'string-map':
      return readStringMap(value, path, walk);
    case 'string':
    case 'boolean':
    case 'integer':
    case 'int-or-string':
      return readScalar(value, shape, path, walk);
  }
}
