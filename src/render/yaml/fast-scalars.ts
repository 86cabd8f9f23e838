/**
 * Scalar readers of the fast path (fast-parse.ts): single-line plain and quoted scalars and
 * block scalars of the common shapes. Each returns BAIL for anything it is not sure about, and
 * the caller then leaves the whole file to the full parser, so these never decide an error.
 */
import { decodeDoubleQuoted } from './double-quoted.js';
import { foldLikeKyaml, isBlockKeptByKyaml, readFoldedBody } from './kyaml-folded.js';

export const BAIL: unique symbol = Symbol('bail');
export type Bail = typeof BAIL;

/** First characters that make a plain scalar something else, or that we leave to the parser. */
const PLAIN_START_BAIL = new Set('#,[]{}&*!|>\'"%@`?:-\t ');

/** Index where a comment starts (" #"), or the text length. */
export function findCommentStart(text: string): number {
  const index = text.indexOf(' #');
  return index < 0 ? text.length : index;
}

/** Whether `text` after a scalar is empty or only a comment. */
function isBlankOrComment(text: string): boolean {
  const trimmed = text.trimStart();
  return trimmed === '' || (trimmed.startsWith('#') && trimmed.length < text.length);
}

/** A single-line plain scalar's text (comment and trailing spaces removed), or BAIL. */
export function readPlainText(text: string): string | Bail {
  const first = text.charAt(0);
  if (PLAIN_START_BAIL.has(first) && !(first === '-' && /^-\S/u.test(text))) return BAIL;
  const value = text.slice(0, findCommentStart(text)).trimEnd();
  if (value.includes(': ') || value.endsWith(':') || value.includes('\t')) return BAIL;
  return value;
}

const ESCAPE = /\\(?:[0abtnvfre "/\\N_LP\t]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/gu;

/** Whether every escape is one both libyaml and the `yaml` package read the same way. */
function hasOnlyPlainEscapes(raw: string): boolean {
  const rest = raw.replace(ESCAPE, (escape) => {
    const hex = /^\\[uU]([0-9a-fA-F]+)$/u.exec(escape)?.[1];
    if (hex === undefined) return '';
    const code = Number.parseInt(hex, 16);
    return code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\\' : '';
  });
  return !rest.includes('\\');
}

/** Index of the quote closing the quoted scalar at the start of `text`, or -1. */
export function findQuoteEnd(text: string): number {
  const quote = text.charAt(0);
  for (let i = 1; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quote === '"' && ch === '\\') i += 1;
    else if (ch === quote && quote === "'" && text.charAt(i + 1) === "'") i += 1;
    else if (ch === quote) return i;
  }
  return -1;
}

/** The value of a complete quoted scalar `raw` (quotes included), or BAIL. */
export function decodeQuoted(raw: string): string | Bail {
  if (/[\u0085\u2028\u2029\t]/u.test(raw)) return BAIL;
  if (raw.startsWith("'")) return raw.slice(1, -1).replace(/''/gu, "'");
  if (!raw.includes('\\')) return raw.slice(1, -1);
  return hasOnlyPlainEscapes(raw) ? decodeDoubleQuoted(raw) : BAIL;
}

/** A quoted scalar that closes on this line and is followed by nothing or a comment. */
export function readQuoted(text: string): string | Bail {
  const end = findQuoteEnd(text);
  if (end < 0 || !isBlankOrComment(text.slice(end + 1))) return BAIL;
  return decodeQuoted(text.slice(0, end + 1));
}

export interface BlockHeader {
  readonly folded: boolean;
  readonly chomping: '' | '-' | '+';
  readonly indentation: number;
}

/** `|`, `>-`, `|2+`, `>+2` … followed by nothing or a comment; else BAIL. */
export function readBlockHeader(text: string): BlockHeader | Bail {
  const match = /^([|>])(?:([1-9])?([-+])?|([-+])([1-9]))(.*)$/u.exec(text);
  if (match === null || !isBlankOrComment(match[6] ?? '')) return BAIL;
  const chomping = (match[3] ?? match[4] ?? '') as BlockHeader['chomping'];
  return {
    folded: match[1] === '>',
    chomping,
    indentation: Number(match[2] ?? match[5] ?? 0),
  };
}

/**
 * The value of a block scalar whose de-indented lines are `lines` (every one ended by a line
 * break), after kyaml's print-and-read-again; BAIL where the full parser must decide.
 */
export function readBlockValue(header: BlockHeader, lines: readonly string[]): string | Bail {
  let last = lines.length - 1;
  while (last >= 0 && lines[last] === '') last--;
  if (last < 0) return BAIL;
  let value: string;
  if (header.folded) {
    value = foldLikeKyaml(readFoldedBody(`${lines.join('\n')}\n`, header.chomping));
  } else {
    value = lines.slice(0, last + 1).join('\n');
    if (header.chomping !== '-') value += '\n';
    if (header.chomping === '+') value += '\n'.repeat(lines.length - 1 - last);
  }
  // kyaml cannot read such a block back; the full parser reports it.
  if (value.startsWith('\t') && isBlockKeptByKyaml(value)) return BAIL;
  return value;
}
