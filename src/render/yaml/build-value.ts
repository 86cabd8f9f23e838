/**
 * Turns the `yaml` package's document nodes into plain data with the meaning go-yaml v3 gives
 * them (kyaml reads resources with it): plain scalars resolved by v3's rules, explicit tags
 * honoured, aliases expanded into fresh copies, `<<` merge keys applied (explicit keys win, then
 * earlier merge sources), duplicate keys and non-string keys rejected like kustomize does.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import { resolveGoScalar } from './go-resolve.js';
import type { GoScalar } from './go-resolve.js';
import { decodeDoubleQuoted, hasEscapedLineBreak } from './double-quoted.js';
import { foldLikeKyaml, isBlockKeptByKyaml } from './kyaml-folded.js';
import { decodeBinaryScalar, resolveTaggedScalar } from './resolve-tagged.js';

/** How integers beyond ±2^53 (but inside Go's int64/uint64, which keep them exact) come out. */
export type UnsafeIntegers = 'bigint' | 'number';

/** A failure at a source offset; the caller turns it into an error naming file and line. */
export class NodeError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** The data value of a resolved untagged scalar. */
export function convertGoScalar(
  scalar: GoScalar,
  text: string,
  unsafeIntegers: UnsafeIntegers,
): unknown {
  switch (scalar.kind) {
    case 'str':
      return text;
    case 'null':
      return null;
    case 'int':
      return typeof scalar.value === 'bigint' && unsafeIntegers === 'number'
        ? Number(scalar.value)
        : scalar.value;
    case 'bool':
    case 'float':
    case 'timestamp':
      return scalar.value;
  }
}

/** Aliases may expand to at most this many nodes per document ("billion laughs" guard). */
const MAX_ALIAS_NODES = 1_000_000;

export class ValueBuilder {
  private readonly anchors = new Map<string, Node>();
  private aliasDepth = 0;
  private aliasNodes = 0;

  constructor(
    private readonly text: string,
    private readonly unsafeIntegers: UnsafeIntegers,
    private readonly lineOf: (offset: number) => number,
  ) {}

  build(node: Node | null): unknown {
    if (node === null) return null;
    if (this.aliasDepth > 0 && ++this.aliasNodes > MAX_ALIAS_NODES) {
      throw new NodeError(node.range?.[0] ?? 0, 'document contains excessive aliasing');
    }
    let value: unknown;
    if (isScalar(node)) value = this.buildScalar(node);
    else if (isMap(node)) value = this.buildMap(node);
    else if (isSeq(node)) value = node.items.map((item) => this.buildItem(item));
    else if (isAlias(node)) return this.buildAlias(node.source, node.range?.[0] ?? 0);
    else throw new NodeError(0, 'unsupported YAML node');
    // Registered after the node is built: an alias inside its own anchor is unknown (go-yaml
    // rejects such documents too).
    if (node.anchor !== undefined) this.anchors.set(node.anchor, node);
    return value;
  }

  private buildItem(item: unknown): unknown {
    if (isPair(item)) {
      throw new NodeError(0, 'unexpected key/value pair in a sequence');
    }
    return this.build(item as Node | null);
  }

  private buildAlias(name: string, offset: number): unknown {
    const target = this.anchors.get(name);
    if (target === undefined) throw new NodeError(offset, `unknown anchor '${name}' referenced`);
    this.aliasDepth++;
    try {
      return this.build(target);
    } finally {
      this.aliasDepth--;
    }
  }

  private buildScalar(node: Scalar): unknown {
    // `source` is the scalar's text; `value` may already be converted (the package decodes
    // !!binary into a Buffer even under the failsafe schema).
    const source = this.readScalarSource(node);
    const text = node.type === 'BLOCK_FOLDED' ? foldLikeKyaml(source) : source;
    const offset = node.range?.[0] ?? 0;
    if (isBlockStyle(node) && text.startsWith('\t') && isBlockKeptByKyaml(text)) {
      // kyaml prints the block again without an indentation indicator (go-yaml v3 writes one
      // only for a leading space or break) and cannot read it back.
      throw new NodeError(offset, 'found a tab character where an indentation space is expected');
    }
    // The non-specific tag "!" changes nothing in kustomize's output.
    if (node.tag === undefined || node.tag === '!') {
      return node.type === 'PLAIN' ? this.toValue(resolveGoScalar(text, 'v3'), text) : text;
    }
    if (node.tag === 'tag:yaml.org,2002:binary') {
      const decoded = decodeBinaryScalar(text);
      if (decoded === undefined) {
        throw new NodeError(offset, '!!binary value contains invalid base64 data');
      }
      return decoded;
    }
    const resolved = resolveTaggedScalar(node.tag, text);
    if (typeof resolved === 'string') throw new NodeError(offset, resolved);
    return this.toValue(resolved, text);
  }

