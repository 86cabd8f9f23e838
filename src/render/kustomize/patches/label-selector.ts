/**
 * Kubernetes label-selector text (`a=b,c!=d,e in (f,g),h notin (i),j,!k,l>3,m<4`) parsed
 * and matched as the copy of apimachinery's parser inside kyaml does: keys must be
 * qualified names and values valid label values, or the selector is an error.
 */
export type LabelMatcher = (labels: Readonly<Record<string, string>>) => boolean;

export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';
}

type Token = { kind: 'id' | 'op' | 'end'; text: string };

const OPERATORS = ['==', '!=', '=', '!', '(', ')', ',', '>', '<'];
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

function scan(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i] ?? '')) i++;
    if (i >= text.length) break;
    if (SPECIAL.has(text[i] ?? '')) {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op === undefined)
        throw new LabelSelectorError(`error expected: keyword found '${text[i] ?? ''}'`);
      tokens.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    const start = i;
    while (i < text.length && !SPECIAL.has(text[i] ?? '') && !WHITESPACE.has(text[i] ?? '')) i++;
    tokens.push({ kind: 'id', text: text.slice(start, i) });
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

class SelectorParser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): LabelMatcher[] {
    const requirements: LabelMatcher[] = [];
    for (;;) {
      const next = this.peek();
      if (next.kind === 'end') return requirements;
      if (!(next.kind === 'id' || next.text === '!')) {
        throw new LabelSelectorError(
          `found '${next.text}', expected: !, identifier, or 'end of string'`,
        );
      }
      requirements.push(this.requirement());
      const after = this.take();
      if (after.kind === 'end') return requirements;
      if (after.text !== ',')
        throw new LabelSelectorError(`found '${after.text}', expected: ',' or 'end of string'`);
      const following = this.peek();
      if (!(following.kind === 'id' || following.text === '!')) {
        throw new LabelSelectorError(`found '${following.text}', expected: identifier after ','`);
      }
    }
  }

  private peek(): Token {
    return this.tokens[this.at] ?? { kind: 'end', text: '' };
  }

  private take(): Token {
    const token = this.peek();
    this.at++;
    return token;
  }

  private requirement(): LabelMatcher {
    let negated = false;
    let key = this.take();
    if (key.text === '!' && key.kind === 'op') {
      negated = true;
      key = this.take();
    }
    if (key.kind !== 'id') {
      throw new LabelSelectorError(
        `unable to parse requirement: found '${key.text}', expected: identifier`,
      );
    }
    checkKey(key.text);
    const name = key.text;
    const next = this.peek();
    if (next.kind === 'end' || next.text === ',') {
      return negated
        ? (labels) => !Object.hasOwn(labels, name)
        : (labels) => Object.hasOwn(labels, name);
    }
    if (negated)
      throw new LabelSelectorError(
        `unable to parse requirement: found '${next.text}', expected: ',' or 'end of string'`,
      );
    return this.operatorRequirement(name);
  }

  private operatorRequirement(key: string): LabelMatcher {
    const op = this.take();
    const has = (labels: Readonly<Record<string, string>>): boolean => Object.hasOwn(labels, key);
    if (op.kind === 'id' && (op.text === 'in' || op.text === 'notin')) {
      const values = this.valueSet();
      values.forEach((v) => checkValue(key, v));
      if (op.text === 'in') return (labels) => has(labels) && values.has(labels[key] ?? '');
      return (labels) => !has(labels) || !values.has(labels[key] ?? '');
    }
    if (op.kind !== 'op' || !['=', '==', '!=', '>', '<'].includes(op.text)) {
      throw new LabelSelectorError(
        `unable to parse requirement: found '${op.text}', expected: '=', '!=', '==', 'in', notin'`,
      );
    }
    const value = this.exactValue();
    checkValue(key, value);
    if (op.text === '!=') return (labels) => !has(labels) || labels[key] !== value;
    if (op.text === '>' || op.text === '<') return comparison(key, value, op.text);
    return (labels) => has(labels) && labels[key] === value;
  }

  private exactValue(): string {
    const next = this.peek();
    if (next.kind === 'end' || next.text === ',') return '';
    const token = this.take();
    if (token.kind === 'id') return token.text;
    throw new LabelSelectorError(
      `unable to parse requirement: found '${token.text}', expected: identifier`,
    );
  }

  private valueSet(): Set<string> {
    const open = this.take();
    if (open.text !== '(')
      throw new LabelSelectorError(
        `unable to parse requirement: found '${open.text}' expected: '('`,
      );
    const values = new Set<string>();
    if (this.peek().text === ')' && this.peek().kind === 'op') {
      this.take();
      values.add('');
      return values;
    }
    let expectValue = true;
    for (;;) {
      const token = this.take();
      if (token.kind === 'id' && expectValue) {
        values.add(token.text);
        expectValue = false;
      } else if (token.text === ',' && token.kind === 'op') {
        if (expectValue) values.add('');
        expectValue = true;
      } else if (token.text === ')' && token.kind === 'op') {
        if (expectValue) values.add('');
        return values;
      } else
        throw new LabelSelectorError(
          `unable to parse requirement: found '${token.text}', expected: ',', or identifier`,
        );
    }
  }
}

function comparison(key: string, value: string, op: '>' | '<'): LabelMatcher {
  if (!/^[+-]?\d+$/.test(value)) {
    throw new LabelSelectorError(
      `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
    );
  }
  const bound = BigInt(value);
  return (labels) => {
    const actual = labels[key];
    if (actual === undefined || !/^[+-]?\d+$/.test(actual)) return false;
    return op === '>' ? BigInt(actual) > bound : BigInt(actual) < bound;
  };
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkKey(key: string): void {
  const parts = key.split('/');
  const name = parts.length === 2 ? (parts[1] ?? '') : key;
  const prefix = parts.length === 2 ? (parts[0] ?? '') : undefined;
  const bad =
    parts.length > 2 ||
    (prefix !== undefined &&
      (prefix === '' || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) ||
    name === '' ||
    name.length > 63 ||
    !NAME.test(name);
  if (bad) throw new LabelSelectorError(`unable to parse requirement: invalid label key "${key}"`);
}

function checkValue(key: string, value: string): void {
  if (value.length > 63 || (value !== '' && !NAME.test(value))) {
    throw new LabelSelectorError(
      `unable to parse requirement: invalid label value: "${value}": at key: "${key}"`,
    );
  }
}

/** Parses a selector; the result tells whether a label (or annotation) map matches it. */
export function compileLabelSelector(text: string): LabelMatcher {
  const requirements = new SelectorParser(scan(text)).parse();
  return (labels) => requirements.every((matches) => matches(labels));
}
