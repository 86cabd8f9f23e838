/**
 * What the controller did while the trials ran, from the outside: its CPU and the machine's
 * (from /proc), its histograms (from /metrics) and its log (syncs finished, syncs held back by
 * the self-heal backoff, warnings). Read once the trials are over.
 */
import { readFile } from 'node:fs/promises';
import { summarizeControllerLog, type ControllerProcess } from '../compare/controller-process.js';
import { readMachineUsage, readProcessUsage } from '../compare/proc-sampler.js';
import { readHistogram, scrapeMetrics } from '../compare/prom-text.js';
import { summarizeHistogram } from '../compare/report.js';
import type { LatencyResults } from './report.js';

/**
 * A reconcile found the app's sync must wait (self-heal backoff). The message changed
 * wording over time; both forms count.
 */
const isBackoffMessage = (msg: string): boolean =>
  msg === 'self-heal backing off' || msg.startsWith('sync waits');

/** Epoch-ms times of the controller's JSON log lines whose message satisfies `matches`. */
async function readLogTimes(logFile: string, matches: (msg: string) => boolean): Promise<number[]> {
  const times: number[] = [];
  for (const line of (await readFile(logFile, 'utf8')).split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { time?: number; msg?: string };
    if (entry.time !== undefined && matches(entry.msg ?? '')) times.push(entry.time);
  }
  return times;
}

export interface UsageReading {
  readonly atMs: number;
  readonly machineCpuSeconds: number;
  readonly controllerCpuSeconds: number;
}

export async function readUsage(controllerPid: number): Promise<UsageReading> {
  const [machine, controller] = await Promise.all([
    readMachineUsage(),
    readProcessUsage(controllerPid),
  ]);
  return {
    atMs: performance.now(),
    machineCpuSeconds: machine?.cpuSeconds ?? NaN,
    controllerCpuSeconds: controller?.cpuSeconds ?? NaN,
  };
}

export type ControllerUsage = Pick<
  LatencyResults['controller'],
  'trialSeconds' | 'cpuPercent' | 'machineBusyPercent'
>;

/** CPU use while the trials ran, in % of one core: the machine is shared, so say how busy. */
export function summarizeUsage(before: UsageReading, after: UsageReading): ControllerUsage {
  const seconds = (after.atMs - before.atMs) / 1000;
  const percent = (cpuSeconds: number): number => (100 * cpuSeconds) / seconds;
  return {
    trialSeconds: seconds,
    cpuPercent: percent(after.controllerCpuSeconds - before.controllerCpuSeconds),
    machineBusyPercent: percent(after.machineCpuSeconds - before.machineCpuSeconds),
  };
}

/**
 * Scrapes the controller, stops it (so its log is complete) and reads the log; `backoffAt`
 * holds the epoch-ms times of the reconciles that held a sync back for the backoff.
 */
export async function describeControllerRun(
  controller: ControllerProcess,
  usage: ControllerUsage,
): Promise<{ controller: LatencyResults['controller']; backoffAt: number[] }> {
  const metrics = await scrapeMetrics(`http://127.0.0.1:${String(controller.metricsPort)}/metrics`);
  await controller.stop();
  const summarize = (name: string) => summarizeHistogram(readHistogram(metrics, name));
  const syncs = await readLogTimes(controller.logFile, (msg) => msg === 'sync finished');
  return {
    controller: {
      ...usage,
      reconcile: summarize('capstan_app_reconcile'),
      gitRequest: summarize('capstan_git_request_duration_seconds'),
      queueWait: summarize('capstan_workqueue_queue_duration_seconds'),
      syncsFinished: syncs.length,
      log: await summarizeControllerLog(controller.logFile),
    },
    backoffAt: await readLogTimes(controller.logFile, isBackoffMessage),
  };
}
