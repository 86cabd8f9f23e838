/**
 * A fast path for the YAML that nearly every Kubernetes file is written in: block mappings and
 * sequences indented with spaces, single-line plain and quoted scalars, block scalars,
 * single-line flow collections of simple scalars (fast-flow.ts) and comments. Anything else
 * (anchors, tags, multi-line flow collections, unusual flow content, multi-line
 * plain or quoted scalars, complex keys, duplicate or non-string keys, tabs, directives, …)
 * makes it give up, and that document goes to the full parser (parse-yaml.ts). It never
 * reports an error itself, so error messages always come from one place, and for every input
 * it accepts it must produce exactly what the full parser produces (checked by the tests).
 */
import { setKey } from './build-value.js';
import type { UnsafeIntegers } from './build-value.js';
import { readFlowLine } from './fast-flow.js';
import { createGoV3Resolver } from './fast-resolve.js';
import type { FastResolver } from './fast-resolve.js';
import {
  BAIL,
  decodeQuoted,
  findCommentStart,
  findQuoteEnd,
  readBlockHeader,
  readBlockValue,
  readPlainText,
  readQuoted,
} from './fast-scalars.js';
import type { BlockHeader } from './fast-scalars.js';

/** Thrown to abandon the fast path; never escapes this module. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp('fast path not applicable');

function check<T>(value: T | typeof BAIL): T {
  if (value === BAIL) throw GIVE_UP;
  return value;
}

/** A line (or the rest of a line after "- " or "key: ") still to be parsed. */
interface Cursor {
  readonly index: number;
  readonly indent: number;
  readonly content: string;
}

