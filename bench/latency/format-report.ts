/**
 * The latency benchmark's report for stdout: one Markdown table with p50/p90/p99/max per
 * measurement and its floor, the back-to-back self-heal series, the controller's own
 * histograms, and a loud line for every floor missed.
 */
import { formatLogProblems, formatMachine, formatMs } from '../compare/format-report.js';
import type { HistogramSummary } from '../compare/report.js';
import type { FloorVerdict, LatencyResults, LatencySummary } from './report.js';

function formatRow(name: string, s: LatencySummary, floor?: FloorVerdict): string {
  const trials = `${String(s.trials - s.missed)}/${String(s.trials)}`;
  const verdict = floor
    ? `p99 < ${formatMs(floor.floorP99Ms)}: **${floor.met ? 'met' : 'MISSED'}**`
    : '–';
  const cells = [s.p50Ms, s.p90Ms, s.p99Ms, s.maxMs].map(formatMs);
  return `| ${name} | ${trials} | ${cells.join(' | ')} | ${verdict} |`;
}

const hist = (h: HistogramSummary): string =>
  `p50 ${formatMs(h.p50Ms)}, p99 ${formatMs(h.p99Ms)}, mean ${formatMs(h.meanMs)} (${String(h.count)})`;

function formatMisses(r: LatencyResults): string[] {
  const lines: string[] = [];
  const check = (name: string, s: LatencySummary, floor: FloorVerdict): void => {
    if (floor.met) return;
    const why =
      s.missed > 0
        ? `${String(s.missed)} of ${String(s.trials)} trials never finished`
        : `p99 ${formatMs(s.p99Ms)}`;
    lines.push(
      `**FLOOR MISSED: ${name} — ${why}; the floor is p99 < ${formatMs(floor.floorP99Ms)}.**`,
    );
  };
  check('commit → applied', r.commitToApplied.summary, r.commitToApplied.floor);
  check('drift → healed', r.driftToHealed.summary, r.driftToHealed.floor);
  return lines;
}

function formatBackToBack(b: LatencyResults['backToBack']): string {
  if (b.samples.length === 0) return 'Back-to-back drifts: not run (--back-to-back 0).';
  const heals = b.samples.map(
    (s) =>
      `#${String(s.drift)} ${s.healedMs === undefined ? 'NEVER' : formatMs(s.healedMs)} (backoff ${formatMs(s.backoffMs)})`,
  );
  return `Back-to-back drifts of ${b.app} (each as soon as the previous one healed): ${heals.join(', ')}; reconciles that found the sync held back: ${String(b.backoffLogLines)}.`;
}

export function formatLatencyReport(r: LatencyResults): string {
  const o = r.options;
  const d = r.driftToHealed;
  const c = r.controller;
  const lines = [
    `## Latency: ${String(o.apps)} apps × ${String(o.objectsPerApp)} objects, --resync ${o.resync}, workers ${String(o.workers)}`,
    formatMachine(r.machine),
    '',
    '| measurement | trials | p50 | p90 | p99 | max | floor |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    formatRow('**commit → applied**', r.commitToApplied.summary, r.commitToApplied.floor),
    formatRow('**drift → healed**', d.summary, d.floor),
    formatRow('  drift of ConfigMap data', d.byField['ConfigMap data']),
    formatRow('  drift of Deployment replicas', d.byField['Deployment replicas']),
    '',
    `p99 is nearest-rank: with ${String(r.commitToApplied.summary.trials)} trials it is the slowest one.`,
    `Drift trials: ${d.spacing}. Waiting for backoffs added ${formatMs(d.spacedTotalMs)} to the phase; reconciles that found a sync held back by the backoff (controller log): ${String(d.backoffLogLines)} (0: no trial was delayed by it).`,
    formatBackToBack(r.backToBack),
    `Setup: dev cluster with workloads ${formatMs(r.setup.clusterStartMs)}, controller start ${formatMs(r.setup.controllerStartMs)}, all apps Synced ${formatMs(r.setup.initialSyncMs)} after kubectl apply.`,
    `While the trials ran (${c.trialSeconds.toFixed(0)} s): controller CPU ${c.cpuPercent.toFixed(1)} % of a core; the whole machine ${c.machineBusyPercent.toFixed(0)} % of a core (of ${String(r.machine.cpus * 100)} %).`,
    `Controller, whole run: reconcile ${hist(c.reconcile)}; Git requests ${hist(c.gitRequest)}; work-queue wait ${hist(c.queueWait)}; ${String(c.syncsFinished)} syncs finished.`,
    `Reference: ${r.reference}`,
    ...formatMisses(r),
    ...formatLogProblems(c.log),
  ];
  return `${lines.join('\n')}\n`;
}
