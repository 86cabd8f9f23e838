/**
 * Which style go-yaml v2 prints a string in. The encoder asks for a literal block when the
 * string holds "\n", for plain style when v2 would read the text back as the same string, and
 * for double quotes otherwise; libyaml's scalar analysis then downgrades what the characters
 * forbid: plain → single-quoted → double-quoted, literal → double-quoted.
 */
import { isPlainStringForV2 } from './go-resolve.js';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

export interface ScalarAnalysis {
  readonly multiline: boolean;
  readonly plainAllowed: boolean;
  readonly singleQuotedAllowed: boolean;
  readonly blockAllowed: boolean;
}

/** libyaml `is_printable`, by code point: only these are written raw. */
export function isPrintable(code: number): boolean {
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff)
  );
}

export function isBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x85 || code === 0x2028 || code === 0x2029;
}

const FIRST_INDICATORS = new Set('#,[]{}&*!|>\'"%@`');

interface Scan {
  blockIndicators: boolean;
  lineBreaks: boolean;
  special: boolean;
  leading: boolean;
  trailingSpace: boolean;
  trailingBreak: boolean;
  breakSpace: boolean;
  spaceBreak: boolean;
}

/** Indicator checks of `yaml_emitter_analyze_scalar` for the character at `i`. */
function isBlockIndicatorAt(
  text: string,
  i: number,
  followedByBlank: boolean,
  precededByBlank: boolean,
): boolean {
  const ch = text[i] ?? '';
  if (i === 0) {
    if (FIRST_INDICATORS.has(ch)) return true;
    return (ch === '?' || ch === ':' || ch === '-') && followedByBlank;
  }
  if (ch === ':') return followedByBlank;
  return ch === '#' && precededByBlank;
}

function scanScalar(text: string): Scan {
  const scan: Scan = {
    blockIndicators: text.startsWith('---') || text.startsWith('...'),
    lineBreaks: false,
    special: false,
    leading: false,
    trailingSpace: false,
    trailingBreak: false,
    breakSpace: false,
    spaceBreak: false,
  };
  let precededByBlank = true;
  let previousSpace = false;
  let previousBreak = false;
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const next = text.charCodeAt(i + width);
    const last = i + width >= text.length;
    const followedByBlank = last || next === 0x20 || next === 0x09;
    if (isBlockIndicatorAt(text, i, followedByBlank, precededByBlank)) scan.blockIndicators = true;
    if (!isPrintable(code)) scan.special = true;
    if (code === 0x20) {
      if (i === 0) scan.leading = true;
      if (last) scan.trailingSpace = true;
      if (previousBreak) scan.breakSpace = true;
      [previousSpace, previousBreak] = [true, false];
    } else if (isBreak(code)) {
      scan.lineBreaks = true;
      if (i === 0) scan.leading = true;
      if (last) scan.trailingBreak = true;
      if (previousSpace) scan.spaceBreak = true;
      [previousSpace, previousBreak] = [false, true];
    } else {
      [previousSpace, previousBreak] = [false, false];
    }
    precededByBlank = code === 0x20 || code === 0x09 || code === 0 || isBreak(code);
    i += width;
  }
  return scan;
}

/** `yaml_emitter_analyze_scalar`, block context only (Capstan never prints flow scalars). */
export function analyzeScalar(text: string): ScalarAnalysis {
  if (text.length === 0) {
    return { multiline: false, plainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  const s = scanScalar(text);
  const broken = s.spaceBreak || s.special;
  return {
    multiline: s.lineBreaks,
    plainAllowed:
      !s.leading &&
      !s.trailingSpace &&
      !s.trailingBreak &&
      !s.breakSpace &&
      !broken &&
      !s.lineBreaks &&
      !s.blockIndicators,
    singleQuotedAllowed: !s.breakSpace && !broken,
    blockAllowed: !s.trailingSpace && !broken,
  };
}

/** Strings that are plain in any context and read back as strings: the common case. */
const SIMPLE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./=-]*$/u;

/**
 * The style go-yaml v2 prints `text` in, with its analysis. `simpleKey` is true for a mapping
 * key written inline ("key: value"), which may never be a block scalar.
 */
export function selectScalarStyle(text: string, simpleKey: boolean): [ScalarStyle, ScalarAnalysis] {
  if (SIMPLE_PLAIN.test(text) && isPlainStringForV2(text)) return ['plain', SIMPLE_ANALYSIS];
  const analysis = analyzeScalar(text);
  let style: ScalarStyle = text.includes('\n')
    ? 'literal'
    : isPlainStringForV2(text)
      ? 'plain'
      : 'double';
  if (simpleKey && analysis.multiline) style = 'double';
  if (style === 'plain' && !analysis.plainAllowed) style = 'single';
  if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
  return [style, analysis];
}

const SIMPLE_ANALYSIS: ScalarAnalysis = {
  multiline: false,
  plainAllowed: true,
  singleQuotedAllowed: true,
  blockAllowed: true,
};
