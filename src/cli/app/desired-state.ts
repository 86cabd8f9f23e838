/**
 * The objects an Application wants, computed in-process the way the controller does: the
 * revision the controller last compared (else targetRevision resolved now), fetched through
 * the same repo cache, rendered by the same engine, and placed and stamped with tracking
 * metadata by the planner's prepareDesiredObjects.
 */
import { targetRevisionOf, type Application } from '../../api/index.js';
import { isDeepEqual } from '../../diff/index.js';
import { discoverApiResources, listSecrets, type KubeClient } from '../../kube/index.js';
import { createLogger } from '../../log/index.js';
import { createMetrics } from '../../metrics/index.js';
import { renderOptionsOf } from '../../controller/index.js';
import { renderSource } from '../../render/index.js';
import {
  createRepoCache,
  credentialsFromSecrets,
  REPO_SECRET_TYPE_LABEL,
} from '../../repo/index.js';
import { prepareDesiredObjects, type DesiredSet } from '../../sync/plan/index.js';

export interface DesiredState {
  revision: string;
  desired: DesiredSet;
}

/** Repository credentials as the controller reads them; a user who may not read Secrets gets none. */
async function readCredentials(client: KubeClient, namespace: string) {
  try {
    const secrets = await listSecrets(
      client,
      namespace,
      `${REPO_SECRET_TYPE_LABEL} in (repository,repo-creds)`,
    );
    return credentialsFromSecrets(secrets);
  } catch {
    return () => undefined;
  }
}

/**
 * The commit the controller last compared when it compared the current source (what
 * `status.resources` describes, as `argocd app diff` uses the server's cached target), else
 * whatever targetRevision names now.
 */
function revisionToDiff(app: Application): string {
  const sync = app.status?.sync;
  const sameSource = isDeepEqual(sync?.comparedTo?.source, app.spec.source);
  if (sameSource && sync?.revision && /^[0-9a-f]{40}$/u.test(sync.revision)) return sync.revision;
  return targetRevisionOf(app.spec.source);
}

export async function renderDesiredState(
  client: KubeClient,
  app: Application,
  repoCacheDir: string,
): Promise<DesiredState> {
  const namespace = app.metadata.namespace ?? '';
  const credentials = await readCredentials(client, namespace);
  const cache = createRepoCache({
    cacheDir: repoCacheDir,
    logger: createLogger({ level: 'warn' }),
    metrics: createMetrics(),
    credentials: (url) => Promise.resolve(credentials(url)),
  });
  try {
    const source = app.spec.source;
    const resolved = await cache.resolveRevision(source.repoURL, revisionToDiff(app));
    const revision = resolved.sha;
    const files = cache.openSource(source.repoURL, revision);
    const rendered = await renderSource(files, source.path ?? '.', renderOptionsOf(source));
    const resources = await discoverApiResources(client);
    const scopes = new Map(resources.map((r) => [`${r.group}/${r.kind}`, r.namespaced]));
    const desired = prepareDesiredObjects(rendered.objects, {
      app: { namespace, name: app.metadata.name },
      destinationNamespace: app.spec.destination.namespace ?? '',
      isNamespaced: (group, kind) => scopes.get(`${group}/${kind}`),
    });
    return { revision, desired };
  } finally {
    await cache.close();
  }
}
