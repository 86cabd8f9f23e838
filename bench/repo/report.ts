/** Formats the repo benchmark's rows as a Markdown table with ratios and the floors. */

export interface Row {
  readonly operation: string;
  readonly capstanMs: number;
  readonly capstanNote: string;
  readonly gitMs: number;
  readonly gitCommand: string;
  readonly capstanRssMb: number;
  readonly gitRssMb: number;
  /** "capstan / git" HTTP requests for one operation. */
  readonly requests: string;
}

export interface ReportContext {
  readonly baselineRssMb: number;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

const NO_CHANGE_FLOOR_MS = 20;
const UPDATE_FLOOR_RATIO = 2;

const ms = (value: number): string => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const mb = (value: number): string => (Number.isNaN(value) ? '?' : value.toFixed(0));

export function formatReport(rows: readonly Row[], context: ReportContext): string {
  const lines = [
    '## Repo cache: Capstan vs git (5,000 files, 200 commits, git http-backend on 127.0.0.1)',
    '',
    '| operation | Capstan ms | git ms | git command | Capstan / git | Capstan peak RSS MB | git peak RSS MB | HTTP requests Capstan / git |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.operation} | ${ms(r.capstanMs)} (${r.capstanNote}) | ${ms(r.gitMs)} | ${r.gitCommand} | ${(r.capstanMs / r.gitMs).toFixed(2)}× | ${mb(r.capstanRssMb)} | ${mb(r.gitRssMb)} | ${r.requests} |`,
    ),
    '',
    `Capstan times are in-process (the controller is long-running); git times are whole processes.`,
    `Capstan RSS is the whole Node process; an idle one with the modules loaded peaks at ${mb(context.baselineRssMb)} MB.`,
    `Load average before ${context.loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${context.loadAfter.map((l) => l.toFixed(2)).join(' ')}.`,
    '',
    ...checkFloors(rows),
    '',
  ];
  return lines.join('\n');
}

function checkFloors(rows: readonly Row[]): string[] {
  const poll = rows.find((r) => r.operation === 'no-change poll');
  const update = rows.find((r) => r.operation === 'one-commit update');
  const out: string[] = [];
  if (poll) {
    const ok = poll.capstanMs < NO_CHANGE_FLOOR_MS;
    out.push(
      `- floor: no-change poll < ${String(NO_CHANGE_FLOOR_MS)} ms: ${ms(poll.capstanMs)} ms → ${ok ? 'PASS' : 'FAIL'}`,
    );
  }
  if (update) {
    const ratio = update.capstanMs / update.gitMs;
    const ok = ratio <= UPDATE_FLOOR_RATIO;
    out.push(
      `- floor: one-commit update within ${String(UPDATE_FLOOR_RATIO)}× of git fetch: ${ratio.toFixed(2)}× → ${ok ? 'PASS' : 'FAIL'}`,
    );
  }
  return out;
}
