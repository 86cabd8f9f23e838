/**
 * Just enough of the Prometheus text exposition format for the benchmark: samples with
 * their labels, sums over label sets, histograms (buckets summed over label sets), the
 * difference of two scrapes, and quantiles estimated the way PromQL's histogram_quantile
 * does (linear interpolation inside the bucket that holds the rank).
 */

export interface MetricSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/u;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/gu;

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

export function parsePrometheusText(text: string): MetricSample[] {
  const out: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL))
      labels[label[1] ?? ''] = (label[2] ?? '').replace(/\\(.)/gu, (_, c: string) =>
        c === 'n' ? '\n' : c,
      );
    out.push({ name: match[1] ?? '', labels, value: parseValue(match[3] ?? '') });
  }
  return out;
}

/** Sum of every sample of `name` whose labels include `match`. */
export function sumMetric(
  samples: readonly MetricSample[],
  name: string,
  match: Readonly<Record<string, string>> = {},
): number {
  let total = 0;
  for (const sample of samples) {
    if (sample.name !== name) continue;
    if (Object.entries(match).every(([k, v]) => sample.labels[k] === v)) total += sample.value;
  }
  return total;
}

/** Sums of `name` per value of one label. */
export function sumMetricBy(
  samples: readonly MetricSample[],
  name: string,
  label: string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name !== name) continue;
    const key = sample.labels[label] ?? '';
    out[key] = (out[key] ?? 0) + sample.value;
  }
  return out;
}

export interface Histogram {
  /** Cumulative counts by upper bound, ascending, ending with +Inf. */
  readonly buckets: readonly { le: number; count: number }[];
  readonly count: number;
  readonly sum: number;
}

/** The histogram `name`, its buckets summed over every label set; undefined if absent. */
export function readHistogram(
  samples: readonly MetricSample[],
  name: string,
): Histogram | undefined {
  const byLe = new Map<number, number>();
  for (const sample of samples) {
    if (sample.name !== `${name}_bucket`) continue;
    const le = parseValue(sample.labels['le'] ?? '');
    byLe.set(le, (byLe.get(le) ?? 0) + sample.value);
  }
  if (byLe.size === 0) return undefined;
  return {
    buckets: [...byLe].sort((a, b) => a[0] - b[0]).map(([le, count]) => ({ le, count })),
    count: sumMetric(samples, `${name}_count`),
    sum: sumMetric(samples, `${name}_sum`),
  };
}

/** What was observed between two scrapes of the same histogram. */
export function subtractHistogram(later: Histogram, earlier: Histogram | undefined): Histogram {
  if (!earlier) return later;
  const before = new Map(earlier.buckets.map((b) => [b.le, b.count]));
  return {
    buckets: later.buckets.map((b) => ({ le: b.le, count: b.count - (before.get(b.le) ?? 0) })),
    count: later.count - earlier.count,
    sum: later.sum - earlier.sum,
  };
}

/**
 * The q-quantile (0 ≤ q ≤ 1) as histogram_quantile estimates it: find the bucket where the
 * rank q·count falls and interpolate linearly between its bounds (the first bucket starts
 * at 0); a rank in the +Inf bucket gives the highest finite bound. NaN when empty.
 */
export function estimateQuantile(q: number, histogram: Histogram): number {
  const buckets = histogram.buckets;
  const total = buckets[buckets.length - 1]?.count ?? 0;
  if (total <= 0) return NaN;
  const rank = q * total;
  for (let i = 0; i < buckets.length; i++) {
    const bucket = buckets[i];
    if (!bucket || bucket.count < rank) continue;
    const previous = buckets[i - 1];
    if (bucket.le === Infinity) return previous?.le ?? NaN;
    const lower = previous?.le ?? 0;
    const below = previous?.count ?? 0;
    const inBucket = bucket.count - below;
    if (inBucket <= 0) return bucket.le;
    return lower + (bucket.le - lower) * ((rank - below) / inBucket);
  }
  return NaN;
}

/** Fetches and parses one scrape of a /metrics endpoint. */
export async function scrapeMetrics(url: string): Promise<MetricSample[]> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${String(response.status)}`);
  return parsePrometheusText(await response.text());
}
