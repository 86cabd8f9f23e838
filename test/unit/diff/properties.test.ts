/**
 * Seeded random objects checked against the cardinal rules: extra live fields never make a
 * difference; a changed scalar is always drift; a changed type is never drift.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareResource } from '../../../src/diff/index.js';
import type { KubeObject } from '../../../src/model/index.js';
import { createSeededRandom } from '../../helpers/seeded-random.js';

type Json = unknown;

class Generator {
  private counter = 0;
  constructor(private readonly random: () => number) {}

  pick(n: number): number {
    return Math.floor(this.random() * n);
  }

  scalar(): Json {
    this.counter++;
    switch (this.pick(3)) {
      case 0:
        return `s${this.counter}`;
      case 1:
        return this.counter * 7;
      default:
        return this.counter % 2 === 0;
    }
  }

  value(depth: number): Json {
    const choice = depth > 3 ? 0 : this.pick(4);
    if (choice === 0 || choice === 1) return this.scalar();
    if (choice === 2) return this.object(depth + 1);
    if (this.pick(2) === 0) return [this.scalar(), this.scalar()];
    // Items of a real list share one shape (same fields, other values).
    const first = this.object(depth + 1);
    return [first, this.reshape(first)];
  }

  reshape(value: Json): Json {
    if (Array.isArray(value)) return value.map((item) => this.reshape(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, child]) => [key, this.reshape(child)]),
      );
    }
    const fresh = this.scalar();
    return typeof fresh === typeof value ? fresh : value;
  }

  object(depth: number): Record<string, Json> {
    const out: Record<string, Json> = {};
    const size = 1 + this.pick(4);
    for (let i = 0; i < size; i++) out[`f${this.counter++}`] = this.value(depth);
    return out;
  }

  /** Adds fields only live has, at random object nodes (never list items: those are ambiguous). */
  addExtras(value: Json): void {
    if (Array.isArray(value)) {
      for (const item of value) this.addExtras(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const map = value as Record<string, Json>;
    for (const key of Object.keys(map)) this.addExtras(map[key]);
    if (this.pick(2) === 0) map[`extra${this.counter++}`] = this.scalar();
  }
}

interface Leaf {
  readonly holder: Record<string, Json> | Json[];
  readonly key: string | number;
}

function leavesOf(value: Json, out: Leaf[] = []): Leaf[] {
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((item, i) => [i, item])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  for (const [key, child] of entries) {
    if (typeof child === 'object' && child !== null) leavesOf(child, out);
    else out.push({ holder: value as Record<string, Json>, key });
  }
  return out;
}

function setLeaf(leaf: Leaf, next: Json): void {
  (leaf.holder as Record<string | number, Json>)[leaf.key] = next;
}

function widget(spec: Json): KubeObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'n' },
    spec,
  };
}

const SEEDS = Array.from({ length: 60 }, (_, i) => i + 1);

describe('compareResource properties on seeded random custom resources', () => {
  it('finds live with extra fields equal', () => {
    for (const seed of SEEDS) {
      const generator = new Generator(createSeededRandom(seed));
      const spec = generator.object(0);
      const live = structuredClone(spec);
      generator.addExtras(live);
      const result = compareResource(widget(spec), widget(live));
      assert.equal(result.verdict, 'equal', `seed ${seed}: ${JSON.stringify(result.differences)}`);
    }
  });

  it('finds a changed scalar of the same type to be drift', () => {
    for (const seed of SEEDS) {
      const generator = new Generator(createSeededRandom(seed));
      const spec = generator.object(0);
      const live = structuredClone(spec);
      const leaves = leavesOf(live);
      const leaf = leaves[generator.pick(leaves.length)];
      assert.ok(leaf);
      const old = (leaf.holder as Record<string | number, Json>)[leaf.key];
      setLeaf(
        leaf,
        typeof old === 'string' ? `${old}-changed` : typeof old === 'number' ? old + 100000 : !old,
      );
      const result = compareResource(widget(spec), widget(live));
      assert.equal(result.verdict, 'drift', `seed ${seed}: ${JSON.stringify(result.differences)}`);
    }
  });

  it('never calls a changed type drift', () => {
    for (const seed of SEEDS) {
      const generator = new Generator(createSeededRandom(seed));
      const spec = generator.object(0);
      const live = structuredClone(spec);
      const leaves = leavesOf(live);
      const leaf = leaves[generator.pick(leaves.length)];
      assert.ok(leaf);
      setLeaf(leaf, String((leaf.holder as Record<string | number, Json>)[leaf.key]));
      const result = compareResource(widget(spec), widget(live));
      const original = leavesOf(spec).length > 0;
      assert.ok(original);
      // A string stays a string (then nothing changed): otherwise only a dry-run may tell.
      assert.notEqual(
        result.verdict,
        'drift',
        `seed ${seed}: ${JSON.stringify(result.differences)}`,
      );
    }
  });
});
