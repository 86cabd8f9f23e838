import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** One control-plane component running as a child process, logging to its own file. */
export interface ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** Settles when the process has exited, with its exit code or signal. */
  readonly exited: Promise<string>;
}

export function startProcess(
  name: string,
  binary: string,
  args: string[],
  logFile: string,
): ManagedProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(binary, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<string>((resolve) => {
    child.on('error', (err) => resolve(`failed to start: ${err.message}`));
    child.on('exit', (code, signal) =>
      resolve(signal ? `killed by ${signal}` : `exit code ${String(code)}`),
    );
  });
  return { name, logFile, child, exited };
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export async function stopProcess(proc: ManagedProcess, graceMs: number): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
}

/** The last log lines that look like the reason a component died. */
export function explainExit(proc: ManagedProcess, maxLines = 3): string {
  let lines: string[];
  try {
    lines = readFileSync(proc.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
  } catch {
    return '';
  }
  const errors = lines.filter((l) => /^[EF]\d{4} |error|Error/.test(l));
  return (errors.length > 0 ? errors : lines).slice(-maxLines).join('\n');
}
