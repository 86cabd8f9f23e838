/**
 * spec.ignoreDifferences with Argo CD's semantics: a rule matches by group (absent or ''
 * = core), kind, and optionally name and namespace (absent = any; `*` globs allowed in all
 * four); it names fields by JSON pointer, by jq path expression, or by the managers that
 * own them in the live object's managedFields. Ignored fields are removed from both sides
 * before comparing, so they can never cause drift.
 */
import type { ResourceIgnoreDifferences } from '../api/index.js';
import { identityOf, type KubeObject } from '../model/index.js';
import { parseJqPath } from './jq-parse.js';
import { selectJqPaths } from './jq-eval.js';
import { parsePointer } from './json-pointer.js';
import { managedFieldsOf } from './managed-fields.js';
import { deleteAtPath, deleteOwnedFields, deletePaths } from './remove-paths.js';
import { cloneJson, isJsonObject } from './values.js';

function matchesGlob(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/gu, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 'u').test(value);
}

export function matchesIgnoreRule(rule: ResourceIgnoreDifferences, object: KubeObject): boolean {
  const identity = identityOf(object);
  if (!matchesGlob(rule.group ?? '', identity.group)) return false;
  if (!matchesGlob(rule.kind, identity.kind)) return false;
  if (rule.name !== undefined && rule.name !== '' && !matchesGlob(rule.name, identity.name))
    return false;
  return (
    rule.namespace === undefined ||
    rule.namespace === '' ||
    matchesGlob(rule.namespace, identity.namespace)
  );
}

/** The rules that apply to an object (matched on the live object when there is one). */
export function selectIgnoreRules(
  rules: readonly ResourceIgnoreDifferences[] | undefined,
  object: KubeObject,
): ResourceIgnoreDifferences[] {
  if (rules === undefined || rules.length === 0) return [];
  return rules.filter((rule) => matchesIgnoreRule(rule, object));
}

/** Why a jq path expression is outside the supported subset, or undefined when it is fine. */
export function checkJqPathExpression(expression: string): string | undefined {
  const parsed = parseJqPath(expression);
  return parsed.ok ? undefined : `jq path expression "${expression}": ${parsed.error}`;
}

/**
 * A copy of `object` without the fields the rules ignore. Rules that do not match the
 * object (or `live`, which decides identity when given) are skipped; jq expressions outside
 * the subset are skipped too (checkJqPathExpression reports them). Manager rules read the
 * managedFields of `live` (else of `object`), because only the live object has them.
 */
export function removeIgnoredFields(
  object: KubeObject,
  rules: readonly ResourceIgnoreDifferences[],
  live?: KubeObject,
): KubeObject {
  const copy = cloneJson(object);
  for (const rule of selectIgnoreRules(rules, live ?? object)) {
    for (const pointer of rule.jsonPointers ?? []) {
      const path = parsePointer(pointer);
      if (path !== undefined) deleteAtPath(copy, path);
    }
    for (const expression of rule.jqPathExpressions ?? []) {
      const parsed = parseJqPath(expression);
      if (parsed.ok) deletePaths(copy, selectJqPaths(copy, parsed.steps));
    }
    const managers = rule.managedFieldsManagers ?? [];
    if (managers.length > 0) removeManagersFields(copy, managers, live ?? object);
  }
  return copy;
}

function removeManagersFields(
  copy: KubeObject,
  managers: readonly string[],
  owner: KubeObject,
): void {
  for (const entry of managedFieldsOf(owner) ?? []) {
    if (typeof entry.manager !== 'string' || !managers.includes(entry.manager)) continue;
    if (isJsonObject(entry.fieldsV1)) deleteOwnedFields(copy, entry.fieldsV1);
  }
}
