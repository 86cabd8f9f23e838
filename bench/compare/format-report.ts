/**
 * The compare benchmark's report for stdout: one Markdown table of the headline numbers,
 * then where the CPU and the API requests went, then anything that looks wrong (apps that
 * never got Synced, warnings in the controller's log).
 */
import type { LogSummary } from './controller-process.js';
import type { WindowSummary } from './proc-sampler.js';
import type { BenchMachine, CompareResults, HistogramSummary, RequestSummary } from './report.js';

/** A duration for a report: `12.3 ms`, `812 ms`, `12.3 s`; `–` when unknown. */
export function formatMs(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}
const ms = formatMs;

const cpu = (w: WindowSummary | undefined): string =>
  w ? `${w.meanCpuPercent.toFixed(1)} % mean, ${w.peakCpuPercent.toFixed(0)} % peak 1-s` : '–';

const cpuTime = (w: WindowSummary | undefined): string =>
  w ? `${w.cpuSeconds.toFixed(1)} s (${w.meanCpuPercent.toFixed(0)} % of a core)` : '–';

const rss = (w: WindowSummary | undefined): string =>
  w ? `peak ${w.peakRssMb.toFixed(0)} MB, final ${w.finalRssMb.toFixed(0)} MB` : '–';

const hist = (h: HistogramSummary): string =>
  `p50 ${ms(h.p50Ms)}, p99 ${ms(h.p99Ms)}, mean ${ms(h.meanMs)} (${String(h.count)} reconciles)`;

const requests = (r: RequestSummary): string =>
  `${r.perSecond.toFixed(1)}/s in all: ${r.heaviest
    .map((h) => `${h.request} ${h.perSecond.toFixed(1)}/s`)
    .join(', ')}`;

/** Machine busy time not spent by the controller, the API server or the benchmark. */
function othersOf(i: CompareResults['initialSync']): WindowSummary | undefined {
  const ours = [i.controller, i.apiserver, i.bench];
  if (!i.machine || ours.some((w) => w === undefined)) return undefined;
  const cpuSeconds = i.machine.cpuSeconds - ours.reduce((sum, w) => sum + (w?.cpuSeconds ?? 0), 0);
  return {
    ...i.machine,
    cpuSeconds,
    meanCpuPercent: (100 * cpuSeconds) / i.machine.seconds,
  };
}

function formatRows(r: CompareResults): [string, string][] {
  const o = r.options;
  const i = r.initialSync;
  const s = r.steadyState;
  const edits = r.liveEdits;
  return [
    ['setup: dev cluster start (apiserver + etcd)', ms(r.setup.clusterStartMs)],
    [
      'setup: pre-apply (server-side apply, 8 in flight)',
      `${ms(r.setup.preApplyMs)} for ${String(r.setup.objects)} objects`,
    ],
    ['controller spawn → "controller started"', ms(i.controllerStartMs)],
    ['kubectl apply of the Applications', ms(i.kubectlApplyMs)],
    [
      `**time to first full status, all ${String(o.apps)} apps** (from kubectl apply)`,
      i.allSyncedMs === undefined
        ? `**NOT REACHED: ${String(i.synced)}/${String(o.apps)} Synced**`
        : `**${ms(i.allSyncedMs)}**`,
    ],
    [
      '  first app / 50 % / 90 % of apps Synced',
      `${ms(i.firstAppMs)} / ${ms(i.p50AppMs)} / ${ms(i.p90AppMs)}`,
    ],
    ['  CPU meanwhile: controller', cpuTime(i.controller)],
    ['  CPU meanwhile: kube-apiserver (+ etcd)', cpuTime(i.apiserver)],
    ['  CPU meanwhile: this benchmark (polling, Git server)', cpuTime(i.bench)],
    ['  CPU meanwhile: whole machine', cpuTime(i.machine)],
    ['  … of which other processes (not ours)', cpuTime(othersOf(i))],
    ['  reconciles finished by then', hist(i.reconcile)],
    [
      `**steady state ${s.seconds.toFixed(0)} s, resync ${o.resync}: controller CPU**`,
      `**${cpu(s.controller)}**`,
    ],
    ['**steady state: controller RSS**', `**${rss(s.controller)}**`],
    ['  steady state: kube-apiserver CPU', cpu(s.apiserver)],
    ['  steady state: whole machine CPU', cpu(s.machine)],
    ['  steady state: reconciles', `${s.reconcilesPerSecond.toFixed(1)}/s; ${hist(s.reconcile)}`],
    ['  steady state: Git HTTP requests', `${s.gitRequestsPerSecond.toFixed(1)}/s`],
    ['**capstan_app_reconcile, whole run**', `**${hist(r.wholeRun.reconcile)}**`],
    [
      '  renders / work-queue retries',
      `${String(r.wholeRun.renders)} / ${String(r.wholeRun.workqueueRetries)}`,
    ],
    [
      '  controller peak RSS over its life (VmHWM)',
      r.wholeRun.controllerPeakRssMb === undefined
        ? '–'
        : `${r.wholeRun.controllerPeakRssMb.toFixed(0)} MB`,
    ],
    [
      `**live edit → OutOfSync (${String(edits.samples.length)} ConfigMaps)**`,
      `**p50 ${ms(edits.outOfSyncP50Ms)}, max ${ms(edits.outOfSyncMaxMs)}**${edits.missed > 0 ? ` (${String(edits.missed)} never seen)` : ''}`,
    ],
    ['  re-apply → Synced again', `p50 ${ms(edits.resyncedP50Ms)}, max ${ms(edits.resyncedMaxMs)}`],
  ];
}

