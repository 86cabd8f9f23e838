/** RFC 6901 JSON pointers: the paths of FieldDifference and of `jsonPointers` ignore rules. */

export type PathSegment = string | number;

function escapeSegment(segment: PathSegment): string {
  return typeof segment === 'number'
    ? String(segment)
    : segment.replace(/~/gu, '~0').replace(/\//gu, '~1');
}

/** `['metadata', 'labels', 'a/b']` → `/metadata/labels/a~1b`; `[]` → `` (the whole object). */
export function formatPointer(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) out += `/${escapeSegment(segment)}`;
  return out;
}

/**
 * `/a/b~1c` → `['a', 'b/c']`; undefined when the text is not a pointer (no leading `/`, or a
 * `~` not followed by 0 or 1). Segments stay strings: whether one indexes a list is decided
 * against the data.
 */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const segments: string[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    if (/~(?![01])/u.test(raw)) return undefined;
    segments.push(raw.replace(/~1/gu, '/').replace(/~0/gu, '~'));
  }
  return segments;
}

/** A pointer segment as a list index: canonical non-negative decimal only (`0`, `12`, not `01`). */
export function parseListIndex(segment: string): number | undefined {
  return /^(0|[1-9]\d*)$/u.test(segment) ? Number(segment) : undefined;
}
