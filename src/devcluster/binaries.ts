import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { DevClusterError } from '../model/index.js';
import { withBuildLock } from './build-lock.js';
import { controlPlaneModuleDir } from './paths.js';

export interface ControlPlaneBinaries {
  controlplane: string;
  kwok: string;
}

export interface BuildOptions {
  packageRoot: string;
  /** The user's cache directory for Capstan, e.g. ~/.cache/capstan. */
  cacheDir: string;
  /** Called with one line of progress every few seconds while building. */
  onProgress: (line: string) => void;
  /** Environment for the `go` child processes (PATH must reach `go`). */
  env: NodeJS.ProcessEnv;
}

const GO_ENV = {
  CGO_ENABLED: '0',
  GOFLAGS: '-mod=mod',
  // The checksum database does not list every k8s.io release this proxy serves;
  // go.sum, committed next to go.mod, pins the hashes instead.
  GONOSUMDB: 'k8s.io,sigs.k8s.io',
};

/**
 * Returns the cached control-plane binaries, building them from their Go modules first
 * if this machine has not built these exact pinned sources before.
 */
export async function ensureControlPlaneBinaries(
  options: BuildOptions,
): Promise<ControlPlaneBinaries> {
  const moduleDir = controlPlaneModuleDir(options.packageRoot);
  const key = computeSourceKey(moduleDir);
  const target = join(options.cacheDir, 'controlplane', key);
  const binaries = { controlplane: join(target, 'controlplane'), kwok: join(target, 'kwok') };
  if (existsSync(binaries.controlplane) && existsSync(binaries.kwok)) return binaries;
  mkdirSync(join(options.cacheDir, 'controlplane'), { recursive: true });
  await withBuildLock(`${target}.lock`, options.onProgress, async () => {
    if (existsSync(binaries.controlplane) && existsSync(binaries.kwok)) return;
    await assertGoAvailable(options.env);
    const staging = `${target}.partial-${String(process.pid)}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const started = Date.now();
    options.onProgress('building the control plane from source (first run on this machine only)');
    await runGoBuild(
      moduleDir,
      ['-o', join(staging, 'controlplane'), '.'],
      'kube-apiserver, kube-controller-manager, kube-scheduler',
      options,
    );
    await runGoBuild(join(moduleDir, 'kwok'), ['-o', join(staging, 'kwok'), '.'], 'kwok', options);
    // Rename last, so a build killed half-way never looks like a finished one.
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    removeOtherBuilds(join(options.cacheDir, 'controlplane'), key);
    options.onProgress(
      `control plane built in ${formatSeconds(Date.now() - started)}, cached in ${target}`,
    );
  });
  return binaries;
}

/** Builds for older pinned sources are never used again; each is ~180 MB. */
function removeOtherBuilds(buildsDir: string, keep: string): void {
  for (const name of readdirSync(buildsDir)) {
    if (name !== keep && /^[0-9a-f]{16}$/.test(name))
      rmSync(join(buildsDir, name), { recursive: true, force: true });
  }
}

/** Hash of every input that decides the binaries: pinned module versions and our Go code. */
export function computeSourceKey(moduleDir: string): string {
  const hash = createHash('sha256');
  hash.update(`${platform()}-${arch()}\n`);
  for (const dir of [moduleDir, join(moduleDir, 'kwok')]) {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'go.mod' || name === 'go.sum' || name.endsWith('.go')) {
        hash.update(`${dir === moduleDir ? '' : 'kwok/'}${name}\n`);
        hash.update(readFileSync(join(dir, name)));
      }
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function assertGoAvailable(env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runQuiet('go', ['version'], env);
  if (result === 'missing') {
    throw new DevClusterError(
      'the Go toolchain (`go`) is not on PATH; it is needed once per machine to build kube-apiserver and etcd from their Go modules',
    );
  }
}

function runQuiet(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<'ok' | 'missing' | 'failed'> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: 'ignore' });
    child.on('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code === 'ENOENT' ? 'missing' : 'failed'),
    );
    child.on('exit', (code) => resolve(code === 0 ? 'ok' : 'failed'));
  });
}

async function runGoBuild(
  cwd: string,
  outputArgs: string[],
  what: string,
  options: BuildOptions,
): Promise<void> {
  const args = ['build', '-v', '-trimpath', '-ldflags=-s -w', ...outputArgs];
  const child = spawn('go', args, {
    cwd,
    env: { ...options.env, ...GO_ENV },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tail: string[] = [];
  let downloaded = 0;
  let compiled = 0;
  const started = Date.now();
  let buffered = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('go: downloading')) downloaded++;
      else compiled++;
      tail.push(line);
      if (tail.length > 20) tail.shift();
    }
  });
  const ticker = setInterval(() => {
    options.onProgress(
      `building ${what}: ${String(downloaded)} modules downloaded, ${String(compiled)} packages compiled, ${formatSeconds(Date.now() - started)}`,
    );
  }, 5_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  }).finally(() => clearInterval(ticker));
  if (code !== 0) {
    throw new DevClusterError(
      `go build of ${what} failed (exit ${String(code)}):\n${tail.join('\n')}`,
    );
  }
}

function formatSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60
    ? `${String(Math.floor(s / 60))}m${String(s % 60).padStart(2, '0')}s`
    : `${String(s)}s`;
}
