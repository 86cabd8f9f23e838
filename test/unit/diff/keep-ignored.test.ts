import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepIgnoredFieldsFromLive } from '../../../src/diff/index.js';
import type { KubeObject } from '../../../src/model/index.js';

const desired: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.27', env: [{ name: 'MODE', value: 'git' }] },
          { name: 'sidecar', image: 'envoy:1' },
        ],
      },
    },
  },
};

const live: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' }, uid: 'u-1' },
  spec: {
    replicas: 7,
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.25', env: [{ name: 'MODE', value: 'live' }] },
          { name: 'sidecar', image: 'envoy:2' },
        ],
      },
    },
  },
};

const specOf = (object: KubeObject) => object['spec'] as Record<string, unknown>;

describe('keepIgnoredFieldsFromLive', () => {
  it('takes a jsonPointers field from live and leaves everything else as Git has it', () => {
    const kept = keepIgnoredFieldsFromLive(desired, live, [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    ]);
    assert.equal(specOf(kept)['replicas'], 7);
    assert.deepEqual({ ...specOf(kept), replicas: 2 }, specOf(desired));
    assert.equal(specOf(desired)['replicas'], 2, 'the input is not changed');
    assert.equal((kept['metadata'] as Record<string, unknown>)['uid'], undefined);
  });

  it('takes every field a jq path selects from live, list items matched by the path', () => {
    const kept = keepIgnoredFieldsFromLive(desired, live, [
      {
        group: 'apps',
        kind: 'Deployment',
        jqPathExpressions: [
          '.spec.template.spec.containers[] | select(.name == "sidecar") | .image',
        ],
      },
    ]);
    const containers = (
      specOf(kept)['template'] as { spec: { containers: { name: string; image: string }[] } }
    ).spec.containers;
    assert.deepEqual(
      containers.map((c) => `${c.name}=${c.image}`),
      ['web=nginx:1.27', 'sidecar=envoy:2'],
    );
  });

  it('leaves out an ignored field the live object does not have', () => {
    const withoutReplicas = { ...live, spec: { ...specOf(live) } };
    delete (withoutReplicas.spec as Record<string, unknown>)['replicas'];
    const kept = keepIgnoredFieldsFromLive(desired, withoutReplicas, [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    ]);
    assert.equal(Object.hasOwn(specOf(kept), 'replicas'), false);
  });

  it('creates the path to a field only live has, and ignores rules for other objects', () => {
    const labelled = {
      ...live,
      metadata: { ...(live['metadata'] as object), annotations: { 'hpa/last': 'x' } },
    };
    const kept = keepIgnoredFieldsFromLive(desired, labelled, [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/metadata/annotations/hpa~1last'] },
      { group: 'apps', kind: 'Deployment', name: 'other', jsonPointers: ['/spec/replicas'] },
      { kind: 'ConfigMap', jsonPointers: ['/spec/replicas'] },
    ]);
    assert.deepEqual((kept['metadata'] as Record<string, unknown>)['annotations'], {
      'hpa/last': 'x',
    });
    assert.equal(specOf(kept)['replicas'], 2);
  });
});
