/**
 * Runs `capstan controller` as a user would (a child process with a kubeconfig), and reads
 * Application status straight from the API server so timing assertions are not bounded by
 * kubectl start-up.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApplicationStatus, Operation } from '../../../src/api/index.js';
import { connectKube, getObject, type KubeClient } from '../../../src/kube/index.js';
import type { FileChanges } from '../../helpers/git-server/index.js';
import { kubectl } from '../../helpers/kubectl.js';

export const capstanBin = fileURLToPath(new URL('../../../../bin/capstan.js', import.meta.url));
export const appsFixtureDir = fileURLToPath(
  new URL('../../../../test/fixtures/apps/', import.meta.url),
);

export interface ControllerProcess {
  readonly child: ChildProcess;
  readonly logFile: string;
  readonly metricsPort: number;
  /** Whether the process is still running (a crash fails the tests that check it). */
  isAlive(): boolean;
  stop(): Promise<void>;
  /** Sends `signal` (SIGKILL: a crash, no clean-up) and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export function startControllerProcess(
  kubeconfig: string,
  extraArgs: readonly string[] = [],
): Promise<ControllerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-controller-'));
  const logFile = join(dir, 'controller.log');
  const log = createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    [
      capstanBin,
      'controller',
      '--kubeconfig',
      kubeconfig,
      '--metrics-addr',
      '127.0.0.1:0',
      '--repo-cache-dir',
      join(dir, 'repos'),
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(log);
  let exited = false;
  child.on('exit', () => (exited = true));
  const signalAndWait = async (signal: NodeJS.Signals): Promise<void> => {
    if (exited) return;
    const done = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await done;
  };
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      log.write(chunk);
      const match = /"port":(\d+).*"msg":"controller started"/u.exec(buffered);
      if (!match) return;
      resolve({
        child,
        logFile,
        metricsPort: Number(match[1]),
        isAlive: () => !exited,
        stop: () => signalAndWait('SIGTERM'),
        kill: (signal) => signalAndWait(signal),
      });
    };
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`controller exited with ${String(code)}: ${buffered.slice(-2000)}`)),
    );
  });
}

export function connectTestKube(kubeconfig: string): KubeClient {
  return connectKube(kubeconfig);
}

export async function readAppStatus(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<ApplicationStatus | undefined> {
  const app = await getObject(client, {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    namespace,
    name,
  });
  return app?.['status'] as ApplicationStatus | undefined;
}

/** Every file of a fixture directory as Git file changes, paths relative to `dir`. */
export function readFixtureTree(dir: string, prefix = ''): FileChanges {
  const files: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[`${prefix}${relative(dir, path)}`] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

export function applicationManifest(fields: {
  name: string;
  namespace?: string;
  repoURL: string;
  path: string;
  targetRevision?: string;
  destinationNamespace: string;
  project?: string;
  extraSpec?: Record<string, unknown>;
}): string {
  return JSON.stringify({
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: fields.name, namespace: fields.namespace ?? 'capstan-system' },
    spec: {
      project: fields.project ?? 'default',
      source: {
        repoURL: fields.repoURL,
        path: fields.path,
        targetRevision: fields.targetRevision ?? 'HEAD',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: fields.destinationNamespace,
      },
      ...fields.extraSpec,
    },
  });
}

/** Runs kubectl as a user would and fails the test with its stderr when it fails. */
export async function mustKubectl(
  kubeconfig: string,
  args: string[],
  input?: string,
): Promise<string> {
  const result = await kubectl(kubeconfig, args, input);
  assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Requests an operation as a user does: `kubectl patch capp NAME --type merge` of `operation`. */
export function requestOperation(
  kubeconfig: string,
  name: string,
  operation: Operation,
  namespace = 'capstan-system',
): Promise<string> {
  return mustKubectl(kubeconfig, [
    'patch',
    'capp',
    name,
    '-n',
    namespace,
    '--type',
    'merge',
    '-p',
    JSON.stringify({ operation }),
  ]);
}

/** A ConfigMap manifest as a file in a test repository. */
export function configMapYaml(name: string, data: Record<string, string>): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: ${JSON.stringify(data)}\n`;
}
