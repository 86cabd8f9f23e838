/**
 * A fast path for the YAML that nearly every Kubernetes file is written in: block mappings and
 * sequences indented with spaces, single-line plain and quoted scalars, block scalars, `[]`,
 * `{}` and comments. Anything else (anchors, tags, flow collections with content, multi-line
 * plain or quoted scalars, complex keys, duplicate or non-string keys, tabs, directives, …)
 * makes it give up, and the whole file goes to the full parser (parse-yaml.ts). It never
 * reports an error itself, so error messages always come from one place, and for every input
 * it accepts it must produce exactly what the full parser produces (checked by the tests).
 */
import { convertGoScalar, setKey } from './build-value.js';
import type { UnsafeIntegers } from './build-value.js';
import { resolveGoScalar } from './go-resolve.js';
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
const trimSpaces = (text: string): string => text.replace(/^ +/u, '');
const isEmptyRest = (rest: string): boolean => rest === '' || rest.startsWith('#');
const EMPTY_FLOW = /^(\[\]|\{\})(\s+#.*|\s*)$/u;

/** A mapping entry's key and the rest of its line after ":"; undefined if not an entry. */
function splitEntry(content: string): [string, string] | undefined {
  if (content.startsWith('"') || content.startsWith("'")) {
    const end = findQuoteEnd(content);
    if (end < 0 || content.charAt(end + 1) !== ':') return undefined;
    const after = content.slice(end + 2);
    if (after !== '' && !after.startsWith(' ')) return undefined;
    return [check(decodeQuoted(content.slice(0, end + 1))), after];
  }
  const colon = /:(?: |$)/u.exec(content);
  if (colon === null || colon.index >= findCommentStart(content)) return undefined;
  const key = check(readPlainText(content.slice(0, colon.index)));
  if (key === '' || key === '<<' || resolveGoScalar(key, 'v3').kind !== 'str') throw GIVE_UP;
  return [key, content.slice(colon.index + 1)];
}

class FastParser {
  private next = 0;

  constructor(
    private readonly lines: readonly string[],
    private readonly lastLineHasBreak: boolean,
    private readonly unsafeIntegers: UnsafeIntegers,
  ) {}

  /** The next line that is neither blank nor a comment, without consuming it. */
  private peek(): Cursor | undefined {
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
    if (splitEntry(cursor.content) !== undefined) return this.parseMapping(cursor);
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
      const [key, after] = splitEntry(cursor.content) ?? check<never>(BAIL);
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
    const isEntry = splitEntry(content) !== undefined;
    if (inSequence && isSequenceEntry(content)) return this.parseSequence(cursor);
    if (inSequence && isEntry) return this.parseMapping(cursor);
    if (isEntry || isSequenceEntry(content)) throw GIVE_UP;
    const first = content.charAt(0);
    if (first === '|' || first === '>') {
      return this.readBlock(check(readBlockHeader(content)), parentIndent);
    }
    let value: unknown;
    if (first === '"' || first === "'") value = check(readQuoted(content));
    else if (first === '[' || first === '{') {
      if (!EMPTY_FLOW.test(content)) throw GIVE_UP;
      value = first === '[' ? [] : {};
    } else {
      const text = check(readPlainText(content));
      value = convertGoScalar(resolveGoScalar(text, 'v3'), text, this.unsafeIntegers);
    }
    // A deeper line after a one-line scalar would continue it (or be an error).
    const after = this.peek();
    if (after !== undefined && after.indent > parentIndent) throw GIVE_UP;
    return value;
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
const UNUSUAL = /[\r\u0085\u2028\u2029\ufeff]/u;

/**
 * The documents of `text` (already split like kyaml does and CRLF-free), or undefined when the
 * fast path does not apply to one of them.
 */
export function parseDocumentsFast(
  chunks: readonly string[],
  unsafeIntegers: UnsafeIntegers,
): unknown[] | undefined {
  const values: unknown[] = [];
  try {
    for (const chunk of chunks) {
      if (UNUSUAL.test(chunk)) return undefined;
      const lastLineHasBreak = chunk.endsWith('\n');
      const lines = chunk.split('\n');
      if (lastLineHasBreak) lines.pop();
      values.push(new FastParser(lines, lastLineHasBreak, unsafeIntegers).parseDocument());
    }
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
  return values;
}
