import { createLogger } from '../log/index.js';
import { createMetrics } from '../metrics/index.js';
import { emitKustomizeYaml, renderSource } from '../render/index.js';
import { createRepoCache } from '../repo/index.js';
import { identityOf } from '../model/index.js';
import { stampTracking } from '../sync/plan/index.js';
import type { RenderCommand } from '../config.js';
import type { CommandIO } from './io.js';

/**
 * `capstan render --repo URL --revision REV --path P`: what the controller would apply for
 * an Application with that source, fetched through the same repo cache and rendered by the
 * same engine. The resolved commit goes to stderr, the manifests to stdout, and nothing
 * reaches stdout unless the whole render succeeded.
 */
export async function runRender(command: RenderCommand, io: CommandIO): Promise<number> {
  const cache = createRepoCache({
    cacheDir: command.repoCacheDir,
    logger: createLogger({ level: command.verbose ? 'info' : 'warn' }),
    metrics: createMetrics(),
    credentials: () => Promise.resolve(undefined),
  });
  try {
    const resolved = await cache.resolveRevision(command.repoURL, command.revision);
    io.stderr(`capstan: ${resolved.repoURL} ${command.revision} is ${resolved.sha}\n`);
    const source = cache.openSource(command.repoURL, resolved.sha);
    const result = await renderSource(source, command.path, {});
    const app = command.app;
    const objects = app
      ? result.objects.map((object) => stampTracking(object, app, identityOf(object)))
      : result.objects;
    io.stdout(emitKustomizeYaml(objects));
    return 0;
  } finally {
    await cache.close();
  }
}
