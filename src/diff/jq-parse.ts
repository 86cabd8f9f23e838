/**
 * The subset of jq that `jqPathExpressions` ignore rules may use — paths and filters that
 * name fields, nothing that computes values:
 *
 *   .a.b   .a["x.y"]   ."x.y"   .a[]   .a[]?   .a[2]   .a?
 *   EXPR | select(COND)            (more `| select(…)` or `| .path` may follow)
 *   COND:  OPERAND == LITERAL   OPERAND != LITERAL
 *          OPERAND | startswith("x")   OPERAND | endswith("x")
 *          COND and COND   COND or COND   (and binds tighter)
 *   OPERAND: a path relative to the item (`.name`, `.metadata.labels["k"]`, `.`)
 *   LITERAL: a JSON string, number, true, false or null
 *
 * Anything else is rejected with a message naming the position, so the controller can
 * raise a condition instead of silently ignoring nothing.
 */

export type JqStep =
  | { readonly type: 'field'; readonly name: string }
  | { readonly type: 'index'; readonly index: number }
  | { readonly type: 'iterate' }
  | { readonly type: 'select'; readonly condition: JqCondition };

export type JqCondition =
  | {
      readonly type: 'compare';
      readonly operand: readonly JqStep[];
      readonly equal: boolean;
      readonly literal: unknown;
    }
  | {
      readonly type: 'affix';
      readonly operand: readonly JqStep[];
      readonly prefix: boolean;
      readonly text: string;
    }
  | { readonly type: 'and' | 'or'; readonly left: JqCondition; readonly right: JqCondition };

export type JqParseResult =
  | { readonly ok: true; readonly steps: readonly JqStep[] }
  | { readonly ok: false; readonly error: string };

class JqSyntaxError extends Error {
  constructor(
    readonly position: number,
    readonly what: string,
  ) {
    super(`${what} at position ${position}`);
  }
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  position = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new JqSyntaxError(this.position, what);
  }

  skipSpace(): void {
    while (this.position < this.text.length && /\s/u.test(this.text[this.position] ?? ''))
      this.position++;
  }

  peek(token: string): boolean {
    this.skipSpace();
    return this.text.startsWith(token, this.position);
  }

  accept(token: string): boolean {
    if (!this.peek(token)) return false;
    this.position += token.length;
    return true;
  }

  expect(token: string): void {
    if (!this.accept(token)) this.fail(`expected "${token}"`);
  }

  match(pattern: RegExp): string | undefined {
    this.skipSpace();
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.position += found[0].length;
    return found[0];
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.position >= this.text.length;
  }

  string(): string | undefined {
    const raw = this.match(STRING);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as string;
    } catch {
      return this.fail('invalid string literal');
    }
  }

  /** `.a.b[0]["c"][]?` — a path starting with a dot. */
  path(): JqStep[] {
    if (!this.accept('.')) this.fail('expected a path starting with "."');
    const steps: JqStep[] = [];
    const first = this.fieldName();
    if (first !== undefined) steps.push({ type: 'field', name: first });
    for (;;) {
      if (this.accept('?')) continue;
      if (this.peek('[')) {
        steps.push(this.bracket());
        continue;
      }
      if (this.peek('.') && !this.peek('..')) {
        this.position++;
        const name = this.fieldName();
        if (name === undefined) this.fail('expected a field name after "."');
        steps.push({ type: 'field', name });
        continue;
      }
      return steps;
    }
  }

  fieldName(): string | undefined {
    return this.match(IDENTIFIER) ?? this.string();
  }

  bracket(): JqStep {
    this.expect('[');
    if (this.accept(']')) return { type: 'iterate' };
    const name = this.string();
    const step: JqStep =
      name !== undefined ? { type: 'field', name } : { type: 'index', index: this.index() };
    this.expect(']');
    return step;
  }

  index(): number {
    const digits = this.match(/\d+/y);
    if (digits === undefined) this.fail('expected a non-negative index or a string in [ ]');
    return Number(digits);
  }

  /** Stages after the first path: `select(…)` or another path. */
  pipeline(): JqStep[] {
    const steps = this.path();
    while (this.accept('|')) {
      if (this.accept('select')) {
        this.expect('(');
        steps.push({ type: 'select', condition: this.disjunction() });
        this.expect(')');
      } else if (this.peek('.')) {
        steps.push(...this.path());
      } else {
        this.fail('expected select(...) or a path after "|"');
      }
    }
    if (!this.atEnd()) this.fail('unexpected text');
    return steps;
  }

  disjunction(): JqCondition {
    let left = this.conjunction();
    while (this.accept('or')) left = { type: 'or', left, right: this.conjunction() };
    return left;
  }

  conjunction(): JqCondition {
    let left = this.comparison();
    while (this.accept('and')) left = { type: 'and', left, right: this.comparison() };
    return left;
  }

  comparison(): JqCondition {
    const operand = this.path();
    if (this.accept('=='))
      return { type: 'compare', operand, equal: true, literal: this.literal() };
    if (this.accept('!='))
      return { type: 'compare', operand, equal: false, literal: this.literal() };
    this.expect('|');
    const prefix = this.accept('startswith');
    if (!prefix && !this.accept('endswith')) this.fail('expected ==, !=, startswith or endswith');
    this.expect('(');
    const text = this.string();
    if (text === undefined) this.fail('expected a string argument');
    this.expect(')');
    return { type: 'affix', operand, prefix, text };
  }

  literal(): unknown {
    const text = this.string();
    if (text !== undefined) return text;
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const)
      if (this.accept(word)) return value;
    const number = this.match(NUMBER);
    if (number === undefined) this.fail('expected a string, number, true, false or null');
    return Number(number);
  }
}

export function parseJqPath(expression: string): JqParseResult {
  const parser = new Parser(expression);
  try {
    const steps = parser.pipeline();
    if (steps.length === 0) return { ok: false, error: 'the expression selects the whole object' };
    return { ok: true, steps };
  } catch (error) {
    if (!(error instanceof JqSyntaxError)) throw error;
    return { ok: false, error: `${error.what} at position ${error.position}` };
  }
}
