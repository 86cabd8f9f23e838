import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Application, ApplicationSource, Operation } from '../../../../src/api/index.js';
import {
  isSameSourceApartFromRevision,
  refuseWhileAutomated,
  requestedSourceOf,
} from '../../../../src/sync/plan/index.js';

const SHA = '1f2e3d4c5b6a79880716253443526170819a0b1c';
const OLD = '9a8b7c6d5e4f30211203f4e5d6c7b8a990817263';
const source: ApplicationSource = {
  repoURL: 'https://git.example.com/deploy.git',
  targetRevision: 'main',
  path: 'apps/web',
};

function app(automated = false): Application {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web', namespace: 'capstan-system' },
    spec: {
      source,
      destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
      ...(automated ? { syncPolicy: { automated: { prune: true } } } : {}),
    },
  };
}

describe('requestedSourceOf', () => {
  it('is the app’s own target when the operation names nothing, or the compared SHA', () => {
    assert.equal(requestedSourceOf(app(), { sync: {} }, SHA), undefined);
    assert.equal(requestedSourceOf(app(), {}, SHA), undefined);
    assert.equal(requestedSourceOf(app(), { sync: { revision: SHA } }, SHA), undefined);
    // The same source with keys in another order is still the same source.
    const reordered = { path: 'apps/web', targetRevision: 'main', repoURL: source.repoURL };
    assert.equal(requestedSourceOf(app(), { sync: { source: reordered } }, SHA), undefined);
  });

  it('names spec.source at another revision', () => {
    assert.deepEqual(requestedSourceOf(app(), { sync: { revision: OLD } }, SHA), {
      ...source,
      targetRevision: OLD,
    });
    // A branch name differs from the compared SHA as text; the caller resolves it to decide.
    assert.deepEqual(requestedSourceOf(app(), { sync: { revision: 'main' } }, SHA), source);
  });

  it('takes a rollback’s source, at the operation’s revision when it has one', () => {
    const historySource = { ...source, path: 'apps/web-v1', targetRevision: 'v1' };
    assert.deepEqual(
      requestedSourceOf(app(), { sync: { revision: OLD, source: historySource } }, SHA),
      { ...historySource, targetRevision: OLD },
    );
    assert.deepEqual(
      requestedSourceOf(app(), { sync: { source: historySource } }, SHA),
      historySource,
    );
  });
});

describe('isSameSourceApartFromRevision', () => {
  it('ignores targetRevision only', () => {
    assert.equal(isSameSourceApartFromRevision(source, { ...source, targetRevision: OLD }), true);
    assert.equal(isSameSourceApartFromRevision(source, { ...source, path: 'apps/other' }), false);
    assert.equal(
      isSameSourceApartFromRevision(source, { ...source, kustomize: { namePrefix: 'a-' } }),
      false,
    );
  });
});

describe('refuseWhileAutomated', () => {
  const rollback: Operation = {
    sync: { revision: OLD, source },
    initiatedBy: { username: 'alice' },
  };
  const requested = { ...source, targetRevision: OLD };

  it('refuses a person’s sync to another revision while automated sync is on, saying why', () => {
    const message = refuseWhileAutomated(app(true), rollback, requested);
    assert.ok(message !== undefined);
    assert.match(message, new RegExp(`cannot sync to ${OLD}`));
    assert.match(message, /automated sync is enabled \(spec\.syncPolicy\.automated\)/);
    assert.match(message, /targetRevision main/);
  });

  it('lets it run without automated sync, as a dry run, or when automation started it', () => {
    assert.equal(refuseWhileAutomated(app(false), rollback, requested), undefined);
    const dryRun: Operation = { ...rollback, sync: { ...rollback.sync, dryRun: true } };
    assert.equal(refuseWhileAutomated(app(true), dryRun, requested), undefined);
    const automated: Operation = { sync: { revision: OLD }, initiatedBy: { automated: true } };
    assert.equal(refuseWhileAutomated(app(true), automated, requested), undefined);
  });
});
