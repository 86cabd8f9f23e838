import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetRevisionOf } from '../../../src/api/index.js';

describe('targetRevisionOf', () => {
  it('reads an absent, empty or blank targetRevision as HEAD, as Argo CD does', () => {
    assert.equal(targetRevisionOf({}), 'HEAD');
    assert.equal(targetRevisionOf({ targetRevision: '' }), 'HEAD');
    assert.equal(targetRevisionOf({ targetRevision: '  ' }), 'HEAD');
  });

  it('keeps a named revision, trimmed', () => {
    assert.equal(targetRevisionOf({ targetRevision: 'main' }), 'main');
    assert.equal(targetRevisionOf({ targetRevision: ' v1.2.0 ' }), 'v1.2.0');
  });
});
