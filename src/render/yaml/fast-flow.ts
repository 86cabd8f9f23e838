/**
 * Flow collections for the fast path (fast-parse.ts): `[a, "b"]`, `{path: /x, port: http}` and
 * their nesting, when the whole collection is on one line. Only the shapes where go-yaml v3 and
 * the full parser surely agree are read: plain scalars made of ordinary characters (no `:`,
 * `?`, `#`, quotes or flow indicators inside), single-line quoted scalars, `key: value` entries
 * with a non-empty value, no trailing or doubled commas. Everything else is BAIL, and the
 * document goes to the full parser.
 */
import { setKey } from './build-value.js';
import { BAIL, decodeQuoted, findQuoteEnd } from './fast-scalars.js';
import type { FastResolver } from './fast-resolve.js';

/** Thrown inside the reader to abandon it; turned into BAIL at its boundary. */
class FlowBail extends Error {}
const FLOW_BAIL = new FlowBail('not a simple flow collection');

/** Characters a plain scalar inside a flow collection may hold (after its first one). */
const PLAIN_BODY = /[A-Za-z0-9 ._/=+\-~@%()<>;$^\\*&!|\u00a0-\ud7ff\ue000-\ufefe]/u;
/** First characters of a plain scalar that mean something else, or that we leave alone. */
const PLAIN_FIRST = /[A-Za-z0-9._/=+~;$^\\(<\u00a0-\ud7ff\ue000-\ufefe]/u;
/** Nesting deeper than this is left to the full parser. */
const MAX_DEPTH = 32;
/** What may follow a collection on its line: nothing, spaces, or spaces and a comment. */
const LINE_END = /^(?: +(?:#.*)?)?$/u;

class FlowReader {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly resolver: FastResolver,
  ) {}

  readLine(): unknown {
    const value = this.readCollection();
    if (!LINE_END.test(this.text.slice(this.pos))) throw FLOW_BAIL;
    return value;
  }

  private readCollection(): unknown {
    if (++this.depth > MAX_DEPTH) throw FLOW_BAIL;
    const value = this.text.charAt(this.pos) === '[' ? this.readSequence() : this.readMapping();
    this.depth--;
    return value;
  }

  private skipSpaces(): void {
    while (this.text.charCodeAt(this.pos) === 32) this.pos++;
  }

  /** After an entry: true at the closing bracket (consumed), false after a comma. */
  private readSeparator(closer: string): boolean {
    this.skipSpaces();
    const ch = this.text.charAt(this.pos++);
    if (ch === closer) return true;
    if (ch !== ',') throw FLOW_BAIL;
    this.skipSpaces();
    // A trailing comma ("[a, ]") is left to the full parser.
    if (this.text.charAt(this.pos) === closer) throw FLOW_BAIL;
    return false;
  }

  private readSequence(): unknown[] {
    const items: unknown[] = [];
    this.pos++;
    this.skipSpaces();
    if (this.text.charAt(this.pos) === ']') {
      this.pos++;
      return items;
    }
    do items.push(this.readNode(']'));
    while (!this.readSeparator(']'));
    return items;
  }

  private readMapping(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.pos++;
    this.skipSpaces();
    if (this.text.charAt(this.pos) === '}') {
      this.pos++;
      return result;
    }
    do {
      const key = this.readKey();
      if (Object.hasOwn(result, key)) throw FLOW_BAIL;
      setKey(result, key, this.readNode('}'));
    } while (!this.readSeparator('}'));
    return result;
  }

  /** A key and the ": " after it; plain keys must read as strings, like in block mappings. */
  private readKey(): string {
    const first = this.text.charAt(this.pos);
    const plain = first !== '"' && first !== "'";
    const key = plain ? this.readPlainText() : this.readQuoted();
    if (!this.resolver.key(key, plain)) throw FLOW_BAIL;
    this.skipSpaces();
    if (this.text.charAt(this.pos) !== ':' || this.text.charAt(this.pos + 1) !== ' ') {
      throw FLOW_BAIL;
    }
    this.pos += 2;
    this.skipSpaces();
    return key;
  }

  /** A sequence item or mapping value: a nested collection or a scalar. */
  private readNode(closer: string): unknown {
    const first = this.text.charAt(this.pos);
    if (first === '[' || first === '{') return this.readCollection();
    if (first === '"' || first === "'") return this.readQuoted();
    const text = this.readPlainText();
    const stop = this.text.charAt(this.pos);
    if (stop !== ',' && stop !== closer) throw FLOW_BAIL;
    const value = this.resolver.value(text);
    if (value === BAIL) throw FLOW_BAIL;
    return value;
  }

  private readQuoted(): string {
    const rest = this.text.slice(this.pos);
    const end = findQuoteEnd(rest);
    if (end < 0) throw FLOW_BAIL;
    const value = decodeQuoted(rest.slice(0, end + 1));
    if (value === BAIL) throw FLOW_BAIL;
    this.pos += end + 1;
    return value;
  }

  /** A plain scalar's text without trailing spaces; stops before `,`, `]`, `}` or `:`. */
  private readPlainText(): string {
    const start = this.pos;
    const text = this.text;
    const first = text.charAt(start);
    const second = text.charAt(start + 1);
    const dashStart = first === '-' && second !== ' ' && PLAIN_BODY.test(second);
    if (!dashStart && !PLAIN_FIRST.test(first)) throw FLOW_BAIL;
    let end = start + 1;
    while (end < text.length && PLAIN_BODY.test(text.charAt(end))) end++;
    this.pos = end;
    const value = text.slice(start, end).trimEnd();
    if (value === '') throw FLOW_BAIL;
    return value;
  }
}

/**
 * The value of the flow collection starting `text` (a `[` or `{`) that ends the line (a
 * comment may follow), or BAIL.
 */
export function readFlowLine(text: string, resolver: FastResolver): unknown {
  try {
    return new FlowReader(text, resolver).readLine();
  } catch (error) {
    if (error instanceof FlowBail) return BAIL;
    throw error;
  }
}
