import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Application } from '../../../src/api/index.js';
import { parseAppArgs } from '../../../src/cli/app/app-args.js';
import { planFinalizers } from '../../../src/cli/app/delete.js';
import { formatObjectDiff, overlayDesired } from '../../../src/cli/app/diff.js';
import { formatFields, formatTable, shortRevision } from '../../../src/cli/app/format-output.js';
import { formatResourceTable, formatSyncResultTable } from '../../../src/cli/app/get.js';
import { formatHistoryTable } from '../../../src/cli/app/history.js';
import { describeAppRow } from '../../../src/cli/app/list.js';
import { maskSecretPair, normalizeForDiff } from '../../../src/cli/app/normalize-object.js';
import { describeOperationInProgress } from '../../../src/cli/app/operation.js';
import { pickRollbackEntry } from '../../../src/cli/app/rollback.js';
import { buildSyncOperation } from '../../../src/cli/app/sync.js';
import { listAppConditions } from '../../../src/cli/app/wait-conditions.js';

const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);

function makeApp(fields: Partial<Application> = {}): Application {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web', namespace: 'capstan-system', generation: 2 },
    spec: {
      source: { repoURL: 'https://git.example/deploy.git', path: 'web', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'prod' },
    },
    ...fields,
  };
}

describe('app command output', () => {
  it('pads table columns to the widest cell, three spaces apart, without trailing spaces', () => {
    const text = formatTable(
      ['NAME', 'SYNC'],
      [
        ['web', 'Synced'],
        ['a-long-name', ''],
      ],
    );
    assert.equal(text, 'NAME          SYNC\nweb           Synced\na-long-name\n');
  });

  it('keeps a multi-line message on its row', () => {
    assert.equal(formatTable(['A', 'B'], [['x', 'one\ntwo']]), 'A   B\nx   one two\n');
  });

  it('aligns summary fields', () => {
    assert.equal(
      formatFields([
        ['Name', 'web'],
        ['Sync Status', 'Synced'],
      ]),
      'Name:         web\nSync Status:  Synced\n',
    );
  });

  it('shortens commit SHAs only', () => {
    assert.equal(shortRevision(SHA1), 'aaaaaaa');
    assert.equal(shortRevision('main'), 'main');
    assert.equal(shortRevision(undefined), '');
  });

  it('lists an app as argocd app list does, Unknown before the first comparison', () => {
    assert.deepEqual(describeAppRow(makeApp()), [
      'web',
      'Unknown',
      'Unknown',
      '',
      'default',
      'https://git.example/deploy.git',
      'web',
      'main',
    ]);
    const compared = makeApp({
      status: { sync: { status: 'OutOfSync', revision: SHA1 }, health: { status: 'Healthy' } },
    });
    assert.deepEqual(describeAppRow(compared).slice(1, 4), ['OutOfSync', 'Healthy', 'aaaaaaa']);
  });

  it('shows resources with their last sync message, pruning, and hooks from the sync result', () => {
    const text = formatResourceTable(
      [
        {
          group: 'apps',
          kind: 'Deployment',
          namespace: 'prod',
          name: 'web',
          status: 'Synced',
          health: { status: 'Healthy' },
        },
        {
          kind: 'ConfigMap',
          namespace: 'prod',
          name: 'old',
          status: 'OutOfSync',
          requiresPruning: true,
        },
      ],
      [
        {
          group: 'apps',
          kind: 'Deployment',
          namespace: 'prod',
          name: 'web',
          status: 'Synced',
          message: 'deployment.apps/web configured',
        },
        {
          group: 'batch',
          kind: 'Job',
          namespace: 'prod',
          name: 'migrate',
          hookType: 'PreSync',
          hookPhase: 'Succeeded',
          message: 'job completed',
        },
      ],
    );
    const lines = text.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^GROUP +KIND +NAMESPACE +NAME +STATUS +HEALTH +HOOK +MESSAGE$/u);
    assert.match(
      lines[1] ?? '',
      /Deployment .*Synced +Healthy +deployment\.apps\/web configured$/u,
    );
    assert.match(lines[2] ?? '', /ConfigMap .*OutOfSync \(requires pruning\)/u);
    assert.match(lines[3] ?? '', /Job .*migrate +Succeeded +PreSync +job completed$/u);
  });

  it('prints sync results with each resource’s current health and hook phases', () => {
    const text = formatSyncResultTable(
      [
        {
          kind: 'ConfigMap',
          namespace: 'prod',
          name: 'settings',
          status: 'Synced',
          message: 'created',
        },
        {
          group: 'batch',
          kind: 'Job',
          namespace: 'prod',
          name: 'migrate',
          status: 'Synced',
          hookType: 'PostSync',
          hookPhase: 'Failed',
          message: 'backoff limit',
        },
      ],
      [{ kind: 'ConfigMap', namespace: 'prod', name: 'settings', health: { status: 'Healthy' } }],
    );
    const lines = text.trimEnd().split('\n');
    assert.match(lines[1] ?? '', /settings +Synced +Healthy +created$/u);
    assert.match(lines[2] ?? '', /migrate +Failed +PostSync +backoff limit$/u);
  });

  it('prints history with the initiator', () => {
    const app = makeApp({
      status: {
        history: [
          {
            id: 0,
            revision: SHA1,
            deployedAt: '2026-12-01T10:00:00Z',
            initiatedBy: { automated: true },
          },
          {
            id: 1,
            revision: SHA2,
            deployedAt: '2026-12-02T10:00:00Z',
            initiatedBy: { username: 'alice' },
          },
        ],
      },
    });
    const lines = formatHistoryTable(app).trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[1] ?? '', new RegExp(`^0 +2026-12-01T10:00:00Z +${SHA1} +automated$`, 'u'));
    assert.match(lines[2] ?? '', /alice$/u);
  });
});