/** One line: Node version, CPUs and the load average before and after the run. */
export function formatMachine(machine: BenchMachine): string {
  const load = (l: readonly number[]): string => l.map((v) => v.toFixed(2)).join(' ');
  return `node ${machine.node}; ${String(machine.cpus)} CPUs; load average before ${load(machine.loadBefore)}, after ${load(machine.loadAfter)}`;
}

/** The report printed on stdout. */
export function formatCompareReport(r: CompareResults): string {
  const o = r.options;
  const i = r.initialSync;
  const lines = [
    `## Read path: ${String(o.apps)} apps × ${String(o.objectsPerApp)} objects = ${String(o.apps * o.objectsPerApp)} objects, resync ${o.resync}, workers ${String(o.workers)}`,
    formatMachine(r.machine),
    '',
    '| measurement | value |',
    '| --- | --- |',
    ...formatRows(r).map(([name, value]) => `| ${name} | ${value} |`),
    '',
    `App health after the initial sync: ${Object.entries(i.appHealth)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(
        ', ',
      )}. Status read by listing the Applications every 100 ms (${String(i.polls)} lists, ${ms(i.meanListMs)} each).`,
    `API requests until all Synced (benchmark's lists and kubectl included): ${requests(i.apiRequests)}.`,
    `API requests in steady state (the controller's): ${requests(r.steadyState.apiRequests)}.`,
  ];
  if (Object.keys(r.wholeRun.k8sRequestsByVerb).length > 0)
    lines.push(
      `capstan_app_k8s_request_total: ${Object.entries(r.wholeRun.k8sRequestsByVerb)
        .map(([verb, n]) => `${verb} ${String(n)}`)
        .join(', ')}.`,
    );
  for (const straggler of i.stragglers)
    lines.push(
      `- NOT SYNCED: ${String(straggler.apps)} apps "${straggler.state}", e.g. ${straggler.example}`,
    );
  lines.push(...formatLogProblems(r.controllerLog));
  return `${lines.join('\n')}\n`;
}

/** The controller log's most frequent warnings and errors, one line each. */
export function formatLogProblems(log: LogSummary): string[] {
  return log.problems
    .slice(0, 8)
    .map(
      (problem) =>
        `- controller log: ${String(problem.count)}× ${problem.level} "${problem.msg}": ${problem.example.slice(0, 300)}`,
    );
}
