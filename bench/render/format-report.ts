/**
 * Formats the benchmark's results as plain-text tables for stdout: the size table (times,
 * ratio, peak RSS, correctness, Capstan's scaling between consecutive sizes), the feature
 * probe, in-process latency, the 2,100-resource breakdown and the CPU profile summary.
 * Numbers are reported, never asserted.
 */
import type { Breakdown, LatencyStats } from './measure-in-process.js';
import type { ProcessSeries } from './measure-process.js';
import type { FeatureProbe } from './probe-features.js';
import type { ProfileEntry, ProfileSummary } from './summarize-cpu-profile.js';

export interface SizeRow {
  resources: number;
  /** Documents in Capstan's output (should equal `resources`). */
  printed: number;
  capstan: ProcessSeries | { error: string };
  kubectl: ProcessSeries | { error: string } | 'skipped';
  /** undefined: identical; a description otherwise; 'not compared' when kubectl did not run. */
  difference: string | undefined;
}

/** Lays out rows of cells as an aligned, pipe-separated table. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function isSeries(value: ProcessSeries | { error: string } | 'skipped'): value is ProcessSeries {
  return typeof value === 'object' && 'medianMs' in value;
}

function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

function formatSeries(series: ProcessSeries): string {
  const min = series.runs > 1 ? ` min ${formatMs(series.minMs)}` : '';
  return `${formatMs(series.medianMs)} (n=${series.runs}${min})`;
}

/** The size table: one row per size, with Capstan's growth against the previous size. */
export function formatSizeTable(rows: readonly SizeRow[]): string {
  const header = ['resources', 'capstan ms median', 'kubectl ms median', 'ratio', 'capstan RSS MB'];
  header.push('kubectl RSS MB', 'output', 'capstan scaling vs previous size');
  const cells = rows.map((row, i) => {
    const c = row.capstan;
    const k = row.kubectl;
    const capstanMs = isSeries(c) ? formatSeries(c) : 'FAILED';
    const kubectlMs = isSeries(k) ? formatSeries(k) : k === 'skipped' ? 'skipped' : 'FAILED';
    const ratio = isSeries(c) && isSeries(k) ? `${(k.medianMs / c.medianMs).toFixed(1)}×` : '–';
    const output =
      row.difference === undefined
        ? 'identical'
        : row.difference === 'not compared'
          ? 'not compared'
          : 'DIFFERS';
    const prev = rows[i - 1];
    let scaling = '–';
    if (prev && isSeries(prev.capstan) && isSeries(c)) {
      const timeFactor = c.medianMs / prev.capstan.medianMs;
      const sizeFactor = row.resources / prev.resources;
      const exponent = Math.log(timeFactor) / Math.log(sizeFactor);
      scaling = `×${timeFactor.toFixed(2)} time for ×${sizeFactor.toFixed(2)} size (exp ${exponent.toFixed(2)})`;
    }
    return [
      String(row.resources),
      capstanMs,
      kubectlMs,
      ratio,
      isSeries(c) ? c.rssMb.toFixed(0) : '–',
      isSeries(k) ? k.rssMb.toFixed(0) : '–',
      output,
      scaling,
    ];
  });
  const notes = rows.flatMap((row) => {
    const out: string[] = [];
    if (!isSeries(row.capstan)) out.push(`${row.resources}: capstan failed: ${row.capstan.error}`);
    if (typeof row.kubectl === 'object' && !isSeries(row.kubectl)) {
      out.push(`${row.resources}: kubectl failed: ${row.kubectl.error}`);
    }
    if (row.difference !== undefined && row.difference !== 'not compared') {
      out.push(`${row.resources}: OUTPUT DIFFERS: ${row.difference}`);
    }
    if (isSeries(row.capstan) && row.printed !== row.resources) {
      out.push(`${row.resources}: capstan printed ${row.printed} documents`);
    }
    return out;
  });
  return [formatTable(header, cells), ...notes.map((n) => `  note: ${n}`)].join('\n');
}

/** The feature probe, one line per subject. */
export function formatProbes(probes: readonly FeatureProbe[]): string {
  return formatTable(
    ['probed', 'result', 'detail'],
    probes.map((p) => [p.subject, p.status, p.detail]),
  );
}

/** In-process warm latency, one row per file source. */
export function formatLatency(stats: readonly LatencyStats[]): string {
  return formatTable(
    ['source', 'iterations', 'median ms', 'p95 ms', 'build median', 'emit median', 'first call ms'],
    stats.map((s) => [
      s.label,
      String(s.iterations),
      s.medianMs.toFixed(2),
      s.p95Ms.toFixed(2),
      s.buildMedianMs.toFixed(2),
      s.emitMedianMs.toFixed(2),
      s.firstMs.toFixed(1),
    ]),
  );
}

/** Where the time of one large render goes. */
export function formatBreakdown(
  b: Breakdown,
  cliMs: number | undefined,
  nodeStartMs: number,
): string {
  const rows: string[][] = [
    ['YAML parse of every file (parseKustomizeYaml)', formatMs(b.parseMs)],
    ['transforms ≈ build(memory) − parse', formatMs(b.buildMemoryMs - b.parseMs)],
    ['build from MemoryFileSource (parse + transforms)', formatMs(b.buildMemoryMs)],
    ['build from LocalFileSource (adds disk reads)', formatMs(b.buildDiskMs)],
    ['YAML emit (emitKustomizeYaml)', formatMs(b.emitMs)],
    ['build(disk) + emit, warm', formatMs(b.buildDiskMs + b.emitMs)],
    ['build(disk) + emit, first call on this tree', formatMs(b.firstRenderMs)],
    ['`node -e 0` start-up, for reference', formatMs(nodeStartMs)],
  ];
  if (cliMs !== undefined) rows.push(['`capstan build` process, median wall', formatMs(cliMs)]);
  const head = `${b.resources} resources from ${b.files} files (${(b.inputBytes / 1e6).toFixed(2)} MB in, ${(b.outputBytes / 1e6).toFixed(2)} MB out)`;
  return `${head}\n${formatTable(['step (warm medians unless said)', 'ms'], rows)}`;
}

function formatEntries(entries: readonly ProfileEntry[], withName: boolean): string {
  return formatTable(
    withName ? ['ms', '%', 'function', 'location'] : ['ms', '%', 'file'],
    entries.map((e) =>
      withName
        ? [e.ms.toFixed(0), e.percent.toFixed(1), e.name, e.location]
        : [e.ms.toFixed(0), e.percent.toFixed(1), e.name],
    ),
  );
}

/** The CPU profile's top self time, inclusive time of our code, and self time per file. */
export function formatProfile(summary: ProfileSummary): string {
  return [
    `the profile spans ${summary.totalMs.toFixed(0)} ms of wall time (profiler on; (idle) = waiting for I/O or the CPU); % are of that`,
    'top self time:',
    formatEntries(summary.topSelf, true),
    'top inclusive time in dist/src (self + callees):',
    formatEntries(summary.topInclusive, true),
    'self time by file:',
    formatEntries(summary.byFile, false),
  ].join('\n');
}
