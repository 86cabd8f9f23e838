/**
 * Reads Prometheus text exposition, as a scraper would, so that metric tests check what
 * `/metrics` actually serves rather than prom-client's internals.
 */
import type { Registry } from '../../../src/metrics/index.js';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Scrape {
  readonly text: string;
  /** `# TYPE` of each metric family. */
  readonly types: ReadonlyMap<string, string>;
  /** `# HELP` of each metric family. */
  readonly help: ReadonlyMap<string, string>;
  readonly samples: readonly Sample[];
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/gu;
  for (const match of text.matchAll(pattern)) {
    labels[match[1] ?? ''] = (match[2] ?? '').replace(/\\(.)/gu, (_, c: string) =>
      c === 'n' ? '\n' : c,
    );
  }
  return labels;
}

export function parseExposition(text: string): Scrape {
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/u.exec(line);
    if (meta) {
      (meta[1] === 'TYPE' ? types : help).set(meta[2] ?? '', meta[3] ?? '');
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/u.exec(line);
    if (!sample) continue;
    samples.push({
      name: sample[1] ?? '',
      labels: parseLabels(sample[2] ?? ''),
      value: Number(sample[3]),
    });
  }
  return { text, types, help, samples };
}

export async function scrapeRegistry(registry: Registry): Promise<Scrape> {
  return parseExposition(await registry.metrics());
}

/** Samples named `name` whose labels include every pair in `labels`. */
export function findSamples(
  scrape: Scrape,
  name: string,
  labels: Record<string, string> = {},
): Sample[] {
  return scrape.samples.filter(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

/** The value of the one sample named `name` with these labels; fails when there is not exactly one. */
export function sampleValue(
  scrape: Scrape,
  name: string,
  labels: Record<string, string> = {},
): number {
  const found = findSamples(scrape, name, labels);
  if (found.length !== 1) {
    throw new Error(`${name} ${JSON.stringify(labels)}: ${found.length} samples, expected 1`);
  }
  return (found[0] as Sample).value;
}
