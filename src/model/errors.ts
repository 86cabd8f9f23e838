/** Error codes name the failure family; a condition reason is derived from them. */
export type CapstanErrorCode =
  'InvalidSpec' | 'Render' | 'Repo' | 'Kube' | 'DevCluster' | 'Usage' | 'Internal';

export interface CapstanErrorOptions {
  cause?: unknown;
  retryable?: boolean;
}

/** Base of every error Capstan throws on purpose. Messages put the subject first. */
export class CapstanError extends Error {
  readonly code: CapstanErrorCode;
  readonly retryable: boolean;

  constructor(code: CapstanErrorCode, message: string, options: CapstanErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** A spec field that Capstan cannot act on; becomes an `InvalidSpecError` condition. */
export class InvalidSpecError extends CapstanError {
  readonly field: string;

  constructor(field: string, message: string) {
    super('InvalidSpec', `${field}: ${message}`);
    this.field = field;
  }
}

/** Talking to the API server failed; `retryable` says whether waiting may help. */
export class KubeError extends CapstanError {
  constructor(message: string, options: CapstanErrorOptions = {}) {
    super('Kube', message, options);
  }
}

/** The local development control plane could not be built, started or stopped. */
export class DevClusterError extends CapstanError {
  constructor(message: string, options: CapstanErrorOptions = {}) {
    super('DevCluster', message, options);
  }
}

/** The command line was wrong; the CLI prints the message and exits 2. */
export class UsageError extends CapstanError {
  constructor(message: string) {
    super('Usage', message);
  }
}

export function isCapstanError(value: unknown): value is CapstanError {
  return value instanceof CapstanError;
}

/** One line describing any thrown value, for logs and CLI output. */
export function describeError(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}

/** Rendering failed; `file` is the source path the problem is in (subject of the message). */
export class RenderError extends CapstanError {
  readonly file: string;

  constructor(file: string, message: string, options: CapstanErrorOptions = {}) {
    super('Render', file ? `${file}: ${message}` : message, options);
    this.file = file;
  }
}
