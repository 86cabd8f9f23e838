/**
 * The human log format: turns one pino JSON line into `HH:MM:SS LEVEL msg key=value …`.
 * It sits after pino (which has already redacted secrets), so it sees only what the JSON
 * format would have written; a line it cannot parse is passed through unchanged.
 */
import type { DestinationStream } from 'pino';

export type LogFormat = 'json' | 'text';

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'text'];

export interface TextFormatOptions {
  /** `utc` for tests and machines in other zones; `local` reads best for a person at a terminal. */
  readonly timeZone: 'local' | 'utc';
}

export const DEFAULT_TEXT_FORMAT_OPTIONS: TextFormatOptions = { timeZone: 'local' };

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields printed in the head of the line (or dropped) rather than as key=value pairs. */
const HEAD_FIELDS = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'v']);

/** One JSON log line → one text line (with its newline). */
export function formatLogLine(
  line: string,
  options: TextFormatOptions = DEFAULT_TEXT_FORMAT_OPTIONS,
): string {
  const record = parseRecord(line);
  if (record === undefined) return line.endsWith('\n') ? line : `${line}\n`;
  const parts = [
    formatClock(record['time'], options),
    formatLevel(record['level']).padEnd(5),
    typeof record['msg'] === 'string' ? record['msg'] : '',
  ];
  for (const [key, value] of Object.entries(record)) {
    if (HEAD_FIELDS.has(key) || value === undefined) continue;
    parts.push(`${key}=${formatValue(value)}`);
  }
  return `${parts.filter((part) => part !== '').join(' ')}\n`;
}

/** A pino destination that writes text lines through `write` (e.g. to stderr). */
export function createTextDestination(
  write: (text: string) => void,
  options: TextFormatOptions = DEFAULT_TEXT_FORMAT_OPTIONS,
): DestinationStream {
  return {
    write: (chunk: string) => {
      // pino writes one line per call; split anyway in case a caller batches.
      for (const line of chunk.split('\n')) if (line !== '') write(formatLogLine(line, options));
    },
  };
}

function parseRecord(line: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function formatClock(time: unknown, options: TextFormatOptions): string {
  if (typeof time !== 'number') return '';
  const date = new Date(time);
  const fields =
    options.timeZone === 'utc'
      ? [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
      : [date.getHours(), date.getMinutes(), date.getSeconds()];
  return fields.map((n) => String(n).padStart(2, '0')).join(':');
}

function formatLevel(level: unknown): string {
  if (typeof level === 'number') return LEVEL_NAMES[level] ?? `L${String(level)}`;
  return typeof level === 'string' ? level.toUpperCase() : '?';
}

/** Bare words stay bare; anything a reader could split wrongly is JSON-quoted. */
function formatValue(value: unknown): string {
  if (typeof value === 'string')
    return /^[\w./:@+-]+$/u.test(value) ? value : JSON.stringify(value);
  if (isErrorRecord(value)) return JSON.stringify(value.message);
  // Values come from parsed JSON, so every one has a JSON form.
  return JSON.stringify(value);
}

/** pino's error serialiser gives `{type, message, stack}`; the message is what a person needs. */
function isErrorRecord(value: unknown): value is { message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'message' in value &&
    'stack' in value &&
    typeof (value as { message: unknown }).message === 'string'
  );
}
