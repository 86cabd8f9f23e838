import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedCache } from '../../../src/controller/bounded-cache.js';

describe('BoundedCache', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.get('a'), 1); // a is now the most recent
    cache.set('c', 3);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
    assert.equal(cache.size, 2);
  });
  it('deletes entries by key predicate', () => {
    const cache = new BoundedCache<string, number>(10);
    for (const key of ['repo-a:1', 'repo-a:2', 'repo-b:1']) cache.set(key, 0);
    cache.deleteWhere((key) => key.startsWith('repo-a'));
    assert.equal(cache.size, 1);
    assert.equal(cache.get('repo-b:1'), 0);
  });
});
