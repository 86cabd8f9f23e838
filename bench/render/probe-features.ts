/**
 * Finds which overlay features the engine can build today, on a 20-resource tree: first all
 * together; if that fails or differs from `kubectl kustomize`, each feature alone on top of
 * the base. The benchmark then runs with every feature that builds, and says so, so that a
 * half-finished engine still yields clearly labelled numbers instead of none.
 */
import { OVERLAY_FEATURES, generateOverlayTree, type OverlayFeature } from './generate-overlay.js';
import { describeOutputDifference, measureProcess } from './measure-process.js';
import { removeTree, writeTreeToTempDir } from './write-tree.js';

export interface BuildCommand {
  command: string;
  /** Arguments that build `dir`. */
  args: (dir: string) => string[];
}

export type ProbeStatus = 'identical' | 'differs' | 'capstan-failed' | 'kubectl-failed';

export interface FeatureProbe {
  /** The feature probed, 'all', 'base only' or 'subset'. */
  subject: string;
  status: ProbeStatus;
  detail: string;
}

export interface ProbeResult {
  probes: FeatureProbe[];
  /** Features the benchmark should use: all that build with Capstan. */
  features: OverlayFeature[];
}

/** Probes the features with both tools; `log` receives progress lines. */
export async function probeFeatures(
  tools: { capstan: BuildCommand; kubectl: BuildCommand },
  seed: number,
  log: (line: string) => void,
): Promise<ProbeResult> {
  const probe = async (
    subject: string,
    features: readonly OverlayFeature[],
  ): Promise<FeatureProbe> => {
    const tree = generateOverlayTree({ resources: 20, seed, features });
    const root = await writeTreeToTempDir(tree.files, 'probe');
    try {
      return await compareBuilds(subject, `${root}/${tree.entry}`, tools);
    } finally {
      await removeTree(root);
    }
  };
  log('probing features on a 20-resource overlay (all features together)…');
  const all = await probe('all', OVERLAY_FEATURES);
  if (all.status === 'identical' || all.status === 'kubectl-failed') {
    return { probes: [all], features: [...OVERLAY_FEATURES] };
  }
  log(`  all features: ${all.status}; probing each feature alone…`);
  const probes = [all, await probe('base only', [])];
  const features: OverlayFeature[] = [];
  for (const feature of OVERLAY_FEATURES) {
    const result = await probe(feature, [feature]);
    log(`  ${feature}: ${result.status}`);
    probes.push(result);
    if (result.status !== 'capstan-failed') features.push(feature);
  }
  if (features.length < OVERLAY_FEATURES.length) probes.push(await probe('subset', features));
  return { probes, features };
}

async function compareBuilds(
  subject: string,
  dir: string,
  tools: { capstan: BuildCommand; kubectl: BuildCommand },
): Promise<FeatureProbe> {
  const kubectl = await measureProcess(tools.kubectl.command, tools.kubectl.args(dir));
  if (kubectl.exitCode !== 0) {
    return { subject, status: 'kubectl-failed', detail: firstLine(kubectl.stderr) };
  }
  const capstan = await measureProcess(tools.capstan.command, tools.capstan.args(dir));
  if (capstan.exitCode !== 0) {
    return { subject, status: 'capstan-failed', detail: firstLine(capstan.stderr) };
  }
  const difference = describeOutputDifference(capstan.stdout, kubectl.stdout);
  return difference === undefined
    ? { subject, status: 'identical', detail: '' }
    : { subject, status: 'differs', detail: difference };
}

/** The first line of a tool's stderr that is not one of kubectl's deprecation warnings. */
export function firstLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('# Warning'));
  // A Node crash starts with the failing source line; the error itself comes a few lines later.
  const message = lines.find((l) => /^(\w*Error\b|capstan:|error:)/.test(l)) ?? lines[0] ?? '';
  return message.replace(/\/?tmp\/capstan-bench-[^/\s]+/g, '<tree>').slice(0, 200);
}
