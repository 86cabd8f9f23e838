import { applyDirective } from './directive.js';
import { findElement, setElement } from './list-ops.js';
import {
  isEmptyMap,
  isMap,
  isMissingOrNull,
  isNilOrEmpty,
  MergeError,
  scalarFromText,
  textOf,
  type Walked,
} from './nodes.js';
import { patchStrategyOf, type SchemaNode, type SchemaSet } from './schema.js';
import { walkNodes } from './walk.js';

/**
 * A list whose schema says `x-kubernetes-patch-strategy: merge`, merged as kyaml's walker
 * does with Kustomize's option to put patch elements first: elements are identified by
 * the values of the merge keys (by their text for a list of scalars), each identity is
 * merged from its dest and patch elements, and the result lists the patch's identities
 * in patch order, then the ones only the dest had. Elements lacking a merge key and the
 * dest elements are then put back one by one, which is why some end up last.
 */
export function walkAssociativeList(
  schemas: SchemaSet,
  sources: Walked[],
  schema: SchemaNode,
): Walked {
  const dest = visitList(sources);
  if (dest === undefined) return undefined;
  sources[0] = dest;
  const { keys } = patchStrategyOf(schema);
  const values = identitiesOf(sources, keys);
  if (values.length > 0 || keys.length > 0)
    return mergeElements(schemas, sources, schema, { values, keys, dest });
  return mergeElements(schemas, sources, schema, {
    values: scalarIdentitiesOf(sources),
    keys: [''],
    dest,
  });
}

/**
 * walkAssociativeList for a list the patch does not mention. When every element has its own
 * identity (all merge keys set to distinct texts, or distinct non-empty scalars), the general
 * walk rebuilds the list with the same elements in the same order, each walked alone; other
 * lists (duplicates, nulls, elements lacking a key) take the general walk and its quirks.
 */
export function walkListDest(schemas: SchemaSet, dest: unknown[], schema: SchemaNode): Walked {
  if (!hasDistinctIdentities(dest, patchStrategyOf(schema).keys))
    return walkAssociativeList(schemas, [dest, undefined], schema);
  if (dest.length === 0) return dest;
  const elementSchema = schemas.elements(schema);
  return dest.map((element) => walkNodes(schemas, [element, undefined], elementSchema));
}

function hasDistinctIdentities(list: readonly unknown[], keys: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const element of list) {
    let id: string;
    if (keys.length === 0) {
      if (!isScalarValue(element)) return false;
      id = textOf(element);
      if (id === '') return false;
    } else {
      if (!isMap(element)) return false;
      const values: string[] = [];
      for (const key of keys) {
        const text = Object.hasOwn(element, key) ? textOf(element[key]) : '';
        if (text === '') return false;
        values.push(text);
      }
      id = values.length === 1 ? (values[0] ?? '') : JSON.stringify(values);
    }
    if (seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}

function isScalarValue(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean';
}

function visitList(sources: readonly Walked[]): Walked {
  const [dest, patch] = sources;
  if (isMissingOrNull(dest)) return patch;
  return applyDirective(dest, patch);
}

/** Patch sources first: with patch elements put first, their order wins. */
function sourcesPatchFirst(sources: readonly Walked[]): Walked[] {
  return [...sources.slice(1), sources[0]];
}

function identitiesOf(sources: readonly Walked[], keys: readonly string[]): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const source of sourcesPatchFirst(sources)) {
    if (!Array.isArray(source)) continue;
    for (const element of source) {
      const values = keys.map((key) => {
        const field = isMap(element) && Object.hasOwn(element, key) ? element[key] : undefined;
        return isNilOrEmpty(field) ? '' : textOf(field);
      });
      const id = JSON.stringify(values);
      if (values.length === 0 || seen.has(id)) continue;
      out.push(values);
      seen.add(id);
    }
  }
  return out;
}

function scalarIdentitiesOf(sources: readonly Walked[]): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const source of sourcesPatchFirst(sources)) {
    if (!Array.isArray(source)) continue;
    for (const element of source) {
      const text = textOf(element);
      if (seen.has(text)) continue;
      out.push([text]);
      seen.add(text);
    }
  }
  return out;
}

interface ElementsPlan {
  values: string[][];
  keys: readonly string[];
  dest: Walked;
}

