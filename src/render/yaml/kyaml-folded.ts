/**
 * kyaml prints every resource back to YAML with go-yaml v3 (keeping each scalar's style) and
 * reads that text again before converting it to JSON. For a folded (`>`) block scalar that trip
 * is not lossless: go-yaml v3's folded writer decides whether to double a line break by looking
 * at the first character of the whole value instead of the next line (it scans from index 0),
 * and libyaml's folded reader then turns the doubled break into an extra empty line, or a
 * single break into a space. foldLikeKyaml reproduces the trip on the value.
 */
import { analyzeScalar } from './scalar-style.js';

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** The content lines go-yaml v3 writes for `value` in folded style, joined by "\n". */
function writeFoldedBody(value: string): string {
  const firstText = value.search(/[^\n]/u);
  const first = firstText < 0 ? undefined : value[firstText];
  // The bug: is_blankz(value, k) with k counted from 0, not from the current break.
  const doubleBreaks = !(isBlank(first) || first === '\0');
  let out = '';
  let breaks = true;
  let leadingSpaces = true;
  for (const ch of value) {
    if (ch === '\n') {
      if (!breaks && !leadingSpaces && doubleBreaks) out += '\n';
      out += '\n';
      breaks = true;
    } else {
      if (breaks) leadingSpaces = isBlank(ch);
      out += ch;
      breaks = false;
    }
  }
  return out;
}

/** The chomping indicator libyaml writes: "-" strip, "+" keep, "" clip. */
function selectChomping(value: string): string {
  if (!value.endsWith('\n')) return '-';
  return value.length === 1 || value.endsWith('\n\n') ? '+' : '';
}

/** libyaml's folded block scalar scanner over already de-indented content lines. */
export function readFoldedBody(body: string, chomping: string): string {
  const lines = body.split('\n');
  let out = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let leadingBlank = false;
  lines.forEach((line, index) => {
    const hasBreak = index < lines.length - 1;
    if (line === '') {
      if (hasBreak) trailingBreaks += '\n';
      return;
    }
    const trailingBlank = isBlank(line[0]);
    if (!leadingBlank && !trailingBlank && leadingBreak === '\n') {
      if (trailingBreaks === '') out += ' ';
    } else {
      out += leadingBreak;
    }
    out += trailingBreaks + line;
    trailingBreaks = '';
    leadingBlank = isBlank(line[0]);
    leadingBreak = hasBreak ? '\n' : '';
  });
  if (chomping !== '-') out += leadingBreak;
  if (chomping === '+') out += trailingBreaks;
  return out;
}

/**
 * Whether go-yaml v3 keeps a literal or folded block for `value` when kyaml prints it (else it
 * falls back to double quotes). Unlike go-yaml v2, v3 allows tabs in blocks.
 */
export function isBlockKeptByKyaml(value: string): boolean {
  return analyzeScalar(value.replace(/\t/gu, 'x')).blockAllowed;
}

/** The value a folded scalar holds after kyaml's print-and-read-again. */
export function foldLikeKyaml(value: string): string {
  if (!value.includes('\n') || !isBlockKeptByKyaml(value)) return value;
  return readFoldedBody(writeFoldedBody(value), selectChomping(value));
}
