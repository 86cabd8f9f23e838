/**
 * libyaml's scalar writers as go-yaml v2 runs them: plain, single-quoted and double-quoted
 * text is folded at a space once the line is past column 80 (keys never are), double quotes
 * escape what is not printable, and a literal block carries an indentation hint when the
 * text starts with a space or a break and a chomping hint from its trailing breaks.
 */
import { BEST_INDENT, BEST_WIDTH } from './emitter-state.js';
import type { EmitterState } from './emitter-state.js';
import { isBreak, isPrintable } from './scalar-style.js';

export function writePlain(state: EmitterState, text: string, allowBreaks: boolean): void {
  if (!state.whitespace) state.put(' ');
  if (!allowBreaks || state.column + text.length <= BEST_WIDTH || !text.includes(' ')) {
    state.write(text);
  } else {
    // Words are copied whole; a single space (never a run) past column 80 becomes a break.
    let start = 0;
    for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) {
      const previousIsSpace = i > 0 && text.charCodeAt(i - 1) === 32;
      if (previousIsSpace || text.charCodeAt(i + 1) === 32) continue;
      if (state.column + (i - start) > BEST_WIDTH) {
        state.write(text.slice(start, i));
        state.writeIndent();
        start = i + 1;
      }
    }
    state.write(text.slice(start));
  }
  state.whitespace = false;
  state.indention = false;
}

export function writeSingleQuoted(state: EmitterState, text: string, allowBreaks: boolean): void {
  state.writeIndicator("'", true, false, false);
  let spaces = false;
  let breaks = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const code = ch.charCodeAt(0);
    if (ch === ' ') {
      const fold = allowBreaks && !spaces && state.column > BEST_WIDTH;
      if (fold && i > 0 && i < text.length - 1 && text[i + 1] !== ' ') state.writeIndent();
      else state.put(' ');
      spaces = true;
    } else if (isBreak(code)) {
      if (!breaks && ch === '\n') state.putBreak();
      state.writeBreak(ch);
      state.indention = true;
      breaks = true;
    } else {
      if (breaks) state.writeIndent();
      if (ch === "'") state.put("'");
      state.put(ch);
      state.indention = false;
      spaces = false;
      breaks = false;
    }
  }
  state.writeIndicator("'", false, false, false);
  state.whitespace = false;
  state.indention = false;
}

const NAMED_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x00, '0'],
  [0x07, 'a'],
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0b, 'v'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x1b, 'e'],
  [0x22, '"'],
  [0x5c, '\\'],
  [0x85, 'N'],
  [0xa0, '_'],
  [0x2028, 'L'],
  [0x2029, 'P'],
]);

/** The escape sequence libyaml writes for `code` inside double quotes. */
function formatEscape(code: number): string {
  const named = NAMED_ESCAPES.get(code);
  if (named !== undefined) return `\\${named}`;
  const hex = code.toString(16).toUpperCase();
  if (code <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

export function writeDoubleQuoted(state: EmitterState, text: string, allowBreaks: boolean): void {
  state.writeIndicator('"', true, false, false);
  // libyaml's is_bom() looks at the start of the value, not at the current character: a
  // value that starts with U+FEFF has every character escaped.
  const escapeAll = text.charCodeAt(0) === 0xfeff;
  let spaces = false;
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    if (escapeAll || !isPrintable(code) || isBreak(code) || code === 0x22 || code === 0x5c) {
      state.write(formatEscape(code));
      spaces = false;
    } else if (code === 0x20) {
      const fold = allowBreaks && !spaces && state.column > BEST_WIDTH;
      if (fold && i > 0 && i < text.length - 1) {
        state.writeIndent();
        if (text[i + 1] === ' ') state.put('\\');
      } else {
        state.put(' ');
      }
      spaces = true;
    } else {
      state.put(text.slice(i, i + width));
      spaces = false;
    }
    i += width;
  }
  state.writeIndicator('"', false, false, false);
  state.whitespace = false;
  state.indention = false;
}

/** Chomping indicator: "-" without a final break, "+" with two or a lone one, none for one. */
function selectChomping(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  if (!isBreak(last)) return '-';
  if (text.length === 1) return '+';
  return isBreak(text.charCodeAt(text.length - 2)) ? '+' : '';
}

export function writeLiteral(state: EmitterState, text: string): void {
  state.writeIndicator('|', true, false, false);
  const first = text.charCodeAt(0);
  if (first === 0x20 || isBreak(first))
    state.writeIndicator(String(BEST_INDENT), false, false, false);
  const chomping = selectChomping(text);
  if (chomping !== '') state.writeIndicator(chomping, false, false, false);
  state.putBreak();
  state.indention = true;
  state.whitespace = true;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : -1;
    if (code !== -1 && !isBreak(code)) continue;
    // Copy the run of ordinary characters before this break (or the end) in one piece; such a
    // run always starts a line.
    if (i > start) {
      state.writeIndent();
      state.write(text.slice(start, i));
      state.indention = false;
    }
    if (code === -1) break;
    state.writeBreak(text.charAt(i));
    state.indention = true;
    start = i + 1;
  }
}
