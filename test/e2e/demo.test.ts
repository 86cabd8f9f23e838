/**
 * `capstan demo` as a new user runs it: the example builds exactly as `kubectl kustomize`
 * builds it; the demo comes up to a Synced and Healthy app, applies a commit pushed with real
 * `git` to the URL it printed, stops on Ctrl-C with nothing left running, and starts again
 * warm from the same data dir.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually } from '../helpers/eventually.js';
import { canConnect, childPidsOf, isAlive } from '../helpers/process-probes.js';
import { runGit, startGitServer } from '../helpers/git-server/index.js';
import { readExampleFiles, seedExampleRepo } from '../../src/cli/demo-example.js';
import { createSilentLogger } from '../../src/log/index.js';
import { kubectl, runCommand } from '../helpers/kubectl.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const capstanBin = join(repoRoot, 'bin', 'capstan.js');
const scratch = mkdtempSync(join(tmpdir(), 'capstan-demo-e2e-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Generous: the first run on a machine may build the control plane from source. */
const READY_TIMEOUT_MS = 600_000;

interface DemoRun {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function launchDemo(dataDir: string): DemoRun {
  const args = [capstanBin, 'demo', '--data-dir', dataDir, '--port', '0'];
  const child = spawn(process.execPath, args, { cwd: repoRoot });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits for the `ready:` line; fails early with the demo's output when it exits instead. */
async function waitForReady(run: DemoRun): Promise<void> {
  let hasExited = false;
  void run.exited.then(() => (hasExited = true));
  await eventually(
    () => {
      if (hasExited) throw new Error(`demo exited before ready:\n${run.stderr()}`);
      assert.match(run.stdout(), /^ready: guestbook-dev is Synced and Healthy after [\d.]+s$/m);
    },
    { timeoutMs: READY_TIMEOUT_MS, intervalMs: 250 },
  ).catch((error: unknown) => {
    run.child.kill('SIGKILL');
    throw error;
  });
}

function printed(run: DemoRun, pattern: RegExp): string {
  const match = pattern.exec(run.stdout());
  assert.ok(match?.[1], `the demo printed ${String(pattern)}:\n${run.stdout()}`);
  return match[1];
}

async function stopWithCtrlC(run: DemoRun, ports: number[]): Promise<void> {
  const children = childPidsOf(run.child.pid ?? 0);
  assert.equal(children.length, 4, 'apiserver, controller-manager, scheduler and kwok run');
  run.child.kill('SIGINT');
  assert.equal(await run.exited, 0, run.stderr());
  for (const pid of children) assert.equal(isAlive(pid), false, `child ${String(pid)} is gone`);
  for (const port of ports)
    assert.equal(await canConnect(port), false, `port ${String(port)} is closed`);
}

async function readJson(kubeconfig: string, args: string[]): Promise<Record<string, unknown>> {
  const result = await kubectl(kubeconfig, [...args, '-o', 'json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

async function replicasOf(kubeconfig: string): Promise<unknown> {
  const deployment = await readJson(kubeconfig, [
    'get',
    'deploy',
    'guestbook',
    '-n',
    'guestbook-dev',
  ]);
  return (deployment['spec'] as { replicas?: number }).replicas;
}

/** GREETING of the ConfigMap the Deployment reads (its name carries the content hash). */
async function greetingOf(kubeconfig: string): Promise<unknown> {
  const deployment = await readJson(kubeconfig, [
    'get',
    'deploy',
    'guestbook',
    '-n',
    'guestbook-dev',
  ]);
  const spec = deployment['spec'] as {
    template: { spec: { containers: { envFrom?: { configMapRef?: { name: string } }[] }[] } };
  };
  const name = spec.template.spec.containers[0]?.envFrom?.[0]?.configMapRef?.name ?? '';
  assert.match(name, /^guestbook-config-[a-z0-9]{10}$/);
  const configMap = await readJson(kubeconfig, ['get', 'configmap', name, '-n', 'guestbook-dev']);
  return (configMap['data'] as Record<string, string>)['GREETING'];
}

describe('the guestbook example', () => {
  for (const overlay of ['dev', 'production']) {
    it(`builds overlays/${overlay} byte for byte as kubectl kustomize does`, async () => {
      const dir = join(repoRoot, 'examples', 'guestbook', 'overlays', overlay);
      const [ours, reference] = await Promise.all([
        runCommand(process.execPath, [capstanBin, 'build', dir]),
        runCommand('kubectl', ['kustomize', dir]),
      ]);
      assert.equal(reference.code, 0, reference.stderr);
      assert.equal(ours.code, 0, ours.stderr);
      assert.match(
        reference.stdout,
        /kind: Deployment[\s\S]*kind: Service|kind: Service[\s\S]*kind: Deployment/,
      );
      assert.equal(ours.stdout, reference.stdout);
    });
  }
});

describe("the demo's example repository", () => {
  it('is committed once, kept while unchanged, and reset (or kept with --keep) after edits', async () => {
    const rootDir = join(scratch, 'seed-git');
    const example = await readExampleFiles(join(repoRoot, 'examples', 'guestbook'));
    assert.ok('overlays/dev/kustomization.yaml' in example && 'base/deployment.yaml' in example);
    const logger = createSilentLogger();
    const first = await startGitServer({ rootDir });
    try {
      const repo = await first.createRepo('guestbook');
      const seeded = await seedExampleRepo(repo, example, { keep: false, logger });
      assert.equal(await seedExampleRepo(repo, example, { keep: false, logger }), seeded);
      await repo.commit({ 'overlays/dev/extra.yaml': 'a: 1\n' });
      const edited = await repo.resolve('HEAD');
      assert.equal(await seedExampleRepo(repo, example, { keep: true, logger }), edited);
    } finally {
      await first.close();
    }
    // A second server on the same root (the warm start) finds the repository and resets it.
    const second = await startGitServer({ rootDir });
    try {
      const repo = await second.openRepo('guestbook');
      assert.ok(repo, 'the repository survived the first server');
      const before = await repo.resolve('HEAD');
      const reset = await seedExampleRepo(repo, example, { keep: false, logger });
      assert.notEqual(reset, before);
      const files = await repo.listFiles(reset);
      assert.deepEqual([...files.keys()].sort(), Object.keys(example).sort());
    } finally {
      await second.close();
    }
  });
});

describe('capstan demo', () => {
  const dataDir = join(scratch, 'demo');

  it('comes up Synced and Healthy, applies a pushed commit, and stops cleanly on Ctrl-C', async () => {
    const run = launchDemo(dataDir);
    await waitForReady(run);
    const kubeconfig = printed(run, /^ {2}export KUBECONFIG=(\S+)$/m);
    const gitURL = printed(run, /^ {2}git clone (\S+) /m);
    const metricsURL = printed(run, /^Metrics: (\S+)/m);
    assert.match(
      run.stderr(),
      /^\d\d:\d\d:\d\d INFO {2}sync finished app=capstan-system\/guestbook-dev reconcileId=\d+ revision=[0-9a-f]{40} /m,
    );

    const listed = await kubectl(kubeconfig, [
      'get',
      'deploy,svc,configmap',
      '-n',
      'guestbook-dev',
      '-o',
      'name',
    ]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^deployment\.apps\/guestbook$/m);
    assert.match(listed.stdout, /^service\/guestbook$/m);
    assert.match(listed.stdout, /^configmap\/guestbook-config-[a-z0-9]{10}$/m);
    assert.equal(await replicasOf(kubeconfig), 1);
    assert.equal(await greetingOf(kubeconfig), 'hello from dev');
    const apps = await kubectl(kubeconfig, ['get', 'capp', '-n', 'capstan-system']);
    assert.match(apps.stdout, /^guestbook-dev\s+Synced\s+Healthy\s/m);
    const metrics = await fetch(metricsURL).then((response) => response.text());
    assert.match(
      metrics,
      /capstan_app_info\{name="guestbook-dev".*sync_status="Synced",health_status="Healthy"\} 1/,
    );

    const clone = join(scratch, 'clone');
    await runGit(['clone', '--quiet', gitURL, clone]);
    const kustomization = join(clone, 'overlays', 'dev', 'kustomization.yaml');
    const edited = readFileSync(kustomization, 'utf8')
      .replace('count: 1', 'count: 2')
      .replace('GREETING=hello from dev', 'GREETING=hello from a push');
    writeFileSync(kustomization, edited);
    await runGit(['commit', '--quiet', '-am', 'two replicas and a new greeting'], { cwd: clone });
    await runGit(['push', '--quiet', 'origin', 'HEAD'], { cwd: clone });
    await eventually(
      async () => {
        assert.equal(await replicasOf(kubeconfig), 2);
        assert.equal(await greetingOf(kubeconfig), 'hello from a push');
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    // The push itself triggers the refresh (as a webhook would), not the next Git poll.
    assert.match(
      run.stderr(),
      /INFO {2}push received, refreshing apps=\["capstan-system\/guestbook-dev"\]/,
    );

    const ports = [new URL(gitURL).port, new URL(metricsURL).port].map(Number);
    await stopWithCtrlC(run, ports);
  });

  it('starts warm from the same data dir and resets the repository to the example', async () => {
    const run = launchDemo(dataDir);
    await waitForReady(run);
    assert.match(run.stderr(), /INFO {2}example restored revision=[0-9a-f]{40}/);
    const kubeconfig = printed(run, /^ {2}export KUBECONFIG=(\S+)$/m);
    assert.equal(await replicasOf(kubeconfig), 1);
    assert.equal(await greetingOf(kubeconfig), 'hello from dev');
    const metricsURL = printed(run, /^Metrics: (\S+)/m);
    await stopWithCtrlC(run, [Number(new URL(metricsURL).port)]);
  });

  it('rejects a port that leaves no room for the Git server with a usage error', async () => {
    const result = await runCommand(process.execPath, [capstanBin, 'demo', '--port', '65535']);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^capstan: demo: --port "65535" must be 0 or a port number up to 65534\n$/,
    );
  });
});
