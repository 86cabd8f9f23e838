/**
 * cli — one module per `capstan` command (build.ts, render.ts, dev-cluster.ts,
 * health.ts; app/ holds one file per `capstan app` subcommand). Each takes
 * its parsed command and the process's streams and returns an exit code; none reads argv
 * or the environment. main.ts imports a command's module only when that command runs, so
 * this door exports no command: re-exporting them would load every dependency at start-up.
 */
export type { CommandIO } from './io.js';
