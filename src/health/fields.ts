/** Typed reads from untrusted Kubernetes objects: absent or mistyped fields read as undefined. */

export type KubeObject = Record<string, unknown>;

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
}

export function readRecord(value: unknown, ...path: string[]): KubeObject | undefined {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      return undefined;
    }
    current = (current as KubeObject)[key];
  }
  if (typeof current !== 'object' || current === null || Array.isArray(current)) {
    return undefined;
  }
  return current as KubeObject;
}

function readField(obj: KubeObject, path: readonly string[]): unknown {
  const last = path[path.length - 1];
  const parent = readRecord(obj, ...path.slice(0, -1));
  return parent === undefined || last === undefined ? undefined : parent[last];
}

export function readString(obj: KubeObject, ...path: string[]): string | undefined {
  const value = readField(obj, path);
  return typeof value === 'string' ? value : undefined;
}

export function readNumber(obj: KubeObject, ...path: string[]): number | undefined {
  const value = readField(obj, path);
  return typeof value === 'number' ? value : undefined;
}

export function readBoolean(obj: KubeObject, ...path: string[]): boolean | undefined {
  const value = readField(obj, path);
  return typeof value === 'boolean' ? value : undefined;
}

export function readArray(obj: KubeObject, ...path: string[]): readonly unknown[] {
  const value = readField(obj, path);
  return Array.isArray(value) ? value : [];
}

export function readRecords(obj: KubeObject, ...path: string[]): readonly KubeObject[] {
  return readArray(obj, ...path).filter(
    (item): item is KubeObject => typeof item === 'object' && item !== null && !Array.isArray(item),
  );
}

export function toConditions(items: readonly unknown[]): readonly Condition[] {
  return items.flatMap((item) => {
    const record = readRecord(item);
    const type = record === undefined ? undefined : readString(record, 'type');
    if (record === undefined || type === undefined) return [];
    return [
      {
        type,
        status: readString(record, 'status') ?? '',
        reason: readString(record, 'reason') ?? '',
        message: readString(record, 'message') ?? '',
      },
    ];
  });
}

export function readConditions(obj: KubeObject): readonly Condition[] {
  return toConditions(readArray(obj, 'status', 'conditions'));
}

export function findCondition(obj: KubeObject, type: string): Condition | undefined {
  return readConditions(obj).find((condition) => condition.type === type);
}

/** metadata.generation and status.observedGeneration, both defaulting to 0. */
export function readGenerations(obj: KubeObject): { generation: number; observed: number } {
  return {
    generation: readNumber(obj, 'metadata', 'generation') ?? 0,
    observed: readNumber(obj, 'status', 'observedGeneration') ?? 0,
  };
}
