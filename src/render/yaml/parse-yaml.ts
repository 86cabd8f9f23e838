/**
 * Multi-document YAML → plain data, as kustomize (kyaml's ByteReader + go-yaml v3) reads a
 * resource file. The `yaml` package's Parser and Composer build the node tree (with the
 * failsafe schema, so that no YAML 1.2 resolution runs) and ValueBuilder applies go-yaml v3's
 * meaning. Like kyaml: CRLF becomes LF, a `---` line carrying anything but a comment is an
 * error, and null or empty-mapping documents are dropped. Documents in the common block style
 * take a fast path (fast-parse.ts) that yields the same data several times faster; the others
 * are read one by one by the full parser, or, when one of them is unusual or wrong, the whole
 * file is (so that errors are reported as before).
 */
import { Composer, LineCounter, Parser } from 'yaml';
import { CapstanError } from '../../model/index.js';
import { NodeError, ValueBuilder } from './build-value.js';
import type { UnsafeIntegers } from './build-value.js';
import { readConvertedAnnotationTexts } from './annotation-text.js';
import { NOT_FAST, UNUSUAL, parseDocumentsFast } from './fast-parse.js';

export interface ParseYamlOptions {
  /**
   * Integers outside ±2^53 that Go keeps exactly (int64/uint64): `'bigint'` (default) keeps
   * them exact, so that they print as kubectl prints them; `'number'` rounds them to a double.
   */
  readonly unsafeIntegers?: UnsafeIntegers;
  /**
   * `'auto'` (default): the fast path for common block-style documents, the full parser for
   * the others.
   * `'never'` forces one full-parser read of the whole file; `'only'` fails unless the fast path
   * applies to every document. Both exist for the differential tests and benchmarks; the data
   * is the same either way (annotation texts aside, where a whole-file read counts documents
   * differently from kyaml's split and so keeps none).
   */
  readonly fastPath?: 'auto' | 'never' | 'only';
  /**
   * Also report the source text of converted plain scalars in each document's top-level
   * `metadata.annotations`, which Kustomize prints (see annotation-text.ts). For
   * resource files only.
   */
  readonly annotationText?: boolean;
}

function failParse(file: string, line: number, problem: string): never {
  throw new CapstanError('Render', `${file}: line ${line}: ${problem}`);
}

/**
 * kyaml's split of a file into documents: at every /\n---.*\n/ (a separator line carrying
 * anything but a comment is refused), each piece but the last given back its final "\n".
 */
function splitDocuments(text: string, file: string): string[] {
  const chunks: string[] = [];
  const separator = /\n---(.*)\n/gu;
  let previous = 0;
  for (let match = separator.exec(text); match !== null; match = separator.exec(text)) {
    const rest = (match[1] ?? '').trim();
    if (rest.length > 0 && !rest.startsWith('#')) {
      const line = text.slice(0, match.index + 1).split('\n').length;
      failParse(file, line, `invalid document separator: ${`---${match[1] ?? ''}`.trim()}`);
    }
    chunks.push(`${text.slice(previous, match.index)}\n`);
    previous = match.index + match[0].length;
    // Go's FindAllStringIndex does not reuse the line break that ended a separator.
    separator.lastIndex = previous;
  }
  chunks.push(text.slice(previous));
  return chunks;
}

function isDropped(value: unknown): boolean {
  if (value === null) return true;
  return typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** The first line of a `yaml` package message (it may append a source excerpt). */
function summarize(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/u, '');
}

/** Drops empty documents, keeping any annotation texts aligned with the survivors. */
function keepDocuments(
  all: unknown[],
  chunks: readonly string[],
  options: ParseYamlOptions,
): ParsedDocuments {
  const texts =
    options.annotationText === true ? readConvertedAnnotationTexts(all, chunks) : undefined;
  const kept = all
    .map((doc, i) => ({ doc, text: texts?.[i] }))
    .filter((entry) => !isDropped(entry.doc));
  const docs = kept.map((entry) => entry.doc);
  return texts ? { docs, annotationTexts: kept.map((entry) => entry.text) } : { docs };
}

/** Parses every document of `text`; errors name `file` and the 1-based line. */
export interface ParsedDocuments {
  docs: unknown[];
  /** With `annotationText`: per doc, the source texts of converted annotation values. */
  annotationTexts?: (Map<string, string> | undefined)[];
}

export function parseYamlDocuments(
  source: string,
  file: string,
  options: ParseYamlOptions = {},
): ParsedDocuments {
  const text = source.includes('\r\n') ? source.replace(/\r\n/gu, '\n') : source;
  const unsafeIntegers = options.unsafeIntegers ?? 'bigint';
  const chunks = splitDocuments(text, file);
  if (options.fastPath !== 'never') {
    const fast = parseDocumentsFast(chunks, unsafeIntegers);
    if (!fast.includes(NOT_FAST)) return keepDocuments(fast, chunks, options);
    if (options.fastPath === 'only') throw new Error(`${file}: the fast path does not apply`);
    const mixed = completeDocuments(fast, chunks, unsafeIntegers);
    if (mixed !== undefined) return keepDocuments(mixed, chunks, options);
  }
  return keepDocuments(parseWholeText(text, file, unsafeIntegers), chunks, options);
}

/** Lines that make a document's meaning depend on the others: directives, document ends. */
const STREAM_LEVEL = /^(?:%|\.\.\.)/mu;

/**
 * The documents the fast path left, each read alone by the full parser; undefined when one
 * of them is unusual, holds an error or does not read as exactly one document. The whole
 * text is then read at once, so that errors and their line numbers come from one place.
 */
function completeDocuments(
  fast: readonly unknown[],
  chunks: readonly string[],
  unsafeIntegers: UnsafeIntegers,
): unknown[] | undefined {
  const values: unknown[] = [];
  for (const [index, value] of fast.entries()) {
    if (value !== NOT_FAST) {
      values.push(value);
      continue;
    }
    const chunk = chunks[index] ?? '';
    if (UNUSUAL.test(chunk) || STREAM_LEVEL.test(chunk)) return undefined;
    const composer = new Composer({ schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
    const docs = [...composer.compose(new Parser().parse(chunk))];
    const [doc] = docs;
    if (doc === undefined || docs.length !== 1 || doc.errors.length > 0) return undefined;
    try {
      values.push(new ValueBuilder(chunk, unsafeIntegers, () => 0).build(doc.contents));
    } catch (thrown) {
      if (thrown instanceof NodeError) return undefined;
      throw thrown;
    }
  }
  return values;
}

/** Every document of the text by the full parser; errors name the file and line. */
function parseWholeText(text: string, file: string, unsafeIntegers: UnsafeIntegers): unknown[] {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  const composer = new Composer({ schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  const all: unknown[] = [];
  for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text))) {
    const error = doc.errors[0];
    if (error !== undefined) failParse(file, lineOf(error.pos[0]), summarize(error.message));
    const builder = new ValueBuilder(text, unsafeIntegers, lineOf);
    try {
      all.push(builder.build(doc.contents));
    } catch (thrown) {
      if (thrown instanceof NodeError) failParse(file, lineOf(thrown.offset), thrown.message);
      throw thrown;
    }
  }
  return all;
}
