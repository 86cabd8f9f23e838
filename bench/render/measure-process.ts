/**
 * Runs a command as a child process and measures it: wall time from spawn to exit (our own
 * clock, in ms) and peak resident memory from GNU time's `%M` (the child's VmHWM as the
 * kernel reports it at exit, in KB), written by `/usr/bin/time -o FILE` so it never mixes
 * with the command's own stderr. Standard output is kept for the correctness check.
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface ProcessRun {
  wallMs: number;
  /** Peak RSS in MB, or NaN when GNU time did not report one. */
  rssMb: number;
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

export interface ProcessSeries {
  /** Median wall time of the timed runs. */
  medianMs: number;
  minMs: number;
  /** Median peak RSS of the timed runs. */
  rssMb: number;
  runs: number;
  /** The output of the first run (the one checked against the reference). */
  first: ProcessRun;
}

let runCounter = 0;

/** Runs `command args` once under GNU time; never throws for a non-zero exit. */
export async function measureProcess(
  command: string,
  args: readonly string[],
): Promise<ProcessRun> {
  const timeFile = join(tmpdir(), `capstan-bench-time-${process.pid}-${runCounter++}.txt`);
  const start = process.hrtime.bigint();
  const child = spawn(GNU_TIME, ['-f', '%e %M', '-o', timeFile, command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      resolve(code ?? 1);
    });
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const rssMb = await readPeakRss(timeFile);
  return {
    wallMs,
    rssMb,
    exitCode,
    stdout: Buffer.concat(out),
    stderr: Buffer.concat(err).toString(),
  };
}

/**
 * Runs a command `runs` times (after `warmups` untimed runs) and returns medians. Stops at the
 * first failing run: a failure is reported, never timed.
 */
export async function measureProcessSeries(
  command: string,
  args: readonly string[],
  options: { runs: number; warmups: number; onRun?: (index: number, run: ProcessRun) => void },
): Promise<ProcessSeries | { failed: ProcessRun }> {
  let first: ProcessRun | undefined;
  const timed: ProcessRun[] = [];
  for (let i = 0; i < options.warmups + options.runs; i++) {
    const run = await measureProcess(command, args);
    if (run.exitCode !== 0) return { failed: run };
    first ??= run;
    if (i >= options.warmups) {
      timed.push(run);
      options.onRun?.(timed.length, run);
    }
  }
  if (first === undefined || timed.length === 0) throw new Error('measureProcessSeries: no runs');
  return {
    medianMs: computeMedian(timed.map((r) => r.wallMs)),
    minMs: Math.min(...timed.map((r) => r.wallMs)),
    rssMb: computeMedian(timed.map((r) => r.rssMb)),
    runs: timed.length,
    first,
  };
}

/** The median of a non-empty list of numbers. */
export function computeMedian(values: readonly number[]): number {
  return computePercentile(values, 50);
}

/** The nearest-rank percentile (0–100) of a non-empty list of numbers. */
export function computePercentile(values: readonly number[], percentile: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  if (percentile === 50 && sorted.length % 2 === 0) {
    const hi = sorted.length / 2;
    return ((sorted[hi - 1] ?? NaN) + (sorted[hi] ?? NaN)) / 2;
  }
  const rank = Math.ceil((percentile / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? NaN;
}

async function readPeakRss(timeFile: string): Promise<number> {
  try {
    // GNU time writes "Command exited with non-zero status N" first when the command fails.
    const lines = (await readFile(timeFile, 'utf8')).trim().split('\n');
    const kb = Number(lines[lines.length - 1]?.split(' ')[1]);
    return Number.isFinite(kb) ? kb / 1024 : NaN;
  } catch {
    return NaN;
  } finally {
    await rm(timeFile, { force: true });
  }
}

/** Describes the first difference between two outputs, or undefined when they are identical. */
export function describeOutputDifference(ours: Buffer, reference: Buffer): string | undefined {
  if (ours.equals(reference)) return undefined;
  const a = ours.toString().split('\n');
  const b = reference.toString().split('\n');
  const docs = (lines: string[]): number => lines.filter((l) => l === '---').length + 1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    return (
      `first difference at line ${i + 1}: capstan ${JSON.stringify(a[i] ?? '<end>')} vs ` +
      `kubectl ${JSON.stringify(b[i] ?? '<end>')} (${docs(a)} vs ${docs(b)} documents, ` +
      `${ours.length} vs ${reference.length} bytes)`
    );
  }
  return `outputs differ in bytes only (${ours.length} vs ${reference.length} bytes)`;
}
