/**
 * One document as kustomize prints it: `json.Marshal` of the resource, read back by go-yaml v2
 * into Go maps and printed by `yaml.Marshal` (sigs.k8s.io/yaml `JSONToYAML`). Block style,
 * keys in go-yaml v2 order, sequences not indented under their key, `{}`/`[]` for empty
 * collections. JSON's effect on strings is reproduced by normalizeJsonString.
 */
import { EmitterState } from './emitter-state.js';
import { formatKustomizeNumber, isGoInteger } from './go-number.js';
import { selectScalarStyle } from './scalar-style.js';
import { sortMappingKeys } from './sort-keys.js';
import { writeDoubleQuoted, writeLiteral, writePlain, writeSingleQuoted } from './write-scalar.js';

/** Characters that the JSON round trip changes or rejects; absent from nearly every string. */
const NEEDS_NORMALIZING = /[\x7f-\x9f\ud800-\udfff\ufffe\uffff]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;
const FORBIDDEN = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/u;
const NEL_RUN = / *(?:\u0085 *)+/gu;

/**
 * What a string becomes through kustomize's JSON round trip: Go writes invalid UTF-16 as
 * U+FFFD; go-yaml v2 refuses raw C1 controls, DEL, U+FFFE and U+FFFF (encoding/json leaves them
 * unescaped) and folds a raw NEL inside the double-quoted JSON string like a line break.
 */
export function normalizeJsonString(text: string): string {
  if (!NEEDS_NORMALIZING.test(text)) return text;
  const valid = text.replace(LONE_SURROGATE, '\ufffd');
  const bad = FORBIDDEN.exec(valid);
  if (bad !== null) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw new Error(
      `yaml: control characters are not allowed: U+${code} in ${JSON.stringify(valid)}`,
    );
  }
  return valid.replace(NEL_RUN, (run) => {
    const breaks = run.split('\u0085').length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

/** Go keeps int64 and uint64 exact; anything larger was a float64 all along. */
function formatBigInt(value: bigint): string {
  return isGoInteger(value) ? value.toString() : formatKustomizeNumber(Number(value));
}

/** UTF-8 length, for libyaml's 128-byte limit on simple keys. */
function countUtf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) bytes += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

class DocumentEmitter {
  readonly state = new EmitterState();

  emitNode(value: unknown, mappingContext: boolean, simpleKey: boolean): void {
    if (typeof value === 'string') this.emitString(value, simpleKey);
    else if (value === null || value === undefined) this.emitPlain('null');
    else if (typeof value === 'number') this.emitPlain(formatKustomizeNumber(value));
    else if (typeof value === 'boolean') this.emitPlain(value ? 'true' : 'false');
    else if (typeof value === 'bigint') this.emitPlain(formatBigInt(value));
    else if (Array.isArray(value)) this.emitSequence(value, mappingContext);
    else if (typeof value === 'object') this.emitMapping(value as Record<string, unknown>);
    else throw new Error(`cannot print a ${typeof value} as YAML`);
  }

  emitPlain(text: string): void {
    const state = this.state;
    state.increaseIndent(true, false);
    writePlain(state, text, false);
    state.restoreIndent();
  }

  emitString(raw: string, simpleKey: boolean): void {
    const text = normalizeJsonString(raw);
    const state = this.state;
    const [style] = selectScalarStyle(text, simpleKey);
    state.increaseIndent(true, false);
    if (style === 'plain') writePlain(state, text, !simpleKey);
    else if (style === 'single') writeSingleQuoted(state, text, !simpleKey);
    else if (style === 'double') writeDoubleQuoted(state, text, !simpleKey);
    else writeLiteral(state, text);
    state.restoreIndent();
  }

  emitSequence(items: readonly unknown[], mappingContext: boolean): void {
    const state = this.state;
    if (items.length === 0) {
      state.writeIndicator('[', true, true, false);
      state.writeIndicator(']', false, false, false);
      return;
    }
    state.increaseIndent(false, mappingContext && !state.indention);
    for (const item of items) {
      state.writeIndent();
      state.writeIndicator('-', true, false, true);
      this.emitNode(item, false, false);
    }
    state.restoreIndent();
  }

  emitMapping(map: Record<string, unknown>): void {
    const state = this.state;
    const [keys, values] = collectEntries(map);
    if (keys.length === 0) {
      state.writeIndicator('{', true, true, false);
      state.writeIndicator('}', false, false, false);
      return;
    }
    state.increaseIndent(false, false);
    for (const key of sortMappingKeys(keys)) {
      state.writeIndent();
      if (isSimpleKey(key)) {
        this.emitNode(key, true, true);
        state.writeIndicator(':', false, false, false);
      } else {
        state.writeIndicator('?', true, false, true);
        this.emitNode(key, true, false);
        state.writeIndent();
        state.writeIndicator(':', true, false, true);
      }
      this.emitNode(values === undefined ? map[key] : values.get(key), true, false);
    }
    state.restoreIndent();
  }
}

/**
 * The keys JSON would write (undefined values dropped), JSON-normalized; with a map of values
 * by normalized key only when normalizing changed a key.
 */
function collectEntries(map: Record<string, unknown>): [string[], Map<string, unknown>?] {
  const keys = Object.keys(map);
  let kept = 0;
  let renamed = false;
  for (const key of keys) {
    if (map[key] === undefined) continue;
    const normalized = normalizeJsonString(key);
    renamed ||= normalized !== key;
    keys[kept++] = key;
  }
  keys.length = kept;
  if (!renamed) return [keys];
  const values = new Map(keys.map((key) => [normalizeJsonString(key), map[key]]));
  return [[...values.keys()], values];
}

/** libyaml `check_simple_key`: single-line keys of at most 128 bytes stay inline. */
function isSimpleKey(key: string): boolean {
  // A UTF-16 unit is at most 3 UTF-8 bytes, so keys of up to 42 units always fit.
  if (key.length > 42 && countUtf8Bytes(key) > 128) return false;
  return !/[\n\r\u0085\u2028\u2029]/u.test(key);
}

/** One document, ending in a line break, exactly as `yaml.Marshal` of go-yaml v2 prints it. */
export function emitDocument(value: unknown): string {
  const emitter = new DocumentEmitter();
  emitter.emitNode(value, false, false);
  // Document end: `write_indent` at indentation 0 closes the last line.
  emitter.state.indent = -1;
  emitter.state.writeIndent();
  return emitter.state.text();
}
