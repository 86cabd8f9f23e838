import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSpecChange, requestedRefresh } from '../../../src/controller/app-events.js';

const app = (fields: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'capstan.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'a', namespace: 'n', generation: 1, resourceVersion: '1', ...metadata },
  spec: { source: { repoURL: 'x' } },
  ...fields,
});

describe('isSpecChange', () => {
  it('ignores status-only updates (the controller’s own writes)', () => {
    const before = app();
    const after = app(
      { status: { sync: { status: 'Synced' } } },
      { resourceVersion: '2', managedFields: [{}] },
    );
    assert.equal(isSpecChange(after, before), false);
  });
  it('sees a new generation, a refresh annotation, an operation and a deletion', () => {
    assert.ok(isSpecChange(app({}, { generation: 2 }), app()));
    assert.ok(isSpecChange(app({}, { annotations: { 'capstan.dev/refresh': 'normal' } }), app()));
    assert.ok(isSpecChange(app({ operation: { sync: {} } }), app()));
    assert.ok(isSpecChange(app({}, { deletionTimestamp: '2026-01-01T00:00:00Z' }), app()));
  });
});

describe('requestedRefresh', () => {
  it('reads capstan and argocd annotations, hard wins only when asked', () => {
    assert.equal(requestedRefresh(app()), undefined);
    assert.equal(
      requestedRefresh(app({}, { annotations: { 'capstan.dev/refresh': 'normal' } })),
      'normal',
    );
    assert.equal(
      requestedRefresh(app({}, { annotations: { 'capstan.dev/refresh': 'Hard' } })),
      'hard',
    );
    assert.equal(
      requestedRefresh(app({}, { annotations: { 'argocd.argoproj.io/refresh': 'hard' } })),
      'hard',
    );
  });
});