  private readScalarSource(node: Scalar): string {
    if (node.type === 'QUOTE_DOUBLE' && node.range !== undefined && node.range !== null) {
      const raw = this.text.slice(node.range[0], node.range[1]);
      if (hasEscapedLineBreak(raw)) return decodeDoubleQuoted(raw);
    }
    return node.source ?? String(node.value);
  }

  private toValue(scalar: GoScalar, text: string): unknown {
    return convertGoScalar(scalar, text, this.unsafeIntegers);
  }

  private buildKey(pair: Pair): string | undefined {
    const key = pair.key as Node | null;
    if (key !== null && isScalar(key) && key.tag === undefined) {
      const text = this.readScalarSource(key);
      if (key.type === 'BLOCK_FOLDED') return foldLikeKyaml(text);
      if (key.type !== 'PLAIN') return text;
      if (text === '<<') return undefined;
      if (resolveGoScalar(text, 'v3').kind === 'str') return text;
      throw new NodeError(
        key.range?.[0] ?? 0,
        `mapping key ${JSON.stringify(text)} is not a string`,
      );
    }
    if (key !== null && isScalar(key) && key.tag === 'tag:yaml.org,2002:merge') return undefined;
    const value = this.build(key);
    if (typeof value !== 'string') {
      throw new NodeError(
        key?.range?.[0] ?? 0,
        `mapping key ${JSON.stringify(value)} is not a string`,
      );
    }
    return value;
  }

  private buildMap(node: YAMLMap): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const merges: Node[] = [];
    for (const pair of node.items) {
      const key = this.buildKey(pair);
      const value = pair.value as Node | null;
      if (key === undefined) {
        if (merges.length > 0) throw this.duplicateKeyError(node, pair, '<<');
        if (value !== null) merges.push(value);
        continue;
      }
      if (Object.hasOwn(result, key)) throw this.duplicateKeyError(node, pair, key);
      setKey(result, key, this.build(value));
    }
    for (const source of merges) this.applyMerge(result, source);
    return result;
  }

  /** go-yaml v3's message; the first definition is looked up only when it is needed. */
  private duplicateKeyError(map: YAMLMap, pair: Pair, key: string): NodeError {
    const offset = (pair.key as Node | null)?.range?.[0] ?? 0;
    const first = map.items.find((other) => {
      const node = other.key as Node | null;
      return node !== null && isScalar(node) && String(node.value) === key;
    });
    const firstOffset = (first?.key as Node | null)?.range?.[0] ?? offset;
    const line = this.lineOf(firstOffset);
    return new NodeError(offset, `mapping key "${key}" already defined at line ${line}`);
  }

  /** `<<: *a` or `<<: [*a, *b]`: copy keys not yet set, earlier sources first. */
  private applyMerge(result: Record<string, unknown>, source: Node): void {
    const offset = source.range?.[0] ?? 0;
    const sources = isSeq(source) ? (source.items as (Node | null)[]) : [source];
    for (const item of sources) {
      const target = item !== null && isAlias(item) ? this.anchors.get(item.source) : item;
      if (target === null || target === undefined || !isMap(target)) {
        throw new NodeError(offset, 'map merge requires map or sequence of maps as the value');
      }
      const merged = this.build(item) as Record<string, unknown>;
      for (const key of Object.keys(merged)) {
        if (!Object.hasOwn(result, key)) setKey(result, key, merged[key]);
      }
    }
  }
}

function isBlockStyle(node: Scalar): boolean {
  return node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
}

/** Own-property assignment that also works for the key "__proto__". */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}
