/**
 * Process measurements for the repo benchmark: wall time from spawn to exit (our monotonic
 * clock) and peak RSS from GNU time's `%M` (the child's VmHWM at exit, KB), written to a file
 * so it never mixes with the command's own output. Plus small statistics helpers.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface ProcessRun {
  readonly wallMs: number;
  /** Peak RSS in MB; NaN when GNU time reported none. */
  readonly rssMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface MeasureOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Written to stdin, which is then closed; absent keeps stdin open (interactive). */
  readonly input?: string;
}

let counter = 0;

/** Starts `command args` under GNU time; `done` rejects when it exits non-zero. */
function startTimed(
  command: string,
  args: readonly string[],
  options: MeasureOptions,
): { child: ChildProcessWithoutNullStreams; done: Promise<ProcessRun> } {
  const name = `capstan-bench-repo-${String(process.pid)}-${String(counter++)}.txt`;
  const timeFile = path.join(tmpdir(), name);
  const started = process.hrtime.bigint();
  const child = spawn(GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args], {
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (options.input !== undefined) child.stdin.end(options.input);
  const done = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exit) => {
      resolve(exit ?? 1);
    });
  }).then(async (code) => {
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const rssMb = await readPeakRss(timeFile);
    if (code !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited ${String(code)}: ${stderr.trim()}`);
    }
    return { wallMs, rssMb, stdout, stderr };
  });
  return { child, done };
}

/** Runs `command args` to completion under GNU time. */
export function measureCommand(
  command: string,
  args: readonly string[],
  options: MeasureOptions = {},
): Promise<ProcessRun> {
  return startTimed(command, args, { ...options, input: options.input ?? '' }).done;
}

export interface MeasuredChild {
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** The next line the child prints on stdout. */
  nextLine(): Promise<string>;
  /** Closes stdin and waits for the exit, with the peak RSS. */
  finish(): Promise<ProcessRun>;
}

/** Starts an interactive child under GNU time: lines in on stdin, lines out on stdout. */
export function startMeasured(command: string, args: readonly string[]): MeasuredChild {
  const { child, done } = startTimed(command, args, {});
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let cut = buffered.indexOf('\n'); cut >= 0; cut = buffered.indexOf('\n')) {
      const line = buffered.slice(0, cut);
      buffered = buffered.slice(cut + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  return {
    send: (line) => {
      child.stdin.write(`${line}\n`);
    },
    nextLine: () =>
      new Promise<string>((resolve) => {
        const line = lines.shift();
        if (line !== undefined) resolve(line);
        else waiters.push(resolve);
      }),
    finish: () => {
      child.stdin.end();
      return done;
    },
  };
}

async function readPeakRss(file: string): Promise<number> {
  try {
    const last = (await readFile(file, 'utf8')).trim().split('\n').pop() ?? '';
    const kb = Number.parseInt(last, 10);
    return Number.isFinite(kb) ? kb / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  } finally {
    await rm(file, { force: true });
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] ?? Number.NaN;
  return ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}
