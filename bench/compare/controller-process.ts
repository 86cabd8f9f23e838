/**
 * `capstan controller` as a user runs it: a child process with a kubeconfig, its pino
 * JSON log (stderr) kept in a file, the metrics port read from the "controller started"
 * line. After the run the log is summarised: warnings, errors and plain stderr lines by message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CAPSTAN_BIN = fileURLToPath(new URL('../../../bin/capstan.js', import.meta.url));

export interface ControllerOptions {
  readonly kubeconfig: string;
  readonly workDir: string;
  readonly resync: string;
  readonly workers: number | undefined;
  readonly logLevel: string;
  /** Run under `node --cpu-prof`, writing the profile here when the controller stops. */
  readonly profileDir?: string | undefined;
}

export interface ControllerProcess {
  readonly pid: number;
  readonly metricsPort: number;
  readonly logFile: string;
  readonly args: readonly string[];
  /** Milliseconds from spawn to the "controller started" line. */
  readonly startMs: number;
  isAlive(): boolean;
  stop(): Promise<void>;
}

const STARTED = /"port":(\d+).*"msg":"controller started"/u;

export function startCapstanController(options: ControllerOptions): Promise<ControllerProcess> {
  const logFile = join(options.workDir, 'controller.log');
  const args = [
    'controller',
    '--kubeconfig',
    options.kubeconfig,
    '--metrics-addr',
    '127.0.0.1:0',
    '--resync',
    options.resync,
    '--repo-cache-dir',
    join(options.workDir, 'repos'),
    '--log-level',
    options.logLevel,
    ...(options.workers === undefined ? [] : ['--workers', String(options.workers)]),
  ];
  const started = performance.now();
  const profile = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, CAPSTAN_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('utf8');
      const match = STARTED.exec(head);
      if (!match) {
        if (head.length > 1_000_000) head = head.slice(-100_000);
        return;
      }
      child.stderr?.off('data', onData);
      resolve({
        pid: child.pid ?? 0,
        metricsPort: Number(match[1]),
        logFile,
        args,
        startMs: performance.now() - started,
        isAlive: () => !exited,
        stop: async () => {
          if (!exited) child.kill('SIGTERM');
          await exit;
          log.end();
        },
      });
    };
    child.stderr?.on('data', onData);
    void exit.then(() =>
      reject(new Error(`the controller exited before it started: ${head.slice(-2000)}`)),
    );
  });
}

export interface LogSummary {
  readonly lines: number;
  /** Warnings and errors, by level and message, with one example line each. */
  readonly problems: { level: string; msg: string; count: number; example: string }[];
}

const LEVELS: Partial<Record<number, string>> = { 40: 'warn', 50: 'error', 60: 'fatal' };

/** Counts the log's warnings and errors by message. */
export async function summarizeControllerLog(logFile: string): Promise<LogSummary> {
  const text = await readFile(logFile, 'utf8');
  const lines = text.split('\n').filter((line) => line !== '');
  const problems = new Map<string, LogSummary['problems'][number]>();
  for (const line of lines) {
    let entry: { level?: number; msg?: string };
    let level: string | undefined;
    try {
      entry = JSON.parse(line) as { level?: number; msg?: string };
      level = LEVELS[entry.level ?? 0];
    } catch {
      // Node's own warnings (and any crash) are plain text on stderr.
      entry = { msg: line.slice(0, 120) };
      level = 'stderr';
    }
    if (level === undefined) continue;
    const msg = entry.msg ?? '';
    const key = `${level}\u0000${msg}`;
    const known = problems.get(key);
    if (known) known.count += 1;
    else problems.set(key, { level, msg, count: 1, example: line.slice(0, 600) });
  }
  return {
    lines: lines.length,
    problems: [...problems.values()].sort((a, b) => b.count - a.count),
  };
}
