import { readFile } from 'node:fs/promises';
import type { HealthCommand } from './health-args.js';
import { assessHealth } from '../health/index.js';
import { identityOf, type KubeObject } from '../model/index.js';
import { parseKustomizeYaml } from '../render/index.js';
import type { CommandIO } from './io.js';

export interface HealthRow {
  kind: string;
  namespace: string;
  name: string;
  status: string;
  message: string;
}

/** Every object of the documents, `kind: List` (what `kubectl get -o yaml` prints) opened up. */
export function collectObjects(docs: readonly unknown[]): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of docs) {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) continue;
    const object = doc as KubeObject;
    const items = object['items'];
    if (
      typeof object['kind'] === 'string' &&
      object['kind'].endsWith('List') &&
      Array.isArray(items)
    )
      objects.push(...collectObjects(items));
    else objects.push(object);
  }
  return objects;
}

export function assessHealthRows(objects: readonly KubeObject[]): HealthRow[] {
  return objects.map((object) => {
    const identity = identityOf(object);
    const health = assessHealth(object);
    return {
      kind: identity.kind,
      namespace: identity.namespace,
      name: identity.name,
      status: health.status,
      message: health.message,
    };
  });
}

/** `<Kind>/<namespace>/<name>  <Health>  <message>`, one line per object (DESIGN.md §7). */
export function formatHealthLines(rows: readonly HealthRow[]): string {
  return rows
    .map(
      (row) =>
        `${row.kind}/${row.namespace}/${row.name}  ${row.status}  ${row.message}`.trimEnd() + '\n',
    )
    .join('');
}

/**
 * `capstan health [-o json] FILE...`: the health of live objects saved as YAML (or JSON), by
 * the controller's own rules. Exit 0 whatever the health; 1 when a file cannot be read or parsed.
 */
export async function runHealth(command: HealthCommand, io: CommandIO): Promise<number> {
  const objects: KubeObject[] = [];
  for (const file of command.files) {
    const text = await readFile(file, 'utf8');
    objects.push(...collectObjects(parseKustomizeYaml(text, file).docs));
  }
  const rows = assessHealthRows(objects);
  io.stdout(
    command.output === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : formatHealthLines(rows),
  );
  return 0;
}
