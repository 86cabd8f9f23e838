/**
 * A separate process that resolves one revision into a cache directory and prints the SHA;
 * the crash test SIGKILLs it mid-fetch. usage: node fetch-child.js CACHE_DIR URL REVISION
 */
import { createLogger } from '../../../src/log/index.js';
import { createMetrics } from '../../../src/metrics/index.js';
import { createRepoCache } from '../../../src/repo/index.js';

const [cacheDir, url, revision] = process.argv.slice(2);
if (cacheDir === undefined || url === undefined || revision === undefined) {
  process.stderr.write('usage: fetch-child CACHE_DIR URL REVISION\n');
  process.exit(2);
}
const cache = createRepoCache({
  cacheDir,
  logger: createLogger({ level: 'warn' }),
  metrics: createMetrics(),
  credentials: () => undefined,
});
process.stderr.write('resolving\n');
const resolved = await cache.resolveRevision(url, revision);
process.stdout.write(`${resolved.sha}\n`);
await cache.close();
