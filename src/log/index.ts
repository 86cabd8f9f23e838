/**
 * log — the one way Capstan writes logs: pino JSON lines, with secrets redacted before
 * they are serialised. main.ts makes one logger and passes it down; modules take child
 * loggers. This module must never log request bodies, Secret data or credentials.
 */
import { pino, type Logger, type LevelWithSilent, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LevelWithSilent;
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
  return options.destination
    ? pino(config, options.destination)
    : pino(config, pino.destination(2));
}

/** A logger that drops everything, for tests and library use. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
