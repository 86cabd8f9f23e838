import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually } from '../helpers/eventually.js';
import { canConnect, childPidsOf, isAlive } from '../helpers/process-probes.js';
import { kubectl, runCommand } from '../helpers/kubectl.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const capstanBin = join(repoRoot, 'bin', 'capstan.js');
const scratch = mkdtempSync(join(tmpdir(), 'capstan-e2e-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Launched {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function launch(args: string[], env: NodeJS.ProcessEnv = process.env): Launched {
  const child = spawn(process.execPath, [capstanBin, ...args], { env });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

function portOf(kubeconfigPath: string): number {
  const match = /server: https:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(kubeconfigPath, 'utf8'));
  assert.ok(match?.[1], 'kubeconfig names the server');
  return Number(match[1]);
}

describe('capstan dev-cluster', () => {
  it('prints ready, serves kubectl with the CRDs established, and stops cleanly on SIGTERM', async () => {
    const dataDir = join(scratch, 'clean-stop');
    const run = launch(['dev-cluster', '--data-dir', dataDir]);
    await eventually(() => assert.equal(run.stdout(), 'ready\n'), { timeoutMs: 60_000 });
    const kubeconfig = join(dataDir, 'kubeconfig');
    const crds = await kubectl(kubeconfig, ['get', 'crd', '-o', 'name']);
    assert.match(crds.stdout, /applications\.capstan\.dev/);
    assert.match(crds.stdout, /appprojects\.capstan\.dev/);
    const children = childPidsOf(run.child.pid ?? 0);
    assert.ok(children.length >= 1, 'the apiserver runs as a child process');
    const port = portOf(kubeconfig);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
    for (const pid of children) assert.equal(isAlive(pid), false, `child ${String(pid)} is gone`);
    assert.equal(await canConnect(port), false, 'the apiserver port is closed');
  });

  it('leaves no control-plane process behind when the launcher itself is SIGKILLed', async () => {
    const dataDir = join(scratch, 'killed');
    const run = launch(['dev-cluster', '--data-dir', dataDir, '--workloads']);
    await eventually(() => assert.equal(run.stdout(), 'ready\n'), { timeoutMs: 60_000 });
    const children = childPidsOf(run.child.pid ?? 0);
    assert.equal(children.length, 4, 'apiserver, controller-manager, scheduler and kwok');
    run.child.kill('SIGKILL');
    await run.exited;
    await eventually(
      () => {
        for (const pid of children)
          assert.equal(isAlive(pid), false, `child ${String(pid)} is gone`);
      },
      { timeoutMs: 15_000 },
    );
  });

  it('fails fast with one line naming the data dir when it is not writable', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    const run = launch(['dev-cluster', '--data-dir', join(file, 'cluster')]);
    assert.equal(await run.exited, 1);
    assert.equal(run.stdout(), '');
    assert.match(
      run.stderr(),
      /^capstan: data dir .*a-file\/cluster is not writable \(ENOTDIR\)\n$/,
    );
  });

  it('fails fast with one line naming the port when it is already taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = launch([
        'dev-cluster',
        '--data-dir',
        join(scratch, 'port-taken'),
        '--port',
        String(port),
      ]);
      assert.equal(await run.exited, 1);
      assert.equal(run.stderr(), `capstan: port ${String(port)} on 127.0.0.1 is already in use\n`);
    } finally {
      blocker.close();
    }
  });

  it('fails fast with one line when the binaries are not cached and Go is missing', async () => {
    const env = {
      ...process.env,
      PATH: '/usr/bin:/bin',
      CAPSTAN_CACHE_DIR: join(scratch, 'empty-cache'),
    };
    const started = Date.now();
    const run = launch(['dev-cluster', '--data-dir', join(scratch, 'no-go')], env);
    assert.equal(await run.exited, 1);
    assert.ok(Date.now() - started < 10_000, 'fails within seconds');
    assert.match(run.stderr(), /^capstan: the Go toolchain \(`go`\) is not on PATH; .*\n$/);
  });

  it('rejects an unknown flag with a usage error and exit code 2', async () => {
    const result = await runCommand(process.execPath, [
      capstanBin,
      'dev-cluster',
      '--data-dir',
      scratch,
      '--wat',
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown option '--wat'/);
  });
});