const isSequenceEntry = (content: string): boolean => content === '-' || content.startsWith('- ');
function trimSpaces(text: string): string {
  let start = 0;
  while (text.charCodeAt(start) === 32) start++;
  return start === 0 ? text : text.slice(start);
}
const isEmptyRest = (rest: string): boolean => rest === '' || rest.startsWith('#');
const EMPTY_FLOW = /^(\[\]|\{\})(\s+#.*|\s*)$/u;

/** A mapping entry's key and the rest of its line after ":"; undefined if not an entry. */
function splitEntry(content: string, resolver: FastResolver): [string, string] | undefined {
  if (content.startsWith('"') || content.startsWith("'")) {
    const end = findQuoteEnd(content);
    if (end < 0 || content.charAt(end + 1) !== ':') return undefined;
    const after = content.slice(end + 2);
    if (after !== '' && !after.startsWith(' ')) return undefined;
    const key = check(decodeQuoted(content.slice(0, end + 1)));
    if (!resolver.key(key, false)) throw GIVE_UP;
    return [key, after];
  }
  const colon = findValueColon(content);
  if (colon < 0 || colon >= findCommentStart(content)) return undefined;
  const key = check(readPlainText(content.slice(0, colon)));
  if (!resolver.key(key, true)) throw GIVE_UP;
  return [key, content.slice(colon + 1)];
}

/** Index of the first ":" followed by a space or the end of the line, or -1. */
function findValueColon(content: string): number {
  for (let colon = content.indexOf(':'); colon >= 0; colon = content.indexOf(':', colon + 1)) {
    const after = content.charCodeAt(colon + 1);
    if (after === 32 || Number.isNaN(after)) return colon;
  }
  return -1;
}

class FastParser {
  private next = 0;
  /** peek()'s last answer, for the `next` it was given. */
  private peeked: { from: number; cursor: Cursor | undefined } = { from: -1, cursor: undefined };

  constructor(
    private readonly lines: readonly string[],
    private readonly lastLineHasBreak: boolean,
    private readonly resolver: FastResolver,
  ) {}

  /** The next line that is neither blank nor a comment, without consuming it. */
  private peek(): Cursor | undefined {
    if (this.peeked.from !== this.next) {
      this.peeked = { from: this.next, cursor: this.scan() };
    }
    return this.peeked.cursor;
  }

  private scan(): Cursor | undefined {
    for (let index = this.next; index < this.lines.length; index++) {
      const line = this.lines[index] ?? '';
      let indent = 0;
      while (line.charCodeAt(indent) === 32) indent++;
      if (line.charCodeAt(indent) === 9) throw GIVE_UP;
      const content = line.slice(indent);
      if (content !== '' && !content.startsWith('#')) return { index, indent, content };
    }
    return undefined;
  }

  parseDocument(): unknown {
    let first = this.peek();
    if (first?.content.startsWith('---') === true && first.indent === 0) {
      if (!/^---(\s+#.*|\s*)$/u.test(first.content)) throw GIVE_UP;
      this.next = first.index + 1;
      first = this.peek();
    }
    if (first === undefined) return null;
    if (first.indent !== 0) throw GIVE_UP;
    const value = this.parseCollection(first);
    if (this.peek() !== undefined) throw GIVE_UP;
    return value;
  }

  private parseCollection(cursor: Cursor): unknown {
    if (isSequenceEntry(cursor.content)) return this.parseSequence(cursor);
    if (splitEntry(cursor.content, this.resolver) !== undefined) return this.parseMapping(cursor);
    throw GIVE_UP;
  }

  private parseSequence(first: Cursor): unknown[] {
    const items: unknown[] = [];
    const column = first.indent;
    for (let cursor = first; ;) {
      this.next = cursor.index + 1;
      const rest = cursor.content.slice(1);
      const inner = trimSpaces(rest);
      if (isEmptyRest(inner)) items.push(this.parseNested(column, false));
      else {
        const indent = column + 1 + rest.length - inner.length;
        items.push(this.parseInline({ index: cursor.index, indent, content: inner }, column, true));
      }
      const next = this.peek();
      if (next === undefined || next.indent < column) break;
      if (next.indent > column) throw GIVE_UP;
      if (!isSequenceEntry(next.content)) break;
      cursor = next;
    }
    return items;
  }

  private parseMapping(first: Cursor): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const column = first.indent;
    for (let cursor = first; ;) {
      this.next = cursor.index + 1;
      const [key, after] = splitEntry(cursor.content, this.resolver) ?? check<never>(BAIL);
      if (Object.hasOwn(result, key)) throw GIVE_UP;
      const rest = trimSpaces(after);
      const indent = column + cursor.content.length - rest.length;
      const value = isEmptyRest(rest)
        ? this.parseNested(column, true)
        : this.parseInline({ index: cursor.index, indent, content: rest }, column, false);
      setKey(result, key, value);
      const next = this.peek();
      if (next === undefined || next.indent < column) break;
      if (next.indent > column || isSequenceEntry(next.content)) throw GIVE_UP;
      cursor = next;
    }
    return result;
  }

  /** The value on the lines after "key:" or "-", indented deeper (or an indentless list). */
  private parseNested(parentIndent: number, allowIndentless: boolean): unknown {
    const cursor = this.peek();
    if (cursor === undefined) return null;
    if (cursor.indent > parentIndent) return this.parseCollection(cursor);
    if (allowIndentless && cursor.indent === parentIndent && isSequenceEntry(cursor.content)) {
      return this.parseSequence(cursor);
    }
    return null;
  }

  private parseInline(cursor: Cursor, parentIndent: number, inSequence: boolean): unknown {
    const content = cursor.content;
    const first = content.charAt(0);
    let value: unknown;
    if (first === '[' || first === '{') value = this.readFlow(content);
    else {
      const isEntry = splitEntry(content, this.resolver) !== undefined;
      if (inSequence && isSequenceEntry(content)) return this.parseSequence(cursor);
      if (inSequence && isEntry) return this.parseMapping(cursor);
      if (isEntry || isSequenceEntry(content)) throw GIVE_UP;
      if (first === '|' || first === '>') {
        const header = check(readBlockHeader(content));
        if (header.folded && !this.resolver.kyamlFolding) throw GIVE_UP;
        return this.readBlock(header, parentIndent);
      }
      value = this.readScalar(content);
    }
    // A deeper line after a one-line value would continue it (or be an error).
    const after = this.peek();
    if (after !== undefined && after.indent > parentIndent) throw GIVE_UP;
    return value;
  }

  /** A flow collection that ends on its line; `[]` and `{}` need no reader. */
  private readFlow(content: string): unknown {
    if (EMPTY_FLOW.test(content)) return content.charAt(0) === '[' ? [] : {};
    return check(readFlowLine(content, this.resolver));
  }

  /** A one-line quoted or plain scalar. */
  private readScalar(content: string): unknown {
    const first = content.charAt(0);
    if (first === '"' || first === "'") return check(readQuoted(content));
    return check(this.resolver.value(check(readPlainText(content))));
  }

  /** The lines of a block scalar after its header line, de-indented. */
  private readBlock(header: BlockHeader, parentIndent: number): string {
    let indent = header.indentation > 0 ? parentIndent + header.indentation : 0;
    const lines: string[] = [];
    let index = this.next;
    for (; index < this.lines.length; index++) {
      const line = this.lines[index] ?? '';
      let spaces = 0;
      while (line.charCodeAt(spaces) === 32) spaces++;
      if (spaces === line.length) {
        // An empty line; more spaces than the indentation would be content.
        if (indent === 0 || spaces > indent) throw GIVE_UP;
        lines.push('');
        continue;
      }
      if (indent === 0) indent = spaces;
      if (spaces < indent) {
        if (line.charCodeAt(spaces) === 9) throw GIVE_UP;
        break;
      }
      lines.push(line.slice(indent));
    }
    if (indent <= parentIndent || lines.length === 0) throw GIVE_UP;
    if (index === this.lines.length && !this.lastLineHasBreak) throw GIVE_UP;
    this.next = index;
    return check(readBlockValue(header, lines));
  }
}

/** Characters the full parser and libyaml may treat differently as line breaks, and a BOM. */
export const UNUSUAL = /[\r\u0085\u2028\u2029\ufeff]/u;

/** Marks a document the fast path does not apply to. */
export const NOT_FAST: unique symbol = Symbol('not-fast');

/** The value of one document (split like kyaml does, CRLF-free), or NOT_FAST. */
export function parseChunkFast(chunk: string, resolver: FastResolver): unknown {
  if (UNUSUAL.test(chunk)) return NOT_FAST;
  const lastLineHasBreak = chunk.endsWith('\n');
  const lines = chunk.split('\n');
  if (lastLineHasBreak) lines.pop();
  try {
    return new FastParser(lines, lastLineHasBreak, resolver).parseDocument();
  } catch (error) {
    if (error instanceof GiveUp) return NOT_FAST;
    throw error;
  }
}

/** The value of each document, NOT_FAST for those the fast path does not apply to. */
export function parseDocumentsFast(
  chunks: readonly string[],
  unsafeIntegers: UnsafeIntegers,
): unknown[] {
  const resolver = createGoV3Resolver(unsafeIntegers);
  return chunks.map((chunk) => parseChunkFast(chunk, resolver));
}
