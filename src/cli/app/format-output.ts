/**
 * Output shapes shared by the app commands: kubectl-style tables (columns padded to the
 * widest cell, three spaces apart), JSON and YAML. Pure: text in, text out.
 */
import { stringify } from 'yaml';
import type { OutputFormat } from './app-args.js';

const COLUMN_GAP = '   ';

/** Rows of cells under a header; the last column is not padded (no trailing spaces). */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    header
      .map((_, column) => {
        const cell = oneLine(cells[column] ?? '');
        return column === header.length - 1 ? cell : cell.padEnd(widths[column] ?? 0);
      })
      .join(COLUMN_GAP)
      .trimEnd();
  return [line(header), ...rows.map(line)].map((text) => `${text}\n`).join('');
}

/** `Key:  value` lines with the values aligned, as `argocd app get` prints its summary. */
export function formatFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...fields.map(([key]) => key.length + 1));
  return fields
    .map(([key, value]) => `${`${key}:`.padEnd(width)}  ${oneLine(value)}`.trimEnd() + '\n')
    .join('');
}

/** A message with newlines would break the table's rows. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/gu, ' ');
}

/** JSON (2-space indent) or YAML of any value; `table` is the caller's job. */
export function formatData(value: unknown, format: Exclude<OutputFormat, 'table'>): string {
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  return stringify(value, { lineWidth: 0 });
}

/** The first 7 characters of a commit SHA; anything else (a branch) unchanged. */
export function shortRevision(revision: string | undefined): string {
  if (revision === undefined) return '';
  return /^[0-9a-f]{40}$/u.test(revision) ? revision.slice(0, 7) : revision;
}
