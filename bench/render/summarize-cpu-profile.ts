/**
 * Summarises a V8 `.cpuprofile` (as written by `node --cpu-prof`): the functions with the
 * most self time, the Capstan functions with the most inclusive time (self + callees,
 * recursion counted once) and self time per source file — enough for engine authors to see
 * which loop to fix without opening a profiler.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  location: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  /** Wall time the samples cover, idle included. */
  totalMs: number;
  topSelf: ProfileEntry[];
  /** Inclusive time of functions under the project's own code (dist/src, dist/bench). */
  topInclusive: ProfileEntry[];
  byFile: ProfileEntry[];
}

/** Reads a .cpuprofile and returns its `top` heaviest entries of each kind. */
export async function summarizeCpuProfile(
  file: string,
  projectRoot: string,
  top = 20,
): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const files = new Map<string, number>();
  const locate = (node: ProfileNode): string => locateFrame(node, projectRoot);
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample lasts until the next one; the last sample gets no time.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i] ?? -1);
    if (node === undefined) continue;
    totalUs += us;
    const key = `${nameFrame(node)}\t${locate(node)}`;
    self.set(key, (self.get(key) ?? 0) + us);
    const fileKey = `${fileOf(node, projectRoot)}\t`;
    files.set(fileKey, (files.get(fileKey) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id);
      if (frame === undefined || !isProjectCode(frame, projectRoot)) continue;
      const frameKey = `${nameFrame(frame)}\t${locate(frame)}`;
      if (seen.has(frameKey)) continue;
      seen.add(frameKey);
      inclusive.set(frameKey, (inclusive.get(frameKey) ?? 0) + us);
    }
  }
  const toEntries = (map: Map<string, number>): ProfileEntry[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => {
        const [name = '', location = ''] = key.split('\t');
        return { name, location, ms: us / 1000, percent: (100 * us) / Math.max(1, totalUs) };
      });
  return {
    totalMs: totalUs / 1000,
    topSelf: toEntries(self),
    topInclusive: toEntries(inclusive),
    byFile: toEntries(files),
  };
}

function nameFrame(node: ProfileNode): string {
  return node.callFrame.functionName === '' ? '(anonymous)' : node.callFrame.functionName;
}

function stripUrl(url: string, projectRoot: string): string {
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url;
  if (path.startsWith(`${projectRoot}/`)) return path.slice(projectRoot.length + 1);
  // node_modules may be a symlink (a snapshot build) and resolve outside the project.
  const modules = path.indexOf('/node_modules/');
  return modules >= 0 ? path.slice(modules + 1) : path;
}

function locateFrame(node: ProfileNode, projectRoot: string): string {
  const { url, lineNumber } = node.callFrame;
  if (url === '') return '';
  return `${stripUrl(url, projectRoot)}:${lineNumber + 1}`;
}

function fileOf(node: ProfileNode, projectRoot: string): string {
  const { url, functionName } = node.callFrame;
  if (url === '') return functionName === '' ? '(native)' : functionName;
  return stripUrl(url, projectRoot);
}

function isProjectCode(node: ProfileNode, projectRoot: string): boolean {
  const path = stripUrl(node.callFrame.url, projectRoot);
  return path.startsWith('dist/src/') || path.startsWith('dist/bench/');
}
