/**
 * Issue 8's leader election on a real control plane: two `capstan controller --leader-elect`
 * processes share one Lease. The standby is ready (caches synced) but writes nothing — no
 * Lease write, no status, no apply, no Event. Killed with SIGKILL, the leader is replaced
 * within the lease duration plus retry slack, and the new leader syncs the next commit.
 * A clean stop releases the Lease.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { getObject, readLease, type KubeClient } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import { parseExposition, type Sample } from '../../unit/metrics/scrape.js';
import {
  applicationManifest,
  connectTestKube,
  mustKubectl,
  readAppStatus,
  startControllerProcess,
  type ControllerProcess,
} from '../controller/support.js';

const APP_NS = 'capstan-system';
const DEST_NS = 'leader-dest';
const LEASE = { namespace: APP_NS, name: 'capstan-controller' };
const LEASE_MS = 3_000;
const RETRY_MS = 500;
const CONTROLLER_ARGS = [
  '--leader-elect',
  '--leader-election-lease-duration',
  `${String(LEASE_MS)}ms`,
  '--leader-election-renew-deadline',
  '2s',
  '--leader-election-retry-period',
  `${String(RETRY_MS)}ms`,
  '--resync',
  '2s',
];
const WRITE_VERBS = new Set(['Create', 'Update', 'Patch', 'Delete']);

function configMapFile(value: string): Record<string, string> {
  return {
    'app/settings.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  value: ${value}\n`,
  };
}

async function scrape(controller: ControllerProcess): Promise<Sample[]> {
  const response = await fetch(`http://127.0.0.1:${String(controller.metricsPort)}/metrics`);
  return [...parseExposition(await response.text()).samples];
}

function sumRequests(samples: Sample[], accept: (labels: Sample['labels']) => boolean): number {
  return samples
    .filter((s) => s.name === 'capstan_app_k8s_request_total' && accept(s.labels))
    .reduce((total, s) => total + s.value, 0);
}

function leaderGauge(samples: Sample[]): number | undefined {
  return samples.find((s) => s.name === 'capstan_leader')?.value;
}

/** The identity a controller campaigns under, from its own log. */
function identityOf(controller: ControllerProcess): string {
  for (const line of readFileSync(controller.logFile, 'utf8').split('\n')) {
    if (!line.includes('"msg":"leader election started"')) continue;
    const identity = (JSON.parse(line) as { identity?: unknown }).identity;
    if (typeof identity === 'string') return identity;
  }
  assert.fail(`no "leader election started" line in ${controller.logFile}`);
}

