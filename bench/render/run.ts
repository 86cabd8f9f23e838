/**
 * The render benchmark: Capstan's `capstan build` against `kubectl kustomize`, side by side
 * in one run, on generated three-level overlays of growing size; then the engine in process
 * (warm latency of a 20-resource overlay; where the time of a 2,100-resource render goes;
 * a CPU profile of `capstan build` at that size). Ratios are reported, never asserted.
 *
 *   node dist/bench/render/run.js [--sizes 150,600,2100] [--repeat N] [--kubectl-repeat N]
 *       [--skip-kubectl-above N] [--iterations 200] [--breakdown-size 2100]
 *       [--features a,b] [--seed 42] [--skip-profile] [--keep-trees]
 *
 * Progress goes to stderr, the report to stdout.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  formatBreakdown,
  formatLatency,
  formatProbes,
  formatProfile,
  formatSizeTable,
  type SizeRow,
} from './format-report.js';
import {
  OVERLAY_FEATURES,
  generateOverlayTree,
  type OverlayFeature,
  type OverlayTree,
} from './generate-overlay.js';
import { createRenderTargets, measureBreakdown, measureWarmRender } from './measure-in-process.js';
import {
  describeOutputDifference,
  measureProcess,
  measureProcessSeries,
} from './measure-process.js';
import {
  firstLine,
  probeFeatures,
  type BuildCommand,
  type FeatureProbe,
} from './probe-features.js';
import { profileCapstanBuild } from './profile-build.js';
import { removeTree, writeTreeToTempDir } from './write-tree.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const CAPSTAN: BuildCommand = {
  command: process.execPath,
  args: (dir) => [`${PROJECT_ROOT}/bin/capstan.js`, 'build', dir],
};
const KUBECTL: BuildCommand = { command: 'kubectl', args: (dir) => ['kustomize', dir] };

interface BenchOptions {
  sizes: number[];
  repeat: number;
  kubectlRepeat: number | undefined;
  skipKubectlAbove: number;
  iterations: number;
  smallSize: number;
  breakdownSize: number;
  features: OverlayFeature[] | undefined;
  seed: number;
  profile: boolean;
  keepTrees: boolean;
}

function logProgress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '150,600,2100' },
      repeat: { type: 'string', default: '5' },
      'kubectl-repeat': { type: 'string' },
      'skip-kubectl-above': { type: 'string' },
      iterations: { type: 'string', default: '200' },
      'small-size': { type: 'string', default: '20' },
      'breakdown-size': { type: 'string', default: '2100' },
      features: { type: 'string' },
      seed: { type: 'string', default: '42' },
      'skip-profile': { type: 'boolean', default: false },
      'keep-trees': { type: 'boolean', default: false },
    },
  });
  const features = values.features?.split(',').filter((f) => f !== '');
  for (const f of features ?? []) {
    if (!(OVERLAY_FEATURES as readonly string[]).includes(f))
      throw new Error(`unknown feature ${f}; known: ${OVERLAY_FEATURES.join(',')}`);
  }
  return {
    sizes: values.sizes
      .split(',')
      .map(Number)
      .filter((n) => n >= 10)
      .sort((a, b) => a - b),
    repeat: Math.max(1, Number(values.repeat)),
    kubectlRepeat:
      values['kubectl-repeat'] === undefined
        ? undefined
        : Math.max(1, Number(values['kubectl-repeat'])),
    skipKubectlAbove: Number(values['skip-kubectl-above'] ?? Infinity),
    iterations: Math.max(1, Number(values.iterations)),
    smallSize: Number(values['small-size']),
    breakdownSize: Number(values['breakdown-size']),
    features: features as OverlayFeature[] | undefined,
    seed: Number(values.seed),
    profile: !values['skip-profile'],
    keepTrees: values['keep-trees'],
  };
}

function describeEnvironment(): string {
  let kustomize = 'unknown';
  try {
    const text = execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    kustomize = text.replace(/\n/g, '; ').trim();
  } catch {
    kustomize = 'kubectl not found';
  }
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `node ${process.version}; ${kustomize}; ${cpus().length} CPUs; load average ${load}`;
}

/** Times both tools on one size; kubectl only up to the limit, capstan always. */
async function measureSize(
  size: number,
  dir: string,
  opts: BenchOptions,
  previous: SizeRow | undefined,
): Promise<SizeRow> {
  logProgress(`running capstan build on ${size} resources (1 warm-up + ${opts.repeat} runs)…`);
  const capstan = await measureProcessSeries(CAPSTAN.command, CAPSTAN.args(dir), {
    runs: opts.repeat,
    warmups: 1,
    onRun: (i, run) =>
      logProgress(`  capstan run ${i}: ${run.wallMs.toFixed(0)} ms, ${run.rssMb.toFixed(0)} MB`),
  });
  let kubectl: SizeRow['kubectl'] = 'skipped';
  if (size <= opts.skipKubectlAbove) {
    const runs = opts.kubectlRepeat ?? (size <= 600 ? Math.min(opts.repeat, 3) : 1);
    const prevK =
      previous && typeof previous.kubectl === 'object' && 'medianMs' in previous.kubectl
        ? previous.kubectl
        : undefined;
    // Kustomize grows as about n^1.75 here once start-up no longer dominates (≥ 500 resources).
    const expect =
      prevK && previous && previous.resources >= 500
        ? ` (expect about ${((prevK.medianMs * (size / previous.resources) ** 1.75) / 1000).toFixed(0)} s a run)`
        : size >= 1500
          ? ' (this takes 30–90 s a run)'
          : '';
    logProgress(`running kubectl kustomize on ${size} resources… ${runs} run(s)${expect}`);
    const series = await measureProcessSeries(KUBECTL.command, KUBECTL.args(dir), {
      runs,
      warmups: 0,
      onRun: (i, run) =>
        logProgress(
          `  kubectl run ${i}: ${(run.wallMs / 1000).toFixed(1)} s, ${run.rssMb.toFixed(0)} MB`,
        ),
    });
    kubectl = 'failed' in series ? { error: firstLine(series.failed.stderr) } : series;
  } else {
    logProgress(
      `skipping kubectl kustomize on ${size} resources (--skip-kubectl-above ${opts.skipKubectlAbove})`,
    );
  }
  const capstanRow = 'failed' in capstan ? { error: firstLine(capstan.failed.stderr) } : capstan;
  const printed = 'failed' in capstan ? 0 : countDocuments(capstan.first.stdout.toString());
  let difference: string | undefined = 'not compared';
  if (!('failed' in capstan) && typeof kubectl === 'object' && 'medianMs' in kubectl) {
    difference = describeOutputDifference(capstan.first.stdout, kubectl.first.stdout);
    if (difference !== undefined) logProgress(`  OUTPUT DIFFERS at ${size}: ${difference}`);
  }
  return { resources: size, printed, capstan: capstanRow, kubectl, difference };
}

