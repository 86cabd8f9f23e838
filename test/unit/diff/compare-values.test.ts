/**
 * compareResource on values the API server normalises or keeps as given: quantities,
 * int-or-string, Secret data and stringData, ConfigMap binaryData.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareResource } from '../../../src/diff/index.js';
import type { KubeObject } from '../../../src/model/index.js';

function withResources(resources: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx', resources }] } } },
  };
}

function quota(hard: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'q', namespace: 'shop' },
    spec: { hard },
  };
}

function secret(fields: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'shop' },
    ...fields,
  };
}

describe('compareResource: quantities', () => {
  for (const [desired, live] of [
    ['1000m', '1'],
    [0.5, '500m'],
    ['0.5', '500m'],
    [1, '1'],
    ['1Gi', '1024Mi'],
    ['1e3', '1k'],
    ['1E3', '1k'],
    ['128974848', '123Mi'],
    ['0.125Gi', '128Mi'],
  ] as const) {
    it(`treats limits ${JSON.stringify(desired)} and live ${JSON.stringify(live)} as equal`, () => {
      const result = compareResource(
        withResources({ limits: { cpu: desired } }),
        withResources({ limits: { cpu: live } }),
      );
      assert.equal(result.verdict, 'equal', JSON.stringify(result.differences));
    });
  }

  for (const [desired, live] of [
    ['1001m', '1'],
    ['1G', '1Gi'],
    [2, '1'],
    ['1Ki', '1k'],
  ] as const) {
    it(`reports limits ${JSON.stringify(desired)} against live ${JSON.stringify(live)} as drift`, () => {
      const result = compareResource(
        withResources({ requests: { memory: desired } }),
        withResources({ requests: { memory: live } }),
      );
      assert.equal(result.verdict, 'drift');
      assert.equal(result.differences[0]?.reason, 'quantity differs');
    });
  }

  it('reports a resource live lacks as drift', () => {
    const result = compareResource(
      withResources({ limits: { cpu: '1', memory: '1Gi' } }),
      withResources({ limits: { cpu: '1' } }),
    );
    assert.equal(result.verdict, 'drift');
  });

  it('compares ResourceQuota hard values as quantities', () => {
    assert.equal(
      compareResource(
        quota({ 'requests.cpu': 4, pods: '10' }),
        quota({ 'requests.cpu': '4', pods: '10' }),
      ).verdict,
      'equal',
    );
    assert.equal(
      compareResource(quota({ 'limits.memory': '8Gi' }), quota({ 'limits.memory': '8G' })).verdict,
      'drift',
    );
  });

  it('compares PersistentVolume capacity and LimitRange bounds as quantities', () => {
    const pv = (storage: unknown): KubeObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv' },
      spec: { capacity: { storage } },
    });
    assert.equal(compareResource(pv('10240Mi'), pv('10Gi')).verdict, 'equal');
    const limitRange = (max: unknown): KubeObject => ({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'l', namespace: 'shop' },
      spec: { limits: [{ type: 'Container', max: { cpu: max } }] },
    });
    assert.equal(compareResource(limitRange('2000m'), limitRange('2')).verdict, 'equal');
    assert.equal(compareResource(limitRange('3'), limitRange('2')).verdict, 'drift');
  });

  it('does not treat quantity-looking text outside quantity fields as a quantity', () => {
    const configMap = (value: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { limit: value },
    });
    assert.equal(compareResource(configMap('1000m'), configMap('1')).verdict, 'drift');
  });

  it('sends equal but differently spelled quantities of a custom resource to a dry-run', () => {
    const cr = (cpu: string): KubeObject => ({
      apiVersion: 'example.com/v1',
      kind: 'Runner',
      metadata: { name: 'r' },
      spec: { resources: { limits: { cpu } } },
    });
    assert.equal(compareResource(cr('1000m'), cr('1')).verdict, 'needsDryRun');
    assert.equal(compareResource(cr('2'), cr('1')).verdict, 'drift');
  });
});

describe('compareResource: int-or-string', () => {
  const service = (targetPort: unknown): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { ports: [{ port: 80, targetPort }] },
  });

  it('sends 8080 against "8080" to a dry-run, never drift', () => {
    assert.equal(compareResource(service('8080'), service(8080)).verdict, 'needsDryRun');
    assert.equal(compareResource(service(8080), service('8080')).verdict, 'needsDryRun');
  });

  it('treats equal ints and equal names as equal, and different names as drift', () => {
    assert.equal(compareResource(service(8080), service(8080)).verdict, 'equal');
    assert.equal(compareResource(service('http'), service('http')).verdict, 'equal');
    assert.equal(compareResource(service('http'), service('web')).verdict, 'drift');
  });

  it('sends maxSurge 1 against "25%" to a dry-run', () => {
    const rollout = (maxSurge: unknown): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { strategy: { rollingUpdate: { maxSurge } } },
    });
    assert.equal(compareResource(rollout(1), rollout('25%')).verdict, 'needsDryRun');
  });
});

describe('compareResource: Secret and binary data', () => {
  it('folds stringData into data before comparing', () => {
    const desired = secret({ stringData: { user: 'admin' }, data: { token: 'dG9rZW4=' } });
    const live = secret({ data: { user: 'YWRtaW4=', token: 'dG9rZW4=' }, type: 'Opaque' });
    assert.equal(compareResource(desired, live).verdict, 'equal');
  });

  it('lets stringData win over data for the same key, as the server does', () => {
    const desired = secret({ stringData: { user: 'admin' }, data: { user: 'b3RoZXI=' } });
    assert.equal(compareResource(desired, secret({ data: { user: 'YWRtaW4=' } })).verdict, 'equal');
  });

  it('encodes stringData as UTF-8', () => {
    const desired = secret({ stringData: { word: 'grüß' } });
    assert.equal(compareResource(desired, secret({ data: { word: 'Z3LDvMOf' } })).verdict, 'equal');
    assert.equal(compareResource(desired, secret({ data: { word: 'Z3J1c3M=' } })).verdict, 'drift');
  });

  it('reports a changed or missing key as drift without revealing values', () => {
    const result = compareResource(
      secret({ stringData: { user: 'root', extra: 'x' } }),
      secret({ data: { user: 'YWRtaW4=' } }),
    );
    assert.equal(result.verdict, 'drift');
    assert.deepEqual(
      result.differences.map((d) => [d.path, d.reason, d.desired, d.live]),
      [
        ['/data/user', 'value differs', undefined, undefined],
        ['/data/extra', 'missing in live', undefined, undefined],
      ],
    );
  });

  it('sends data that is not valid base64 to a dry-run', () => {
    assert.equal(
      compareResource(secret({ data: { a: 'not base64!' } }), secret({ data: { a: 'YQ==' } }))
        .verdict,
      'needsDryRun',
    );
  });

  it('compares ConfigMap binaryData as bytes', () => {
    const configMap = (value: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      binaryData: { b: value },
    });
    assert.equal(compareResource(configMap('AAEC'), configMap('AAEC')).verdict, 'equal');
    assert.equal(compareResource(configMap('AAEC'), configMap('AAED')).verdict, 'drift');
  });
});