describe('leader election: two controllers, one writer', { timeout: 180_000 }, () => {
  let plane: TestControlPlane;
  let client: KubeClient;
  let server: GitServer;
  let repo: TestRepo;
  let first: ControllerProcess;
  let second: ControllerProcess;

  const holder = async (): Promise<string | undefined> =>
    (await readLease(client, LEASE))?.record.holderIdentity;
  const settingsValue = async (): Promise<unknown> => {
    const object = await getObject(client, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: DEST_NS,
      name: 'settings',
    });
    return (object?.['data'] as Record<string, unknown> | undefined)?.['value'];
  };
  const awaitSyncedTo = (revision: string, value: string): Promise<void> =>
    eventually(
      async () => {
        const status = await readAppStatus(client, APP_NS, 'leader-app');
        assert.equal(status?.sync?.status, 'Synced', JSON.stringify(status?.sync));
        assert.equal(status.sync.revision, revision);
        assert.equal(await settingsValue(), value);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );

  before(async () => {
    plane = await useControlPlane();
    client = connectTestKube(plane.kubeconfig);
    server = await startGitServer();
    repo = await server.createRepo('leader');
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
    await mustKubectl(plane.kubeconfig, ['create', 'namespace', DEST_NS]);
    first = await startControllerProcess(plane.kubeconfig, CONTROLLER_ARGS);
    // The first one leads: it found no Lease and created it.
    await eventually(async () => assert.equal(await holder(), identityOf(first)), {
      timeoutMs: 15_000,
    });
    second = await startControllerProcess(plane.kubeconfig, CONTROLLER_ARGS);
  });

  after(async () => {
    await first.stop();
    await second.stop();
    await server.close();
    await plane.stop();
  });

  it('keeps the standby ready and silent while the leader syncs', async () => {
    const commit = await repo.commit(configMapFile('one'), { message: 'one' });
    await mustKubectl(
      plane.kubeconfig,
      ['apply', '-f', '-'],
      applicationManifest({
        name: 'leader-app',
        repoURL: repo.url,
        path: 'app',
        destinationNamespace: DEST_NS,
        extraSpec: { syncPolicy: { automated: { prune: true, selfHeal: true } } },
      }),
    );
    await awaitSyncedTo(commit, 'one');
    // A live edit, healed by the leader: more writes the standby must not make.
    await mustKubectl(plane.kubeconfig, [
      'patch',
      'configmap',
      'settings',
      '-n',
      DEST_NS,
      '--type=merge',
      '-p',
      '{"data":{"value":"drifted"}}',
    ]);
    await eventually(async () => assert.equal(await settingsValue(), 'one'), {
      timeoutMs: 15_000,
    });

    const ready = await fetch(`http://127.0.0.1:${String(second.metricsPort)}/readyz`);
    assert.equal(ready.status, 200, 'a synced standby is ready');
    const standby = await scrape(second);
    const leader = await scrape(first);
    assert.equal(leaderGauge(standby), 0);
    assert.equal(leaderGauge(leader), 1);
    assert.equal(
      sumRequests(standby, (labels) => WRITE_VERBS.has(labels['verb'] ?? '')),
      0,
      'the standby wrote nothing, not even the Lease',
    );
    assert.ok(
      sumRequests(standby, (l) => l['verb'] === 'Get' && l['resource_kind'] === 'Lease') > 0,
      'the standby watches the Lease',
    );
    assert.ok(sumRequests(standby, (l) => l['verb'] === 'List') > 0, 'the standby caches');
    const leaderWrites = sumRequests(
      leader,
      (l) => WRITE_VERBS.has(l['verb'] ?? '') && l['resource_kind'] !== 'Lease',
    );
    assert.ok(leaderWrites > 0, 'the same counter does count the leader’s writes');
    const standbyLog = readFileSync(second.logFile, 'utf8');
    assert.doesNotMatch(
      standbyLog,
      /"msg":"(sync finished|reconcile failed|leadership acquired)"/u,
    );
    assert.equal(await holder(), identityOf(first));
  });

  it('hands over to the standby within the lease duration when the leader is killed', async (t) => {
    const oldLeader = identityOf(first);
    const newLeader = identityOf(second);
    const killedAt = performance.now();
    await first.kill('SIGKILL');
    for (;;) {
      const current = await holder();
      if (current === newLeader) break;
      assert.equal(current, oldLeader, 'the Lease goes from the old leader to the standby');
      assert.ok(performance.now() - killedAt < 20_000, 'no takeover within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const takeoverMs = performance.now() - killedAt;
    // The standby saw the last renewal up to a retry period late and retries every period.
    const bound = LEASE_MS + 2 * RETRY_MS + 1_000;
    assert.ok(
      takeoverMs <= bound,
      `took over after ${takeoverMs.toFixed(0)} ms (bound ${String(bound)})`,
    );
    t.diagnostic(`takeover after ${takeoverMs.toFixed(0)} ms`);
    assert.equal((await readLease(client, LEASE))?.record.leaseTransitions, 1);

    const commit = await repo.commit(configMapFile('two'), { message: 'two' });
    await awaitSyncedTo(commit, 'two');
    assert.equal(leaderGauge(await scrape(second)), 1);
    assert.match(readFileSync(second.logFile, 'utf8'), /"msg":"leadership acquired"/u);
  });

  it('stops a standby on SIGTERM at once, leaving the Lease to the leader', async () => {
    const standby = await startControllerProcess(plane.kubeconfig, CONTROLLER_ARGS);
    const before = await readLease(client, LEASE);
    assert.equal(before?.record.holderIdentity, identityOf(second));
    await eventually(async () => {
      assert.equal(leaderGauge(await scrape(standby)), 0);
      const ready = await fetch(`http://127.0.0.1:${String(standby.metricsPort)}/readyz`);
      assert.equal(ready.status, 200);
    });
    const started = performance.now();
    await standby.stop();
    assert.equal(standby.child.exitCode, 0);
    assert.ok(performance.now() - started < 5_000, 'a standby has no work to finish');
    const after = await readLease(client, LEASE);
    assert.equal(after?.record.holderIdentity, identityOf(second));
    assert.equal(after.record.leaseTransitions, before.record.leaseTransitions);
  });

  it('releases the Lease when the leader stops cleanly', async () => {
    await second.stop();
    const lease = await readLease(client, LEASE);
    assert.equal(lease?.record.holderIdentity, '');
    assert.equal(lease.record.leaseDurationSeconds, 1);
  });

  it('exits non-zero as soon as the Lease shows another holder', async () => {
    const third = await startControllerProcess(plane.kubeconfig, CONTROLLER_ARGS);
    await eventually(async () => assert.equal(await holder(), identityOf(third)), {
      timeoutMs: 10_000,
    });
    await mustKubectl(plane.kubeconfig, [
      'patch',
      'lease',
      LEASE.name,
      '-n',
      APP_NS,
      '--type=merge',
      '-p',
      '{"spec":{"holderIdentity":"intruder"}}',
    ]);
    await eventually(() => assert.equal(third.isAlive(), false, 'still running'), {
      timeoutMs: 5_000,
      intervalMs: 50,
    });
    assert.equal(third.child.exitCode, 1);
    assert.match(readFileSync(third.logFile, 'utf8'), /"msg":"leadership lost, exiting"/u);
    assert.equal(await holder(), 'intruder', 'the lost leader does not write the Lease back');
  });
});