describe('app command decisions', () => {
  const history = [
    { id: 3, revision: SHA1 },
    { id: 4, revision: SHA2 },
    { id: 5, revision: 'c'.repeat(40) },
  ];

  it('rolls back to the previous entry by default, or to the one named', () => {
    const app = makeApp({ status: { history } });
    assert.deepEqual(pickRollbackEntry(app, undefined), history[1]);
    assert.deepEqual(pickRollbackEntry(app, 3), history[0]);
    assert.match(pickRollbackEntry(app, 9) as string, /no entry 9 \(ids: 3, 4, 5\)/u);
    assert.match(pickRollbackEntry(makeApp(), undefined) as string, /no previous deployment/u);
  });

  it('builds the sync operation with the initiator and only the options given', () => {
    const command = parseAppArgs(['sync', 'web', '--prune', '--resource', 'apps:Deployment:web'], {
      user: 'alice',
      repoCacheDir: '/c',
    });
    assert.deepEqual(buildSyncOperation(command), {
      sync: { prune: true, resources: [{ group: 'apps', kind: 'Deployment', name: 'web' }] },
      initiatedBy: { username: 'alice' },
    });
  });

  it('refuses a new operation while one is requested or running', () => {
    assert.equal(describeOperationInProgress(makeApp()), undefined);
    assert.match(
      String(describeOperationInProgress(makeApp({ operation: { sync: {} } }))),
      /already requested/u,
    );
    const running = makeApp({
      status: { operationState: { operation: { sync: {} }, phase: 'Running', message: 'wave 1' } },
    });
    assert.match(String(describeOperationInProgress(running)), /in progress \(wave 1\)/u);
    const finished = makeApp({
      status: { operationState: { operation: { sync: {} }, phase: 'Failed' } },
    });
    assert.equal(describeOperationInProgress(finished), undefined);
  });

  it('adds the resources finalizer for a cascading delete and removes cascade finalizers otherwise', () => {
    assert.deepEqual(planFinalizers(makeApp(), true), ['resources-finalizer.capstan.dev']);
    const argo = makeApp();
    argo.metadata.finalizers = ['other', 'resources-finalizer.argocd.argoproj.io'];
    assert.equal(planFinalizers(argo, true), undefined);
    assert.deepEqual(planFinalizers(argo, false), ['other']);
    assert.equal(planFinalizers(makeApp(), false), undefined);
  });

  it('waits for health, sync and operation, and never trusts a comparison of an older spec', () => {
    const status = {
      sync: { status: 'Synced' as const },
      health: { status: 'Healthy' as const },
      observedGeneration: 2,
    };
    const none = { health: false, sync: false, operation: false };
    assert.ok(listAppConditions(makeApp({ status }), none).every((c) => c.met));
    assert.equal(listAppConditions(makeApp({ status }), none).length, 3);
    const stale = makeApp({ status: { ...status, observedGeneration: 1 } });
    assert.deepEqual(
      listAppConditions(stale, { ...none, health: true, sync: true }).map((c) => c.met),
      [false, false],
    );
    const requested = makeApp({ status, operation: { sync: {} } });
    assert.deepEqual(listAppConditions(requested, { ...none, operation: true }), [
      { name: 'operation', met: false, seen: 'Requested' },
    ]);
  });
});