function mergeElements(
  schemas: SchemaSet,
  sources: readonly Walked[],
  schema: SchemaNode,
  plan: ElementsPlan,
): Walked {
  const { keys, dest } = plan;
  const valuesList = keys.length > 1 ? unifyPartialIdentities(plan.values) : plan.values;
  const elementSchema = schemas.elements(schema);
  const merged: unknown[] = [];
  let validKeys: readonly string[] = [];
  const present = keysPresent(valuesList, keys);
  for (const values of valuesList) {
    if (values.length === 0) continue;
    const valid = keysWithValues(present, values, keys);
    validKeys = valid.keys;
    const val = walkNodes(
      schemas,
      elementSourcesOf(sources, valid.keys, valid.values),
      elementSchema,
    );
    if (isMissingOrNull(val) || isEmptyMap(val)) {
      if (Array.isArray(dest))
        setElement(dest, { element: undefined, keys: valid.keys, values: valid.values });
      continue;
    }
    restoreMissingKeys(val, valid.keys, valid.values);
    setElement(merged, { element: val, keys: valid.keys, values: valid.values });
  }
  const result = valuesList.length > 0 ? putBackElements(merged, dest, validKeys) : dest;
  return isMissingOrNull(result) ? undefined : result;
}

/** A merged element missing a merge key gets it back (as kyaml sets it, from the text). */
function restoreMissingKeys(
  val: unknown,
  keys: readonly string[],
  values: readonly string[],
): void {
  keys.forEach((key, i) => {
    const value = values[i] ?? '';
    if (key === '' || value === '') return;
    if (!isMap(val))
      throw new MergeError('wrong node kind: expected MappingNode but got ScalarNode');
    if (!Object.hasOwn(val, key)) val[key] = scalarFromText(value);
  });
}

function elementSourcesOf(
  sources: readonly Walked[],
  keys: readonly string[],
  values: readonly string[],
): Walked[] {
  const valid = keysWithValues(keysPresent([values], keys), values, keys);
  return sources.map((source) =>
    source === undefined ? undefined : findElement(source, valid.keys, valid.values),
  );
}

/** The keys some identity has a value for. */
function keysPresent(
  valuesList: readonly (readonly string[])[],
  keys: readonly string[],
): ReadonlySet<string> {
  const present = new Set<string>();
  for (const list of valuesList) list.forEach((v, i) => v !== '' && present.add(keys[i] ?? ''));
  return present;
}

/** Drops the keys no identity has a value for (unless none has any value at all). */
function keysWithValues(
  present: ReadonlySet<string>,
  values: readonly string[],
  keys: readonly string[],
): { keys: readonly string[]; values: readonly string[] } {
  if (present.size === 0) return { keys, values };
  return {
    keys: keys.filter((key) => present.has(key)),
    values: values.filter((v, i) => v !== '' || present.has(keys[i] ?? '')),
  };
}

/** Identities that agree wherever both have a value become one (port 80 ~ port 80/TCP). */
function unifyPartialIdentities(valuesList: string[][]): string[][] {
  for (let i = 0; i < valuesList.length; i++) {
    const first = valuesList[i] ?? [];
    for (let j = 0; j < valuesList.length; j++) {
      const unified = unifyIdentity(first, valuesList[j] ?? []);
      if (unified) {
        valuesList[i] = unified;
        valuesList[j] = unified;
      }
    }
  }
  return valuesList;
}

function unifyIdentity(a: readonly string[], b: readonly string[]): string[] | undefined {
  if (a.length !== b.length) return undefined;
  let common = false;
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) {
      common = true;
      out.push(x);
    } else if (x !== '' && y !== '') return undefined;
    else out.push(x !== '' ? x : y);
  }
  return common ? out : undefined;
}

/** kyaml appendListNode(merged, dest): each dest element replaces its identity or goes last. */
function putBackElements(merged: unknown[], dest: Walked, keys: readonly string[]): unknown[] {
  const elements: unknown[] = Array.isArray(dest) ? [...(dest as unknown[])] : [];
  for (const element of elements) {
    if (keys[0] === '') {
      setElement(merged, { element, keys: [''], values: [textOf(element)] });
      continue;
    }
    const values: string[] = [];
    for (const key of keys) {
      if (isMissingOrNull(element)) {
        merged.push(element);
        continue;
      }
      if (!isMap(element))
        throw new MergeError('wrong node kind: expected MappingNode but got ScalarNode');
      if (!Object.hasOwn(element, key)) {
        merged.push(element);
        continue;
      }
      values.push(textOf(element[key]));
    }
    if (keys.length > 1) setElement(merged, { element: undefined, keys, values });
    setElement(merged, { element, keys, values });
  }
  return merged;
}
