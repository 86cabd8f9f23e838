/**
 * Profiles one `capstan build DIR` process with `node --cpu-prof` (run on dist/src/main.js
 * directly, as a person would) and summarises the profile it writes.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureProcess } from './measure-process.js';
import { firstLine } from './probe-features.js';
import { summarizeCpuProfile, type ProfileSummary } from './summarize-cpu-profile.js';

/** Runs the build once under the V8 sampling profiler; throws when the build fails. */
export async function profileCapstanBuild(
  projectRoot: string,
  dir: string,
): Promise<ProfileSummary> {
  const profileDir = await mkdtemp(join(tmpdir(), 'capstan-bench-profile-'));
  try {
    const run = await measureProcess(process.execPath, [
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
      `${projectRoot}/dist/src/main.js`,
      'build',
      dir,
    ]);
    if (run.exitCode !== 0) throw new Error(`profiled build failed: ${firstLine(run.stderr)}`);
    const file = (await readdir(profileDir)).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error('node --cpu-prof wrote no profile');
    return await summarizeCpuProfile(join(profileDir, file), projectRoot);
  } finally {
    await rm(profileDir, { recursive: true, force: true });
  }
}
