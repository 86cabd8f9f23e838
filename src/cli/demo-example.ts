import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { hashGitBlob, type BareRepo, type FileChanges } from '../devgit/index.js';
import { getObject, type KubeClient, type ManifestObject } from '../kube/index.js';
import type { Logger } from '../log/index.js';
import { API_GROUP_VERSION, INSTALL_NAMESPACE } from '../model/index.js';

/** What the demo deploys: overlays/dev of the example, into its own namespace. */
export const DEMO_APP = {
  name: 'guestbook-dev',
  namespace: INSTALL_NAMESPACE,
  path: 'overlays/dev',
  destinationNamespace: 'guestbook-dev',
} as const;

/** Every file under `dir` (the example source), keyed by its `/`-separated relative path. */
export async function readExampleFiles(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.isFile())) {
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full).split(path.sep).join('/')] = await readFile(full, 'utf8');
  }
  return files;
}

/**
 * Makes the repository's default branch hold the example: the first commit on a new repo,
 * and on a warm run a reset commit on top only when the tree differs (so an unchanged repo
 * keeps its SHA and the app stays Synced). With `keep`, an existing branch is left as it is.
 */
export async function seedExampleRepo(
  repo: BareRepo,
  example: Readonly<Record<string, string>>,
  options: { keep: boolean; logger: Logger },
): Promise<string> {
  const head = await repo.resolve('HEAD').catch(() => undefined);
  if (head !== undefined && options.keep) {
    options.logger.info({ revision: head }, 'keeping the example repository as it is');
    return head;
  }
  if (head !== undefined && (await isSameTree(repo, example))) return head;
  const files: FileChanges = example;
  const message =
    head === undefined ? 'Add the guestbook example' : 'Reset to the guestbook example';
  const revision = await repo.commit(files, { replaceTree: true, message });
  options.logger.info({ revision }, head === undefined ? 'example committed' : 'example restored');
  return revision;
}

async function isSameTree(repo: BareRepo, example: Readonly<Record<string, string>>) {
  const tree = await repo.listFiles('HEAD');
  const wanted = Object.entries(example);
  return (
    tree.size === wanted.length &&
    wanted.every(([file, text]) => tree.get(file) === hashGitBlob(text))
  );
}

/** The demo's Application: automated sync with prune and self-heal, namespace created on sync. */
export function buildDemoApplication(repoURL: string): ManifestObject {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: 'Application',
    metadata: { name: DEMO_APP.name, namespace: DEMO_APP.namespace },
    spec: {
      project: 'default',
      source: { repoURL, targetRevision: 'HEAD', path: DEMO_APP.path },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: DEMO_APP.destinationNamespace,
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}

export interface AppState {
  readonly sync: string | undefined;
  readonly health: string | undefined;
  readonly revision: string | undefined;
}

/** Sync status, health and synced revision of the demo app as the API server has them. */
export async function readDemoAppState(client: KubeClient): Promise<AppState> {
  const app = await getObject(client, {
    apiVersion: API_GROUP_VERSION,
    kind: 'Application',
    name: DEMO_APP.name,
    namespace: DEMO_APP.namespace,
  });
  const status = app?.['status'] as
    { sync?: { status?: string; revision?: string }; health?: { status?: string } } | undefined;
  return {
    sync: status?.sync?.status,
    health: status?.health?.status,
    revision: status?.sync?.revision,
  };
}

export interface WaitForDemoAppOptions {
  readonly revision: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /**
   * Whether this process's controller has itself seen the app Synced and Healthy: on a warm
   * start the stored status already says so before the new controller has looked.
   */
  readonly isConfirmed: () => Promise<boolean>;
}

/**
 * Polls until the app is Synced and Healthy at `revision`, logging each change of state so a
 * slow start shows where it stands. Resolves with the last state seen (check isDemoAppDone).
 */
export async function waitForDemoApp(
  client: KubeClient,
  options: WaitForDemoAppOptions,
): Promise<AppState> {
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  let state: AppState = { sync: undefined, health: undefined, revision: undefined };
  while (!options.signal.aborted && Date.now() < deadline) {
    state = await readDemoAppState(client);
    const seen = `${state.sync ?? '-'}/${state.health ?? '-'}/${state.revision ?? '-'}`;
    if (seen !== last) {
      options.logger.info({ app: DEMO_APP.name, ...state }, 'waiting for Synced and Healthy');
      last = seen;
    }
    if (isDemoAppDone(state, options.revision) && (await options.isConfirmed())) return state;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return state;
}

export function isDemoAppDone(state: AppState, revision: string): boolean {
  return state.sync === 'Synced' && state.health === 'Healthy' && state.revision === revision;
}
