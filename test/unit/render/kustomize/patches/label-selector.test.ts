import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileLabelSelector } from '../../../../../src/render/kustomize/patches/index.js';

const labels = { app: 'web', tier: 'fe', n: '5' };

describe('compileLabelSelector', () => {
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web,tier=fe', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['n>4', true],
    ['n<4', false],
    [' app = web , tier ', true],
    ['tier in (,fe)', true],
  ];
  for (const [selector, expected] of cases) {
    it(`${expected ? 'matches' : 'does not match'} "${selector}"`, () => {
      assert.equal(compileLabelSelector(selector)(labels), expected);
    });
  }

  for (const bad of [
    'app=we b',
    'a,',
    'app in web',
    'n>x',
    '-bad',
    'x/y/z',
    'app=web=x',
    '!app=x',
    ',',
  ]) {
    it(`refuses "${bad}"`, () => {
      assert.throws(() => compileLabelSelector(bad));
    });
  }
});
