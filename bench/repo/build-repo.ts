/**
 * Builds the benchmark repository on the test Git server: 5,000 files (100 apps of 47
 * manifests each, plus a 300-file overlay under envs/prod/) in a first commit, then 199
 * commits that each change three files. Seeded, so every run builds the same trees.
 */
import type { FileChanges, GitServer, TestRepo } from '../../test/helpers/git-server/index.js';
import { createSeededRandom } from '../../test/helpers/seeded-random.js';

export const APPS = 100;
export const FILES_PER_APP = 47;
export const OVERLAY_DIR = 'envs/prod';
export const OVERLAY_FILES = 300;
export const COMMITS = 200;

function renderConfigMap(name: string, random: () => number, lines: number): string {
  const data = Array.from(
    { length: lines },
    (_, i) => `  key-${String(i)}: "${Math.floor(random() * 1e12).toString(36)}"`,
  );
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data.join('\n')}\n`;
}

/** The 5,000 files of the first commit. */
export function generateInitialTree(seed: number): Record<string, string> {
  const random = createSeededRandom(seed);
  const files: Record<string, string> = {};
  for (let app = 0; app < APPS; app++) {
    const dir = `apps/app-${String(app).padStart(3, '0')}`;
    for (let f = 0; f < FILES_PER_APP; f++) {
      files[`${dir}/cm-${String(f).padStart(2, '0')}.yaml`] = renderConfigMap(
        `app-${String(app)}-${String(f)}`,
        random,
        30,
      );
    }
  }
  const overlay: string[] = [];
  for (let f = 0; f < OVERLAY_FILES - 1; f++) {
    const name = `res-${String(f).padStart(3, '0')}.yaml`;
    overlay.push(name);
    files[`${OVERLAY_DIR}/${name}`] = renderConfigMap(`prod-${String(f)}`, random, 30);
  }
  files[`${OVERLAY_DIR}/kustomization.yaml`] =
    `resources:\n${overlay.map((n) => `  - ${n}\n`).join('')}`;
  return files;
}

/** Three changed app files for commit number `index`. */
export function generateChange(seed: number, index: number): FileChanges {
  const random = createSeededRandom(seed * 1000 + index);
  const changes: Record<string, string> = {};
  for (let i = 0; i < 3; i++) {
    const app = Math.floor(random() * APPS);
    const f = Math.floor(random() * FILES_PER_APP);
    const path = `apps/app-${String(app).padStart(3, '0')}/cm-${String(f).padStart(2, '0')}.yaml`;
    changes[path] = renderConfigMap(
      `app-${String(app)}-${String(f)}-c${String(index)}`,
      random,
      30,
    );
  }
  return changes;
}

/** Creates and fills the benchmark repository; returns it with its commit count. */
export async function buildBenchRepo(
  server: GitServer,
  seed: number,
  onProgress: (line: string) => void,
): Promise<TestRepo> {
  const repo = await server.createRepo('bench');
  await repo.commit(generateInitialTree(seed), { message: 'initial tree' });
  for (let i = 1; i < COMMITS; i++) {
    await repo.commit(generateChange(seed, i), { message: `change ${String(i)}` });
    if (i % 50 === 0) onProgress(`built ${String(i + 1)}/${String(COMMITS)} commits`);
  }
  return repo;
}
