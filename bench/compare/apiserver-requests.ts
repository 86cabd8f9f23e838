/**
 * What the API server was asked, from its own `apiserver_request_total` counter (read with
 * `kubectl get --raw /metrics`): the difference between two scrapes, by verb, resource and
 * subresource, heaviest first. In steady state the benchmark itself sends nothing, so these
 * are the controller's requests (plus the API server's own few).
 */
import { kubectl } from '../../test/helpers/kubectl.js';
import { parsePrometheusText, type MetricSample } from './prom-text.js';

const REQUESTS = 'apiserver_request_total';

export async function scrapeApiserverRequests(kubeconfig: string): Promise<MetricSample[]> {
  const result = await kubectl(kubeconfig, ['get', '--raw', '/metrics']);
  if (result.code !== 0) throw new Error(`kubectl get --raw /metrics: ${result.stderr}`);
  return parsePrometheusText(result.stdout).filter((sample) => sample.name === REQUESTS);
}

export interface RequestRate {
  /** e.g. `PATCH applications/status`, `WATCH configmaps`, `PATCH deployments (dry run)`. */
  readonly request: string;
  readonly count: number;
  readonly perSecond: number;
}

function describeRequest(labels: Readonly<Record<string, string>>): string {
  const resource = labels['resource'] || '(non-resource)';
  const sub = labels['subresource'] ? `/${labels['subresource']}` : '';
  const dryRun = labels['dry_run'] ? ' (dry run)' : '';
  return `${labels['verb'] ?? '?'} ${resource}${sub}${dryRun}`;
}

function totalsOf(samples: readonly MetricSample[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const sample of samples) {
    const key = describeRequest(sample.labels);
    totals.set(key, (totals.get(key) ?? 0) + sample.value);
  }
  return totals;
}

/** Requests between two scrapes, `top` heaviest first, plus the total of all of them. */
export function diffRequests(
  later: readonly MetricSample[],
  earlier: readonly MetricSample[],
  seconds: number,
  top = 8,
): { total: number; perSecond: number; heaviest: RequestRate[] } {
  const before = totalsOf(earlier);
  const rates: RequestRate[] = [];
  let total = 0;
  for (const [request, value] of totalsOf(later)) {
    const count = value - (before.get(request) ?? 0);
    if (count <= 0) continue;
    total += count;
    rates.push({ request, count, perSecond: count / seconds });
  }
  rates.sort((a, b) => b.count - a.count);
  return { total, perSecond: total / seconds, heaviest: rates.slice(0, top) };
}
