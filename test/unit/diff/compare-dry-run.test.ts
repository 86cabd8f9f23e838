/** compareDryRun: settling a doubtful comparison with the server's dry-run apply result. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareDryRun } from '../../../src/diff/index.js';
import type { KubeObject } from '../../../src/model/index.js';

function configMap(metadata: Record<string, unknown>, data: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'shop', ...metadata },
    data,
  };
}

const live = configMap(
  {
    uid: 'u1',
    resourceVersion: '10',
    generation: 1,
    creationTimestamp: '2024-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl', operation: 'Update' }],
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  },
  { a: '1' },
);

describe('compareDryRun', () => {
  it('is equal when only volatile metadata, stamps, last-applied and status differ', () => {
    const result = configMap(
      {
        uid: 'u1',
        resourceVersion: '11',
        generation: 2,
        creationTimestamp: '2024-01-01T00:00:00Z',
        managedFields: [{ manager: 'capstan', operation: 'Apply' }],
        labels: { 'app.kubernetes.io/managed-by': 'capstan' },
        annotations: { 'capstan.dev/tracking-id': 'capstan-system_a:/ConfigMap:shop/c' },
      },
      { a: '1' },
    );
    const withStatus = { ...result, status: { observed: true } };
    const verdict = compareDryRun(result, live, withStatus);
    assert.deepEqual(verdict, { verdict: 'equal', differences: [] });
  });

  it('is drift with the differing paths when content changes', () => {
    const changed = configMap({ uid: 'u1', labels: { team: 'x' } }, { a: '2', b: '' });
    const result = compareDryRun(changed, live, changed);
    assert.equal(result.verdict, 'drift');
    // The last-applied annotation live has and the result lacks is not content either.
    assert.deepEqual(result.differences.map((d) => [d.path, d.reason]).sort(), [
      ['/data/a', 'value differs'],
      ['/data/b', 'added by apply'],
      ['/metadata/labels/team', 'added by apply'],
    ]);
  });

  it('reports a field the apply removes', () => {
    const result = compareDryRun(
      live,
      configMap({}, { a: '1', gone: 'x' }),
      configMap({}, { a: '1' }),
    );
    assert.deepEqual(
      result.differences.map((d) => [d.path, d.reason]),
      [['/data/gone', 'removed by apply']],
    );
  });

  it('treats absent, null, [] and {} alike but not an empty string', () => {
    const before = { ...configMap({}, { a: '1' }), spec: { list: [], map: {} } };
    const after = { ...configMap({}, { a: '1' }), spec: { nothing: null } };
    assert.equal(compareDryRun(after, before, after).verdict, 'equal');
    const empty = configMap({}, { a: '1', e: '' });
    assert.equal(compareDryRun(empty, configMap({}, { a: '1' }), empty).verdict, 'drift');
  });

  it('compares lists by position', () => {
    const before = { ...configMap({}, {}), spec: { args: ['a', 'b'] } };
    const after = { ...configMap({}, {}), spec: { args: ['b', 'a'] } };
    assert.equal(compareDryRun(after, before, after).verdict, 'drift');
    const longer = { ...configMap({}, {}), spec: { args: ['a', 'b', 'c'] } };
    assert.deepEqual(
      compareDryRun(longer, before, longer).differences.map((d) => d.path),
      ['/spec/args'],
    );
  });

  it('removes ignored fields from both sides, reading managers from the live object', () => {
    const deployment = (replicas: number, manager: string): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        managedFields: [
          {
            manager,
            operation: 'Update',
            apiVersion: 'apps/v1',
            fieldsV1: { 'f:spec': { 'f:replicas': {} } },
          },
        ],
      },
      spec: { replicas },
    });
    // The dry-run result shows capstan as the new owner; the rule reads the live owner.
    const before = deployment(5, 'hpa');
    const after = deployment(2, 'capstan');
    const rules = [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['hpa'] }];
    assert.equal(compareDryRun(after, before, after).verdict, 'drift');
    assert.equal(
      compareDryRun(after, before, after, { ignoreDifferences: rules }).verdict,
      'equal',
    );
    const pointer = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }];
    assert.equal(
      compareDryRun(after, before, after, { ignoreDifferences: pointer }).verdict,
      'equal',
    );
  });

  it('never reveals Secret values', () => {
    const secret = (value: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { p: value },
    });
    const result = compareDryRun(secret('YQ=='), secret('Yg=='), secret('YQ=='));
    assert.equal(result.verdict, 'drift');
    assert.deepEqual(result.differences, [{ path: '/data/p', reason: 'value differs' }]);
  });
});
