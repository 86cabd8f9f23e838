/**
 * JSON patch (RFC 6902) with the semantics of the library Kustomize v5.5.0 uses
 * (evanphx/json-patch v4), including where it departs from the RFC: `replace` of a
 * missing object key adds it, negative array indexes count from the end, a path's first
 * segment is ignored (so "a/b" acts like "/b"), `copy` from a missing key copies null,
 * `test` treats null like an empty object or list, and replacing the whole document by
 * a scalar does nothing.
 */
export type JsonOperation = Record<string, unknown>;

export class JsonPatchError extends Error {
  override readonly name = 'JsonPatchError';
}

type Container = Record<string, unknown> | unknown[];

/** Applies `ops` to `doc` (modified in place); returns the resulting document. */
export function applyJsonOperations(doc: unknown, ops: readonly JsonOperation[]): unknown {
  let root = doc;
  for (const op of ops) {
    const kind = typeof op['op'] === 'string' ? op['op'] : 'unknown';
    switch (kind) {
      case 'add':
        addValue(root, pathOf(op, 'path', 'add'), valueOf(op), 'add');
        break;
      case 'remove':
        removeValue(root, pathOf(op, 'path', 'remove'));
        break;
      case 'replace':
        root = replaceValue(root, op);
        break;
      case 'move':
        moveValue(root, op);
        break;
      case 'copy':
        copyValue(root, op);
        break;
      case 'test':
        testValue(root, op);
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${kind}`);
    }
  }
  return root;
}

function pathOf(op: JsonOperation, field: 'path' | 'from', what: string): string {
  const value = op[field];
  if (value === undefined || value === null) {
    throw new JsonPatchError(
      `${what} operation failed to decode ${field}: operation missing ${field} field`,
    );
  }
  if (typeof value !== 'string')
    throw new JsonPatchError(`${what} operation: ${field} must be a string`);
  return value;
}

/** The op's value, cloned so one patch applied to many resources shares nothing. */
function valueOf(op: JsonOperation): unknown {
  return Object.hasOwn(op, 'value') ? structuredClone(op['value']) : null;
}

function decodeKey(segment: string): string {
  return segment.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** The container holding the last segment of `path`, and that segment; undefined if absent. */
function findParent(
  root: unknown,
  path: string,
): { container: Container; key: string } | undefined {
  const segments = path.split('/');
  if (segments.length < 2) return undefined;
  let current: unknown = root;
  for (const segment of segments.slice(1, -1)) {
    const next = childOf(current, decodeKey(segment));
    if (next === undefined || typeof next !== 'object' || next === null) return undefined;
    current = next;
  }
  if (typeof current !== 'object' || current === null) return undefined;
  return { container: current as Container, key: decodeKey(segments[segments.length - 1] ?? '') };
}

function childOf(container: unknown, key: string): unknown {
  if (Array.isArray(container)) {
    const index = arrayIndex(key, container.length, false);
    return index === undefined ? undefined : container[index];
  }
  if (typeof container !== 'object' || container === null) return undefined;
  const map = container as Record<string, unknown>;
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Go's strconv.Atoi plus the library's negative-index rule; undefined when out of range. */
function arrayIndex(key: string, length: number, inserting: boolean): number | undefined {
  if (!/^[+-]?\d+$/.test(key)) return undefined;
  let index = Number(key);
  const size = inserting ? length + 1 : length;
  if (index < 0) {
    if (index < -size) return undefined;
    index += size;
  }
  return index >= size ? undefined : index;
}

function addValue(root: unknown, path: string, value: unknown, what: string): void {
  const parent = findParent(root, path);
  if (!parent)
    throw new JsonPatchError(`${what} operation does not apply: doc is missing path: "${path}"`);
  const { container, key } = parent;
  if (!Array.isArray(container)) {
    container[key] = value;
    return;
  }
  if (key === '-') {
    container.push(value);
    return;
  }
  const index = arrayIndex(key, container.length, true);
  if (index === undefined)
    throw new JsonPatchError(
      `error in ${what} for path: '${path}': Unable to access invalid index: ${key}`,
    );
  container.splice(index, 0, value);
}

function removeValue(root: unknown, path: string): unknown {
  const parent = findParent(root, path);
  if (!parent)
    throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}"`);
  const { container, key } = parent;
  if (Array.isArray(container)) {
    const index = arrayIndex(key, container.length, false);
    if (index === undefined)
      throw new JsonPatchError(
        `error in remove for path: '${path}': Unable to access invalid index: ${key}`,
      );
    return container.splice(index, 1)[0];
  }
  if (!Object.hasOwn(container, key)) {
    throw new JsonPatchError(
      `error in remove for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`,
    );
  }
  const removed = container[key];
  Reflect.deleteProperty(container, key);
  return removed;
}

function replaceValue(root: unknown, op: JsonOperation): unknown {
  const path = pathOf(op, 'path', 'replace');
  const value = valueOf(op);
  if (path === '') {
    if (!Object.hasOwn(op, 'value'))
      throw new JsonPatchError('replace operation is missing its value');
    // the library means to reject a scalar here but wraps a nil error, so it is a no-op
    return typeof value === 'object' && value !== null ? value : root;
  }
  const parent = findParent(root, path);
  if (!parent)
    throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${path}`);
  const { container, key } = parent;
  if (Array.isArray(container)) {
    const index = arrayIndex(key, container.length, false);
    if (index === undefined)
      throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}`);
    container[index] = value;
  } else container[key] = value;
  return root;
}

