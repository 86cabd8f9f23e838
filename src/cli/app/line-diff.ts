/**
 * A unified diff of two texts by lines, from a longest common subsequence. Pure. The common
 * head and tail are trimmed first, so the quadratic table only covers the changed middle —
 * small for the edits of one Kubernetes object.
 */

export interface UnifiedDiffOptions {
  /** Header names: `--- <from>` and `+++ <to>`. */
  fromName: string;
  toName: string;
  /** Unchanged lines shown around each change (diff -u: 3). */
  context?: number;
}

type Edit = { op: ' ' | '-' | '+'; line: string };

/** The lines of a text; a trailing newline does not make an empty last line. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Edit script turning `a` into `b`: kept, removed and added lines in order. */
export function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const edits: Edit[] = a.slice(0, head).map((line) => ({ op: ' ', line }));
  edits.push(...diffMiddle(midA, midB));
  edits.push(...a.slice(a.length - tail).map((line): Edit => ({ op: ' ', line })));
  return edits;
}

/** Above this many table cells (16 MB) the middle is shown as removed then added: still a valid diff. */
const MAX_TABLE_CELLS = 4_000_000;

function diffMiddle(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_TABLE_CELLS)
    return [
      ...a.map((line): Edit => ({ op: '-', line })),
      ...b.map((line): Edit => ({ op: '+', line })),
    ];
  // lengths[i][j]: LCS length of a[i..] and b[j..], flattened.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      edits.push({ op: ' ', line: a[i] ?? '' });
      i++;
      j++;
    } else if ((lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0)) {
      edits.push({ op: '-', line: a[i] ?? '' });
      i++;
    } else {
      edits.push({ op: '+', line: b[j] ?? '' });
      j++;
    }
  }
  for (; i < n; i++) edits.push({ op: '-', line: a[i] ?? '' });
  for (; j < m; j++) edits.push({ op: '+', line: b[j] ?? '' });
  return edits;
}

/** `diff -u` output, or '' when the texts are equal. */
export function formatUnifiedDiff(from: string, to: string, options: UnifiedDiffOptions): string {
  const edits = diffLines(splitLines(from), splitLines(to));
  if (edits.every((edit) => edit.op === ' ')) return '';
  const context = options.context ?? 3;
  let out = `--- ${options.fromName}\n+++ ${options.toName}\n`;
  for (const hunk of groupHunks(edits, context)) out += formatHunk(edits, hunk);
  return out;
}

interface HunkRange {
  start: number;
  end: number;
}

/** Index ranges of `edits` to print: each change with `context` lines around, merged when close. */
function groupHunks(edits: readonly Edit[], context: number): HunkRange[] {
  const hunks: HunkRange[] = [];
  edits.forEach((edit, index) => {
    if (edit.op === ' ') return;
    const start = Math.max(0, index - context);
    const end = Math.min(edits.length, index + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else hunks.push({ start, end });
  });
  return hunks;
}

function formatHunk(edits: readonly Edit[], hunk: HunkRange): string {
  let fromLine = 1;
  let toLine = 1;
  for (const edit of edits.slice(0, hunk.start)) {
    if (edit.op !== '+') fromLine++;
    if (edit.op !== '-') toLine++;
  }
  const body = edits.slice(hunk.start, hunk.end);
  const fromCount = body.filter((edit) => edit.op !== '+').length;
  const toCount = body.filter((edit) => edit.op !== '-').length;
  // diff -u numbers an empty side by the line before it.
  const range = (line: number, count: number): string =>
    count === 1 ? String(line) : `${String(count === 0 ? line - 1 : line)},${String(count)}`;
  const lines = body.map((edit) => `${edit.op}${edit.line}\n`).join('');
  return `@@ -${range(fromLine, fromCount)} +${range(toLine, toCount)} @@\n${lines}`;
}
