/**
 * In-process measurements of the engine through its public API: warm render latency of a
 * small overlay (buildKustomization + emitKustomizeYaml, on disk and in memory) and, for a
 * large tree, where the time goes — YAML parse of every file alone, the whole build from
 * memory and from disk, and the YAML emit alone.
 */
import { LocalFileSource, toSourcePath } from '../../src/cli/local-file-source.js';
import type { FileSource } from '../../src/model/index.js';
import {
  buildKustomization,
  emitKustomizeYaml,
  parseKustomizeYaml,
} from '../../src/render/index.js';
import { MemoryFileSource } from '../../test/helpers/memory-file-source.js';
import { computeMedian, computePercentile } from './measure-process.js';
import type { OverlayTree } from './generate-overlay.js';

export interface RenderTarget {
  label: string;
  source: FileSource;
  /** The directory to build, as a path in `source`. */
  dir: string;
}

export interface LatencyStats {
  label: string;
  iterations: number;
  /** build + emit */
  medianMs: number;
  p95Ms: number;
  buildMedianMs: number;
  emitMedianMs: number;
  /** The first call in this process, before any warm-up. */
  firstMs: number;
  output: string;
}

export interface Breakdown {
  resources: number;
  files: number;
  inputBytes: number;
  outputBytes: number;
  /** parseKustomizeYaml over every YAML file of the tree, nothing else. */
  parseMs: number;
  /** buildKustomization from a MemoryFileSource: parse + transforms, no disk. */
  buildMemoryMs: number;
  /** buildKustomization from the local disk, as `capstan build` runs it. */
  buildDiskMs: number;
  emitMs: number;
  /** build (disk) + emit of the first call on this tree (the engine code may be warm already). */
  firstRenderMs: number;
}

/** The two ways to read a generated tree: from where it was written, and from memory. */
export function createRenderTargets(tree: OverlayTree, diskRoot: string): RenderTarget[] {
  return [
    {
      label: 'LocalFileSource (disk)',
      source: new LocalFileSource(),
      dir: toSourcePath(`${diskRoot}/${tree.entry}`, '/'),
    },
    { label: 'MemoryFileSource', source: new MemoryFileSource(tree.files), dir: tree.entry },
  ];
}

/** Renders `target` once untimed per warm-up, then `iterations` times, timing each. */
export async function measureWarmRender(
  target: RenderTarget,
  options: { iterations: number; warmups: number },
): Promise<LatencyStats> {
  const firstStart = performance.now();
  const output = emitKustomizeYaml(await buildKustomization(target.source, target.dir));
  const firstMs = performance.now() - firstStart;
  for (let i = 1; i < options.warmups; i++) {
    emitKustomizeYaml(await buildKustomization(target.source, target.dir));
  }
  const totals: number[] = [];
  const builds: number[] = [];
  const emits: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    const start = performance.now();
    const objects = await buildKustomization(target.source, target.dir);
    const built = performance.now();
    emitKustomizeYaml(objects);
    const end = performance.now();
    totals.push(end - start);
    builds.push(built - start);
    emits.push(end - built);
  }
  return {
    label: target.label,
    iterations: options.iterations,
    medianMs: computeMedian(totals),
    p95Ms: computePercentile(totals, 95),
    buildMedianMs: computeMedian(builds),
    emitMedianMs: computeMedian(emits),
    firstMs,
    output,
  };
}

/** Splits the render of a large tree into parse, build and emit; medians of `reps` runs. */
export async function measureBreakdown(
  tree: OverlayTree,
  diskRoot: string,
  reps: number,
): Promise<Breakdown> {
  const [disk, memory] = createRenderTargets(tree, diskRoot);
  if (disk === undefined || memory === undefined) throw new Error('measureBreakdown: no targets');
  const firstStart = performance.now();
  const firstObjects = await buildKustomization(disk.source, disk.dir);
  const output = emitKustomizeYaml(firstObjects);
  const firstRenderMs = performance.now() - firstStart;
  const yamlFiles = Object.entries(tree.files).filter(([path]) => path.endsWith('.yaml'));
  const parse = await timeRepeatedly(reps, () => {
    for (const [path, text] of yamlFiles) parseKustomizeYaml(text, path);
  });
  const buildMemory = await timeRepeatedly(reps, () =>
    buildKustomization(memory.source, memory.dir),
  );
  const buildDisk = await timeRepeatedly(reps, () => buildKustomization(disk.source, disk.dir));
  const emit = await timeRepeatedly(reps, () => emitKustomizeYaml(firstObjects));
  return {
    resources: firstObjects.length,
    files: Object.keys(tree.files).length,
    inputBytes: Object.values(tree.files).reduce((n, text) => n + Buffer.byteLength(text), 0),
    outputBytes: Buffer.byteLength(output),
    parseMs: parse,
    buildMemoryMs: buildMemory,
    buildDiskMs: buildDisk,
    emitMs: emit,
    firstRenderMs,
  };
}

async function timeRepeatedly(reps: number, work: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return computeMedian(times);
}