function moveValue(root: unknown, op: JsonOperation): void {
  const from = pathOf(op, 'from', 'move');
  const source = findParent(root, from);
  if (!source)
    throw new JsonPatchError(`move operation does not apply: doc is missing from path: ${from}`);
  if (
    Array.isArray(source.container) &&
    arrayIndex(source.key, source.container.length, false) === undefined
  ) {
    throw new JsonPatchError(
      `error in move for path: '${source.key}': Unable to access invalid index: ${source.key}`,
    );
  }
  const value = removeValue(root, from);
  const path = pathOf(op, 'path', 'move');
  if (!findParent(root, path))
    throw new JsonPatchError(
      `move operation does not apply: doc is missing destination path: ${path}`,
    );
  addValue(root, path, value, 'move');
}

function copyValue(root: unknown, op: JsonOperation): void {
  const from = pathOf(op, 'from', 'copy');
  const source = findParent(root, from);
  if (!source)
    throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${from}`);
  let value: unknown = null;
  if (Array.isArray(source.container)) {
    const index = arrayIndex(source.key, source.container.length, false);
    if (index === undefined)
      throw new JsonPatchError(
        `error in copy for from: '${from}': Unable to access invalid index: ${source.key}`,
      );
    value = source.container[index];
  } else if (Object.hasOwn(source.container, source.key)) value = source.container[source.key];
  const path = pathOf(op, 'path', 'copy');
  if (!findParent(root, path))
    throw new JsonPatchError(
      `copy operation does not apply: doc is missing destination path: ${path}`,
    );
  addValue(root, path, structuredClone(value), 'copy');
}

function testValue(root: unknown, op: JsonOperation): void {
  const path = pathOf(op, 'path', 'test');
  const expected = Object.hasOwn(op, 'value') ? op['value'] : undefined;
  if (path === '') {
    // a null (or absent) expected value never equals a present document in the library
    if (expected === undefined || expected === null || !sameJson(root, expected))
      throw new JsonPatchError(`testing value ${path} failed: test failed`);
    return;
  }
  const parent = findParent(root, path);
  if (!parent) throw new JsonPatchError(`test operation does not apply: is missing path: ${path}`);
  const { container, key } = parent;
  let actual: unknown;
  if (Array.isArray(container)) {
    const index = arrayIndex(key, container.length, false);
    if (index === undefined)
      throw new JsonPatchError(
        `error in test for path: '${path}': Unable to access invalid index: ${key}`,
      );
    actual = container[index];
  } else actual = Object.hasOwn(container, key) ? container[key] : undefined;
  if (actual === undefined) {
    if (expected === null) return;
    throw new JsonPatchError(`testing value ${path} failed: test failed`);
  }
  if (expected === undefined || expected === null || !sameJson(actual, expected)) {
    throw new JsonPatchError(`testing value ${path} failed: test failed`);
  }
}

/** The library's equality: objects by keys, lists by position, null ~ {} ~ []. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === null || (typeof a === 'object' && !Array.isArray(a))) {
    if (!(b === null || (typeof b === 'object' && !Array.isArray(b)))) return false;
    const x = (a ?? {}) as Record<string, unknown>;
    const y = (b ?? {}) as Record<string, unknown>;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    return keys.every((k) => Object.hasOwn(y, k) && sameJson(x[k], y[k]));
  }
  if (Array.isArray(a)) {
    if (!(b === null || Array.isArray(b))) return false;
    const y = b ?? [];
    return a.length === y.length && a.every((v, i) => sameJson(v, y[i]));
  }
  return typeof b !== 'object' && scalarJson(a) === scalarJson(b);
}

function scalarJson(value: unknown): string {
  return typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
}
