/**
 * Small helpers over plain JSON data (objects from YAML or the API server): type tests,
 * emptiness, deep equality and copying. Nothing here knows about Kubernetes.
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isScalar(value: unknown): value is string | number | boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * `null`, `""`, `[]` and objects holding only such values: what the API server drops or
 * never stores, so a desired empty value and an absent live one mean the same thing.
 */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) {
    for (const key in value) {
      if (!isEmptyValue(value[key])) return false;
    }
    return true;
  }
  return false;
}

/** Exact JSON equality: key order does not matter, list order does. */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!isDeepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(b, key) || !isDeepEqual(a[key], b[key])) return false;
    }
    return true;
  }
  return false;
}

/** A deep copy of plain JSON data (faster than structuredClone for this shape). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneJson(item)) as T;
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    for (const key in value) copy[key] = cloneJson(value[key]);
    return copy as T;
  }
  return value;
}
