/**
 * Shared pieces of the repo integration tests: a repo cache on a temp directory with a
 * fresh metrics registry and a logger that writes into memory (so tests can search the
 * logs for secrets), and counting of the test Git server's requests by kind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { createLogger, type Logger } from '../../../src/log/index.js';
import { createMetrics, type Metrics } from '../../../src/metrics/index.js';
import {
  createRepoCache,
  type CredentialsLookup,
  type RepoCache,
  type RepoCacheOptions,
} from '../../../src/repo/index.js';
import type { GitServer } from '../../helpers/git-server/index.js';

export interface CacheUnderTest {
  readonly cache: RepoCache;
  readonly cacheDir: string;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Every log line written so far. */
  readonly logs: string[];
}

export async function makeTempDir(t: TestContext, prefix = 'capstan-repo-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true, maxRetries: 3 }));
  return dir;
}

export function createMemoryLogger(): { logger: Logger; logs: string[] } {
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => logs.push(line) },
  });
  return { logger, logs };
}

/** A cache closed when the test ends; `cacheDir` defaults to a fresh temp directory. */
export async function openCache(
  t: TestContext,
  options: Partial<Omit<RepoCacheOptions, 'logger' | 'metrics'>> & {
    credentials?: CredentialsLookup;
  } = {},
): Promise<CacheUnderTest> {
  const cacheDir = options.cacheDir ?? (await makeTempDir(t));
  const metrics = createMetrics();
  const { logger, logs } = createMemoryLogger();
  const cache = createRepoCache({
    credentials: () => undefined,
    ...options,
    cacheDir,
    logger,
    metrics,
  });
  t.after(() => cache.close());
  return { cache, cacheDir, metrics, logger, logs };
}

/** Requests by kind: ls-remote style GETs, and upload-pack POSTs (fetches). */
export function countRequests(server: GitServer): { infoRefs: number; uploadPack: number } {
  return {
    infoRefs: server.requestCount({ endpoint: 'info/refs', service: 'git-upload-pack' }),
    uploadPack: server.requestCount({ endpoint: 'git-upload-pack', method: 'POST' }),
  };
}

/** The value of a counter or gauge sample with exactly these labels, 0 when absent. */
export async function sampleValue(
  metrics: Metrics,
  name: string,
  labels: Readonly<Record<string, string>>,
): Promise<number> {
  const all = await metrics.registry.getMetricsAsJSON();
  const metric = all.find((m) => m.name === name);
  const sample = metric?.values.find((v) =>
    Object.entries(labels).every(
      ([k, value]) => (v.labels as Record<string, unknown>)[k] === value,
    ),
  );
  return sample?.value ?? 0;
}

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