function countDocuments(yaml: string): number {
  return yaml === '' ? 0 : yaml.split('\n---\n').length;
}

async function measureSmallRender(opts: BenchOptions, features: OverlayFeature[]): Promise<string> {
  const tree = generateOverlayTree({ resources: opts.smallSize, seed: opts.seed, features });
  const root = await writeTreeToTempDir(tree.files, `small-${opts.smallSize}`);
  try {
    const reference = await measureProcess(KUBECTL.command, KUBECTL.args(`${root}/${tree.entry}`));
    const lines: string[] = [];
    const stats = [];
    for (const target of createRenderTargets(tree, root)) {
      logProgress(
        `in-process render of ${opts.smallSize} resources via ${target.label}: ${opts.iterations} warm iterations…`,
      );
      const result = await measureWarmRender(target, { iterations: opts.iterations, warmups: 20 });
      stats.push(result);
      const diff =
        reference.exitCode === 0
          ? describeOutputDifference(Buffer.from(result.output), reference.stdout)
          : 'kubectl failed';
      lines.push(`  ${target.label} output vs kubectl kustomize: ${diff ?? 'identical'}`);
    }
    return [formatLatency(stats), ...lines].join('\n');
  } finally {
    if (!opts.keepTrees) await removeTree(root);
  }
}

