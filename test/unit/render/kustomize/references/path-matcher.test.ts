import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CREATED_SCALAR,
  matchPath,
  readSlot,
  type CreateKind,
} from '../../../../../src/render/kustomize/references/path-matcher.js';

function match(
  obj: Record<string, unknown>,
  path: string[],
  create: CreateKind = 'none',
): unknown[] {
  return matchPath({ holder: { root: obj }, key: 'root' }, path, create).map(readSlot);
}

describe('matchPath (replacement targets)', () => {
  const containers = (): Record<string, unknown> => ({
    containers: [
      { name: 'app', image: 'a:1', env: [{ name: 'X', value: '1' }] },
      { name: 'app-sidecar', image: 's:1' },
    ],
  });

  it('reaches every element through * and every match of an unanchored [key=regex]', () => {
    assert.deepEqual(match(containers(), ['containers', '*', 'image']), ['a:1', 's:1']);
    assert.deepEqual(match(containers(), ['containers', '[name=app]', 'image']), ['a:1', 's:1']);
    assert.deepEqual(match(containers(), ['containers', '[name=^app$]', 'image']), ['a:1']);
  });

  it('finds nothing for missing fields unless told to create them', () => {
    assert.deepEqual(match(containers(), ['containers', '0', 'command']), []);
    const obj = containers();
    assert.deepEqual(match(obj, ['containers', '0', 'command'], 'scalar'), [CREATED_SCALAR]);
    assert.ok('command' in ((obj['containers'] as Record<string, unknown>[])[0] ?? {}));
  });

  it('creates intermediate maps, lists and [key=value] elements', () => {
    const obj: Record<string, unknown> = {};
    match(obj, ['spec', 'env', '[name=PORT]', 'value'], 'scalar');
    assert.deepEqual(obj, { spec: { env: [{ name: 'PORT', value: CREATED_SCALAR }] } });
  });

  it('appends at index == length when creating, and refuses indexes beyond it', () => {
    const obj: Record<string, unknown> = { list: ['a'] };
    assert.deepEqual(match(obj, ['list', '1'], 'scalar'), [CREATED_SCALAR]);
    assert.throws(
      () => match({ list: [] }, ['list', '2'], 'scalar'),
      /index 2 specified but only 0 elements found/u,
    );
  });

  it('refuses a * over a mapping', () => {
    assert.throws(() => match({ m: { a: 1 } }, ['m', '*']), /expected SequenceNode/u);
  });
});
