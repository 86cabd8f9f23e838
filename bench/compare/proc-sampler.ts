/**
 * CPU and memory of running processes from /proc, sampled once a second: CPU time is
 * utime + stime of /proc/<pid>/stat (in clock ticks), memory is VmRSS (and VmHWM, the peak
 * the kernel saw) of /proc/<pid>/status; the machine's busy time comes from /proc/stat.
 * Windows of samples become mean and peak CPU % of one core and peak and final RSS.
 * Linux only.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface ProcessUsage {
  readonly cpuSeconds: number;
  readonly rssMb: number;
  /** Peak RSS over the process's life so far. */
  readonly hwmMb: number;
}

export interface UsageSample extends ProcessUsage {
  /** performance.now() when read. */
  readonly atMs: number;
}

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

const CLOCK_TICKS = readClockTicks();

function readStatusKb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'mu').exec(status);
  return match ? Number(match[1]) : NaN;
}

/**
 * One reading; undefined once the process is gone. With `children`, the CPU time of
 * children it has waited for counts too (the Git server's `git http-backend` processes).
 */
export async function readProcessUsage(
  pid: number,
  children = false,
): Promise<ProcessUsage | undefined> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${String(pid)}/stat`, 'utf8'),
      readFile(`/proc/${String(pid)}/status`, 'utf8'),
    ]);
    // The command name (field 2) may hold spaces: count fields after its closing paren.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const own = (fields[11] ?? NaN) + (fields[12] ?? NaN);
    const waited = children ? (fields[13] ?? NaN) + (fields[14] ?? NaN) : 0;
    return {
      cpuSeconds: (own + waited) / CLOCK_TICKS,
      rssMb: readStatusKb(status, 'VmRSS') / 1024,
      hwmMb: readStatusKb(status, 'VmHWM') / 1024,
    };
  } catch {
    return undefined;
  }
}

/** Busy CPU time of the whole machine (every core, every process) from /proc/stat. */
export async function readMachineUsage(): Promise<ProcessUsage | undefined> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/u).slice(1).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { cpuSeconds: (total - idle) / CLOCK_TICKS, rssMb: NaN, hwmMb: NaN };
  } catch {
    return undefined;
  }
}

export type UsageReader = () => Promise<ProcessUsage | undefined>;

/** Samples several readers (processes, the machine) every `intervalMs` until stopped. */
export class ProcessSampler {
  readonly #readers: ReadonlyMap<string, UsageReader>;
  readonly #samples = new Map<string, UsageSample[]>();
  #timer: NodeJS.Timeout | undefined;
  #reading: Promise<void> = Promise.resolve();

  constructor(readers: Record<string, UsageReader>) {
    this.#readers = new Map(Object.entries(readers));
    for (const name of this.#readers.keys()) this.#samples.set(name, []);
  }

  start(intervalMs = 1000): void {
    this.#reading = this.sampleNow();
    this.#timer = setInterval(() => {
      this.#reading = this.#reading.then(() => this.sampleNow());
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#reading;
    await this.sampleNow();
  }

  /** Takes one sample of every reader now (also used to mark a phase boundary). */
  async sampleNow(): Promise<void> {
    await Promise.all(
      [...this.#readers].map(async ([name, read]) => {
        const usage = await read();
        if (usage) this.#samples.get(name)?.push({ ...usage, atMs: performance.now() });
      }),
    );
  }

  samples(name: string): readonly UsageSample[] {
    return this.#samples.get(name) ?? [];
  }
}

export interface WindowSummary {
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** CPU time over wall time, in % of one core. */
  readonly meanCpuPercent: number;
  /** Highest CPU % of one core between two consecutive samples. */
  readonly peakCpuPercent: number;
  readonly peakRssMb: number;
  readonly finalRssMb: number;
  readonly samples: number;
}

/** CPU and RSS over the samples taken from `fromMs` to `toMs` (performance.now()). */
export function summarizeWindow(
  samples: readonly UsageSample[],
  fromMs: number,
  toMs: number,
): WindowSummary | undefined {
  const inside = samples.filter((s) => s.atMs >= fromMs - 1 && s.atMs <= toMs + 1);
  const first = inside[0];
  const last = inside[inside.length - 1];
  if (!first || !last || last.atMs - first.atMs < 500) return undefined;
  let peakCpu = 0;
  for (let i = 1; i < inside.length; i++) {
    const a = inside[i - 1];
    const b = inside[i];
    if (!a || !b || b.atMs - a.atMs < 200) continue;
    peakCpu = Math.max(peakCpu, (100 * (b.cpuSeconds - a.cpuSeconds) * 1000) / (b.atMs - a.atMs));
  }
  const seconds = (last.atMs - first.atMs) / 1000;
  const cpuSeconds = last.cpuSeconds - first.cpuSeconds;
  return {
    seconds,
    cpuSeconds,
    meanCpuPercent: (100 * cpuSeconds) / seconds,
    peakCpuPercent: peakCpu,
    peakRssMb: Math.max(...inside.map((s) => s.rssMb)),
    finalRssMb: last.rssMb,
    samples: inside.length,
  };
}
