/**
 * log — the one way Capstan writes logs: pino JSON lines (or, with format `text`, the same
 * records as `HH:MM:SS LEVEL msg key=value` lines for people), with secrets redacted before
 * they are serialised. main.ts makes one logger and passes it down; modules take child
 * loggers. This module must never log request bodies, Secret data or credentials.
 */
import { pino, type Logger, type LevelWithSilent, type DestinationStream } from 'pino';
import { createTextDestination, type LogFormat } from './text-format.js';

export type { Logger } from 'pino';
export {
  createTextDestination,
  formatLogLine,
  LOG_FORMATS,
  type LogFormat,
  type TextFormatOptions,
} from './text-format.js';

export interface LoggerOptions {
  level: LevelWithSilent;
  /** `json` (default) for machines; `text` for a person at a terminal. */
  format?: LogFormat;
  /** Where lines go; stderr when absent, so command output on stdout stays clean. */
  destination?: DestinationStream;
}

export const DEFAULT_LOGGER_OPTIONS: LoggerOptions = { level: 'info' };

/** Paths that may carry credentials anywhere in a logged object. */
const REDACTED_PATHS = [
  'password',
  'token',
  'authorization',
  '*.password',
  '*.token',
  '*.authorization',
  '*.headers.authorization',
  '*.data',
  '*.stringData',
  'data',
  'stringData',
];

export function createLogger(options: LoggerOptions = DEFAULT_LOGGER_OPTIONS): Logger {
  const config = {
    level: options.level,
    base: null,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (options.format === 'text') {
    const sink = options.destination ?? pino.destination({ fd: 2, sync: true });
    return pino(
      config,
      createTextDestination((text) => sink.write(text)),
    );
  }
  return options.destination
    ? pino(config, options.destination)
    : pino(config, pino.destination(2));
}

/** A logger that drops everything, for tests and library use. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
