import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Application, OperationState } from '../../../src/api/index.js';
import { decideAutomatedSync } from '../../../src/sync/plan/index.js';

function app(automated?: Record<string, boolean>): Application {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web', namespace: 'capstan-system' },
    spec: {
      source: { repoURL: 'https://git.example.com/deploy.git' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
      ...(automated ? { syncPolicy: { automated, retry: { limit: 2 } } } : {}),
    },
  };
}

const finished = (revision: string, phase: OperationState['phase']): OperationState => ({
  operation: { sync: { revision } },
  phase,
  syncResult: { revision },
});

describe('decideAutomatedSync', () => {
  it('never starts without syncPolicy.automated or when not OutOfSync', () => {
    assert.equal(
      decideAutomatedSync({
        app: app(),
        syncStatus: 'OutOfSync',
        revision: 'a',
        lastOperation: undefined,
      }).start,
      false,
    );
    assert.equal(
      decideAutomatedSync({
        app: app({}),
        syncStatus: 'Synced',
        revision: 'a',
        lastOperation: undefined,
      }).start,
      false,
    );
    assert.equal(
      decideAutomatedSync({
        app: app({}),
        syncStatus: 'Unknown',
        revision: 'a',
        lastOperation: undefined,
      }).start,
      false,
    );
  });

  it('syncs a new revision with the automated prune flag and the retry policy', () => {
    const decision = decideAutomatedSync({
      app: app({ prune: true }),
      syncStatus: 'OutOfSync',
      revision: 'b',
      lastOperation: finished('a', 'Succeeded'),
    });
    assert.ok(decision.start);
    assert.deepEqual(decision.operation, {
      sync: { revision: 'b', prune: true },
      initiatedBy: { automated: true },
      retry: { limit: 2 },
    });
    assert.equal(decision.selfHeal, false);
  });

  it('re-applies an already synced revision only with selfHeal', () => {
    const input = {
      syncStatus: 'OutOfSync',
      revision: 'a',
      lastOperation: finished('a', 'Succeeded'),
    };
    assert.equal(decideAutomatedSync({ ...input, app: app({}) }).start, false);
    const heal = decideAutomatedSync({ ...input, app: app({ selfHeal: true }) });
    assert.ok(heal.start);
    assert.equal(heal.selfHeal, true);
  });

  it('does not retry a failed revision by itself, even with selfHeal', () => {
    const decision = decideAutomatedSync({
      app: app({ selfHeal: true }),
      syncStatus: 'OutOfSync',
      revision: 'a',
      lastOperation: finished('a', 'Failed'),
    });
    assert.ok(!decision.start);
    assert.match(decision.reason, /ended Failed/u);
  });

  it('heals only the resources that are OutOfSync (never hooks); a new revision syncs all', () => {
    const resources = [
      { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web', status: 'OutOfSync' },
      { kind: 'ConfigMap', namespace: 'web', name: 'settings', status: 'Synced' },
      { kind: 'Namespace', name: 'web', status: 'OutOfSync' },
      { group: 'batch', kind: 'Job', namespace: 'web', name: 'migrate', hook: true },
      { kind: 'Secret', namespace: 'web', name: 'old', status: 'OutOfSync', requiresPruning: true },
    ] as const;
    const heal = decideAutomatedSync({
      app: app({ selfHeal: true, prune: true }),
      syncStatus: 'OutOfSync',
      revision: 'a',
      lastOperation: finished('a', 'Succeeded'),
      resources,
    });
    assert.ok(heal.start);
    assert.deepEqual(heal.operation.sync?.resources, [
      { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' },
      { kind: 'Namespace', name: 'web' },
      { kind: 'Secret', namespace: 'web', name: 'old' },
    ]);
    const next = decideAutomatedSync({
      app: app({ selfHeal: true }),
      syncStatus: 'OutOfSync',
      revision: 'b',
      lastOperation: finished('a', 'Succeeded'),
      resources,
    });
    assert.ok(next.start);
    assert.equal(next.operation.sync?.resources, undefined);
  });
});