async function runBenchmark(opts: BenchOptions): Promise<void> {
  const report: string[] = [`# Capstan render benchmark\n${describeEnvironment()}`];
  let features = opts.features;
  let probes: FeatureProbe[] = [];
  if (features === undefined)
    ({ features, probes } = await probeFeatures(
      { capstan: CAPSTAN, kubectl: KUBECTL },
      opts.seed,
      logProgress,
    ));
  const fallback = features.length < OVERLAY_FEATURES.length;
  const missing = OVERLAY_FEATURES.filter((f) => !features.includes(f));
  const label = fallback
    ? `FALLBACK feature subset (without ${missing.join(', ')})`
    : 'all features';
  if (probes.length > 0) report.push(`## Feature probe (20 resources)\n${formatProbes(probes)}`);
  const trees = new Map<number, { tree: OverlayTree; root: string }>();
  const rows: SizeRow[] = [];
  try {
    for (const size of opts.sizes) {
      const tree = generateOverlayTree({ resources: size, seed: opts.seed, features });
      const root = await writeTreeToTempDir(tree.files, String(size));
      trees.set(size, { tree, root });
      logProgress(
        `generated ${size} resources (${tree.apps} apps, ${Object.keys(tree.files).length} files) in ${root}`,
      );
      rows.push(await measureSize(size, `${root}/${tree.entry}`, opts, rows[rows.length - 1]));
    }
    report.push(`## capstan build vs kubectl kustomize — ${label}\n${formatSizeTable(rows)}`);
    const small = await measureSmallRender(opts, features).catch(
      (err: unknown) => `in-process render failed: ${String(err)}`,
    );
    report.push(`## In-process render, ${opts.smallSize} resources — ${label}\n${small}`);
    let big = trees.get(opts.breakdownSize);
    if (big === undefined) {
      const tree = generateOverlayTree({
        resources: opts.breakdownSize,
        seed: opts.seed,
        features,
      });
      big = { tree, root: await writeTreeToTempDir(tree.files, String(opts.breakdownSize)) };
      trees.set(opts.breakdownSize, big);
    }
    logProgress(`breaking down an in-process render of ${opts.breakdownSize} resources…`);
    const nodeStart = await measureProcessSeries(process.execPath, ['-e', '0'], {
      runs: 5,
      warmups: 1,
    });
    const cli = rows.find((r) => r.resources === opts.breakdownSize)?.capstan;
    try {
      const breakdown = await measureBreakdown(big.tree, big.root, 5);
      report.push(
        `## Where the time goes, ${opts.breakdownSize} resources — ${label}\n` +
          formatBreakdown(
            breakdown,
            cli && 'medianMs' in cli ? cli.medianMs : undefined,
            'medianMs' in nodeStart ? nodeStart.medianMs : NaN,
          ),
      );
    } catch (err) {
      report.push(
        `## Where the time goes: in-process build failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (opts.profile) {
      logProgress(`profiling capstan build on ${opts.breakdownSize} resources (node --cpu-prof)…`);
      const profile = await profileCapstanBuild(PROJECT_ROOT, `${big.root}/${big.tree.entry}`).then(
        formatProfile,
        (err: unknown) => `failed: ${String(err)}`,
      );
      report.push(`## CPU profile of capstan build, ${opts.breakdownSize} resources\n${profile}`);
    }
  } finally {
    if (opts.keepTrees)
      logProgress(`kept trees: ${[...trees.values()].map((t) => t.root).join(' ')}`);
    else for (const { root } of trees.values()) await removeTree(root);
  }
  report.push(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (the machine is shared: compare with the start)`,
  );
  process.stdout.write(`${report.join('\n\n')}\n`);
}

await runBenchmark(parseBenchArgs(process.argv.slice(2)));
