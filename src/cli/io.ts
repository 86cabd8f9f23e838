/** The process's streams and stop signal, as every CLI command receives them. */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the user asks the process to stop (SIGINT/SIGTERM). */
  stopRequested: Promise<string>;
}