describe('app diff of one object', () => {
  const live = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'settings',
      namespace: 'prod',
      uid: 'u-1',
      resourceVersion: '42',
      creationTimestamp: '2026-12-01T00:00:00Z',
      managedFields: [{ manager: 'capstan' }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    },
    data: { mode: 'fast', level: '1' },
  };
  const identity = { group: '', kind: 'ConfigMap', namespace: 'prod', name: 'settings' };

  it('drops server-owned metadata and the last-applied annotation', () => {
    assert.deepEqual(normalizeForDiff({ ...live, status: { x: 1 } }), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'prod' },
      data: { mode: 'fast', level: '1' },
    });
  });

  it('names the changed field under live/desired headers and ignores server metadata', () => {
    const desired = {
      ...live,
      metadata: { name: 'settings', namespace: 'prod' },
      data: { mode: 'slow', level: '1' },
    };
    const text = formatObjectDiff(identity, live, desired, []);
    assert.match(
      text,
      /^--- live\/ConfigMap\/prod\/settings\n\+\+\+ desired\/ConfigMap\/prod\/settings\n/u,
    );
    assert.match(text, /^- {2}mode: fast$/mu);
    assert.match(text, /^\+ {2}mode: slow$/mu);
    assert.doesNotMatch(text, /resourceVersion|last-applied/u);
  });

  it('shows nothing for a field spec.ignoreDifferences ignores', () => {
    const desired = { ...live, data: { mode: 'slow', level: '1' } };
    const rules = [{ kind: 'ConfigMap', jsonPointers: ['/data/mode'] }];
    assert.equal(formatObjectDiff(identity, live, desired, rules), '');
  });

  it('lays desired fields over live when the server refuses a dry-run (maps merge, lists replace)', () => {
    const merged = overlayDesired(
      { kind: 'Job', metadata: { name: 'j', uid: 'u' }, spec: { a: [1, 2], b: { c: 1, d: 2 } } },
      { kind: 'Job', metadata: { name: 'j' }, spec: { a: [3], b: { c: 9 } } },
    );
    assert.deepEqual(merged, {
      kind: 'Job',
      metadata: { name: 'j', uid: 'u' },
      spec: { a: [3], b: { c: 9, d: 2 } },
    });
  });

  it('never prints Secret values, but shows which keys changed', () => {
    const secret = (data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'prod' },
      data,
    });
    const [maskedLive, maskedDesired] = maskSecretPair(
      secret({ same: 'c2FtZQ==', changed: 'b2xk' }),
      secret({ same: 'c2FtZQ==', changed: 'bmV3' }),
    );
    assert.deepEqual(maskedLive?.['data'], { same: '++++++++', changed: '++++++++ (live)' });
    assert.deepEqual(maskedDesired?.['data'], { same: '++++++++', changed: '++++++++ (desired)' });
    const text = formatObjectDiff(
      { ...identity, kind: 'Secret', name: 's' },
      secret({ token: 'b2xk' }),
      secret({ token: 'bmV3' }),
      [],
    );
    assert.match(text, /token/u);
    assert.doesNotMatch(text, /b2xk|bmV3/u);
  });
});
