/**
 * The key/value pairs of a generator (api/kv): env files first, then literals, then files.
 * Kustomize v5.5.0 validates neither keys nor env variable names (its validator is a no-op)
 * and never reads the process environment: a bare `KEY` line in an env file means "".
 */
import { RenderError } from '../../../model/index.js';
import type { GeneratorArgs } from '../kustomization.js';
import type { KustLoader } from '../loader.js';

/** A value is text (literals, env lines) or the raw bytes of a file, which may not be UTF-8. */
export interface KvPair {
  key: string;
  value: string | Uint8Array;
}

/** Reads the pairs in Kustomize's order; `file` names the kustomization in messages. */
export async function loadKvPairs(
  args: GeneratorArgs,
  loader: KustLoader,
  file: string,
): Promise<KvPair[]> {
  const pairs: KvPair[] = [];
  for (const envFile of args.envs ?? []) {
    pairs.push(
      ...parseEnvFile(
        await readSourceBytes(loader, envFile),
        loader.context.display(loader.resolvePath(envFile)),
      ),
    );
  }
  for (const literal of args.literals ?? []) pairs.push(parseLiteralSource(literal, file));
  for (const source of args.files ?? []) {
    const { key, path } = parseFileSource(source, file);
    pairs.push({ key, value: await readSourceBytes(loader, path) });
  }
  return pairs;
}

/** The exact bytes of a file, with the loader's restrictions and error messages. */
export async function readSourceBytes(loader: KustLoader, relative: string): Promise<Uint8Array> {
  return (await loader.readBytes(relative)).bytes;
}

/** `KEY=VALUE`: split at the first '=', one pair of matching surrounding quotes removed. */
export function parseLiteralSource(source: string, file: string): KvPair {
  const cut = source.indexOf('=');
  if (cut <= 0) throw new RenderError(file, `invalid literal source ${source}, expected key=value`);
  return { key: source.slice(0, cut), value: removeQuotes(source.slice(cut + 1)) };
}

function removeQuotes(text: string): string {
  if (text.length < 2) return text;
  const first = text.charAt(0);
  if ((first === '"' || first === "'") && text.charAt(text.length - 1) === first)
    return text.slice(1, -1);
  return text;
}

/** `[KEY=]PATH`: the key defaults to the path's last element. */
export function parseFileSource(source: string, file: string): { key: string; path: string } {
  const separators = source.split('=').length - 1;
  if (separators === 0) return { key: baseName(source), path: source };
  if (separators > 1)
    throw new RenderError(file, `source "${source}" key name or file path contains '='`);
  const [key = '', path = ''] = source.split('=');
  if (key === '')
    throw new RenderError(file, `missing key name for file path "${path}" in source "${source}"`);
  if (path === '')
    throw new RenderError(file, `missing file path for key name "${key}" in source "${source}"`);
  return { key, path };
}

/** Go's path.Base: trailing slashes dropped, "." for "", "/" for slashes only. */
function baseName(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Go's bufio.Scanner gives up (silently, as Kustomize ignores its error) on longer lines. */
const MAX_LINE_BYTES = 64 * 1024;
const UTF8_BOM = '\ufeff';
/** Go's unicode.IsSpace, which differs from JavaScript's \s (U+0085 yes, U+FEFF no). */
const LEADING_GO_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Lines of an env file: `KEY=VALUE`, a bare `KEY` (value ""), blank lines and # comments. */
export function parseEnvFile(bytes: Uint8Array, file: string): KvPair[] {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const pairs: KvPair[] = [];
  let lineNumber = 0;
  for (const raw of splitLines(bytes)) {
    let line: string;
    try {
      line = decoder.decode(raw);
    } catch {
      throw new RenderError(file, `line ${lineNumber} has invalid utf8 bytes`);
    }
    if (lineNumber === 0 && line.startsWith(UTF8_BOM)) line = line.slice(1);
    lineNumber++;
    line = line.replace(LEADING_GO_SPACE, '');
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.indexOf('=');
    const key = cut < 0 ? line : line.slice(0, cut);
    // A line starting with '=' has an empty key, which Kustomize takes for a blank line.
    if (key === '') continue;
    pairs.push({ key, value: cut < 0 ? '' : line.slice(cut + 1) });
  }
  return pairs;
}

/** bufio.ScanLines: split at \n, drop one trailing \r, no empty last line; stop at a too long line. */
function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    const next = end < 0 ? bytes.length : end + 1;
    if (end < 0) end = bytes.length;
    if (end - start >= MAX_LINE_BYTES) break;
    lines.push(bytes.subarray(start, end > start && bytes[end - 1] === 0x0d ? end - 1 : end));
    start = next;
  }
  return lines;
}
