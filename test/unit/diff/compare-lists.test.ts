/**
 * compareResource on lists, by how server-side apply merges them: keyed lists (containers,
 * env, ports, volumes…), atomic lists (args, command, tolerations), sets (finalizers) and
 * lists of unknown kind in custom resources.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareResource, type DiffResult } from '../../../src/diff/index.js';
import type { KubeObject } from '../../../src/model/index.js';

type Json = Record<string, unknown>;

/** A Deployment; `managedFields` (when given) makes Capstan's ownership known. */
function deployment(podSpec: Json, managedFields?: unknown[]): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', ...(managedFields ? { managedFields } : {}) },
    spec: { template: { spec: podSpec } },
  };
}

function capstanOwns(fieldsV1: Json): unknown[] {
  return [
    {
      manager: 'capstan',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      fieldsType: 'FieldsV1',
      fieldsV1,
    },
  ];
}

function containers(...items: Json[]): Json {
  return { containers: items };
}

function widget(spec: Json): KubeObject {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec };
}

function reasons(result: DiffResult): string[] {
  return result.differences.map((d) => `${d.path} ${d.reason}`);
}

describe('compareResource: keyed lists', () => {
  it('matches containers by name, whatever their order', () => {
    const desired = deployment(
      containers({ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:1' }),
    );
    const live = deployment(
      containers({ name: 'b', image: 'y:1' }, { name: 'a', image: 'x:1' }),
      [],
    );
    assert.equal(compareResource(desired, live).verdict, 'equal');
  });

  it('reports the changed field of the matched container, with the desired index', () => {
    const desired = deployment(
      containers({ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:2' }),
    );
    const live = deployment(
      containers({ name: 'b', image: 'y:1' }, { name: 'a', image: 'x:1' }),
      [],
    );
    const result = compareResource(desired, live);
    assert.equal(result.verdict, 'drift');
    assert.deepEqual(reasons(result), ['/spec/template/spec/containers/1/image value differs']);
  });

  it('reports a desired container live lacks as drift', () => {
    const desired = deployment(containers({ name: 'a', image: 'x' }, { name: 'b', image: 'y' }));
    const result = compareResource(desired, deployment(containers({ name: 'a', image: 'x' }), []));
    assert.deepEqual(reasons(result), ['/spec/template/spec/containers/1 missing in live']);
    assert.equal(result.verdict, 'drift');
  });

  it('sends live items of unknown ownership to a dry-run (another manager may own them)', () => {
    const desired = deployment(containers({ name: 'a', image: 'x' }));
    const live = deployment(
      containers({ name: 'a', image: 'x' }, { name: 'sidecar', image: 'proxy' }),
    );
    const result = compareResource(desired, live);
    assert.equal(result.verdict, 'needsDryRun');
    assert.deepEqual(reasons(result), [
      '/spec/template/spec/containers/1 extra list items in live',
    ]);
  });

  it('accepts live items managedFields show Capstan does not own (an apply keeps them)', () => {
    const desired = deployment(containers({ name: 'a', image: 'x' }));
    const owned = capstanOwns({
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:name': {}, 'f:image': {} } },
          },
        },
      },
    });
    const live = deployment(
      containers({ name: 'a', image: 'x' }, { name: 'sidecar', image: 'proxy' }),
      owned,
    );
    assert.equal(compareResource(desired, live).verdict, 'equal');
  });

  it('sends a live item Capstan applied before and desired dropped to a dry-run', () => {
    const desired = deployment(containers({ name: 'a', image: 'x' }));
    const owned = capstanOwns({
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"a"}': { '.': {}, 'f:name': {}, 'f:image': {} },
              'k:{"name":"old"}': { '.': {}, 'f:name': {}, 'f:image': {} },
            },
          },
        },
      },
    });
    const live = deployment(
      containers({ name: 'a', image: 'x' }, { name: 'old', image: 'y' }),
      owned,
    );
    const result = compareResource(desired, live);
    assert.equal(result.verdict, 'needsDryRun');
    assert.deepEqual(reasons(result), [
      '/spec/template/spec/containers/1 applied before, removed from desired',
    ]);
  });

  it('cannot trust ownership recorded for another apiVersion', () => {
    const desired = deployment(containers({ name: 'a', image: 'x' }));
    const owned = [
      { manager: 'capstan', operation: 'Apply', apiVersion: 'apps/v1beta2', fieldsV1: {} },
    ];
    const live = deployment(
      containers({ name: 'a', image: 'x' }, { name: 'sidecar', image: 'proxy' }),
      owned,
    );
    assert.equal(compareResource(desired, live).verdict, 'needsDryRun');
  });

  it('sends extra items of a list Capstan owns whole to a dry-run', () => {
    const desired = deployment(containers({ name: 'a', image: 'x' }));
    const owned = capstanOwns({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': {} } } } });
    const live = deployment(
      containers({ name: 'a', image: 'x' }, { name: 'b', image: 'y' }),
      owned,
    );
    assert.equal(compareResource(desired, live).verdict, 'needsDryRun');
  });

  it('matches env by name and volumeMounts by mountPath', () => {
    const desired = deployment(
      containers({
        name: 'a',
        env: [
          { name: 'B', value: '2' },
          { name: 'A', value: '1' },
        ],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      }),
    );
    const live = deployment(
      containers({
        name: 'a',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: false }],
      }),
      [],
    );
    assert.equal(compareResource(desired, live).verdict, 'equal');
    const changed = deployment(containers({ name: 'a', env: [{ name: 'B', value: '3' }] }));
    assert.deepEqual(reasons(compareResource(changed, live)), [
      '/spec/template/spec/containers/0/env/0/value value differs',
    ]);
  });

  it('matches container ports by containerPort and protocol, TCP when omitted', () => {
    const live = deployment(
      containers({
        name: 'a',
        ports: [
          { containerPort: 53, protocol: 'UDP' },
          { containerPort: 53, protocol: 'TCP' },
        ],
      }),
      [],
    );
    assert.equal(
      compareResource(deployment(containers({ name: 'a', ports: [{ containerPort: 53 }] })), live)
        .verdict,
      'equal',
    );
    const sctp = deployment(
      containers({ name: 'a', ports: [{ containerPort: 53, protocol: 'SCTP' }] }),
    );
    assert.equal(compareResource(sctp, live).verdict, 'drift');
  });

  it('matches Service ports by port and protocol', () => {
    const service = (ports: Json[], managedFields?: unknown[]): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', ...(managedFields ? { managedFields } : {}) },
      spec: { ports },
    });
    const live = service(
      [
        { name: 'b', port: 81, protocol: 'TCP', targetPort: 81 },
        { name: 'a', port: 80, protocol: 'TCP', targetPort: 80 },
      ],
      [],
    );
    assert.equal(
      compareResource(
        service([
          { name: 'a', port: 80 },
          { name: 'b', port: 81 },
        ]),
        live,
      ).verdict,
      'equal',
    );
    assert.equal(
      compareResource(service([{ name: 'a', port: 80, targetPort: 8080 }]), live).verdict,
      'drift',
    );
  });

  it('sends an item without its key, a duplicate key or a key of another type to a dry-run', () => {
    const live = deployment(containers({ name: 'a', env: [{ name: 'A', value: '1' }] }), []);
    const keyless = deployment(containers({ name: 'a', env: [{ value: '1' }] }));
    assert.equal(compareResource(keyless, live).verdict, 'needsDryRun');
    const duplicate = deployment(
      containers({
        name: 'a',
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '1' },
        ],
      }),
    );
    assert.equal(compareResource(duplicate, live).verdict, 'needsDryRun');
    const ports = deployment(containers({ name: 'a', ports: [{ containerPort: 80 }] }));
    const stringPort = deployment(
      containers({ name: 'a', ports: [{ containerPort: '80', protocol: 'TCP' }] }),
      [],
    );
    assert.equal(compareResource(ports, stringPort).verdict, 'needsDryRun');
  });

  it('matches volumes by name and imagePullSecrets by name', () => {
    const desired = deployment({
      volumes: [{ name: 'cfg', configMap: { name: 'c' } }],
      imagePullSecrets: [{ name: 'reg' }],
    });
    const live = deployment(
      {
        volumes: [{ name: 'cfg', configMap: { name: 'c', defaultMode: 420 } }],
        imagePullSecrets: [{ name: 'reg' }],
      },
      [],
    );
    assert.equal(compareResource(desired, live).verdict, 'equal');
    const other = deployment({ volumes: [{ name: 'cfg', configMap: { name: 'd' } }] });
    assert.equal(compareResource(other, live).verdict, 'drift');
  });
});

describe('compareResource: atomic lists', () => {
  it('reports reordered args as drift', () => {
    const result = compareResource(
      deployment(containers({ name: 'a', args: ['--b', '--a'] })),
      deployment(containers({ name: 'a', args: ['--a', '--b'] })),
    );
    assert.equal(result.verdict, 'drift');
  });

  it('reports a command of another length as drift, and an equal one as equal', () => {
    const live = deployment(containers({ name: 'a', command: ['sleep', '10'] }));
    assert.equal(
      compareResource(deployment(containers({ name: 'a', command: ['sleep'] })), live).verdict,
      'drift',
    );
    assert.equal(
      compareResource(deployment(containers({ name: 'a', command: ['sleep', '10'] })), live)
        .verdict,
      'equal',
    );
  });

  it('subset-compares the objects of an atomic list (server defaults inside items)', () => {
    const desired = deployment({ tolerations: [{ key: 'k', operator: 'Exists' }] });
    const live = deployment({ tolerations: [{ key: 'k', operator: 'Exists', effect: '' }] });
    assert.equal(compareResource(desired, live).verdict, 'equal');
    const longer = deployment({
      tolerations: [
        { key: 'k', operator: 'Exists' },
        { key: 'j', operator: 'Exists' },
      ],
    });
    assert.equal(compareResource(desired, longer).verdict, 'drift');
  });

  it('sends a longer live toleration list of a Pod to a dry-run (admission adds defaults)', () => {
    const pod = (tolerations: Json[]): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { tolerations },
    });
    const live = pod([
      { key: 'k', operator: 'Exists' },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    assert.equal(
      compareResource(pod([{ key: 'k', operator: 'Exists' }]), live).verdict,
      'needsDryRun',
    );
  });

  it('sends 80 against "80" inside an atomic list to a dry-run', () => {
    const live = deployment(containers({ name: 'a', args: ['80'] }));
    assert.equal(
      compareResource(deployment(containers({ name: 'a', args: [80] })), live).verdict,
      'needsDryRun',
    );
  });
});

describe('compareResource: lists of custom resources (kind unknown)', () => {
  it('treats an equal list as equal', () => {
    const spec = { rules: [{ host: 'a', port: 1 }], tags: ['x', 'y'] };
    assert.equal(
      compareResource(
        widget(spec),
        widget({ rules: [{ host: 'a', port: 1, weight: 5 }], tags: ['x', 'y'] }),
      ).verdict,
      'equal',
    );
  });

  it('sends reordered or extra items to a dry-run (a set or map would not change)', () => {
    assert.equal(
      compareResource(widget({ tags: ['x', 'y'] }), widget({ tags: ['y', 'x'] })).verdict,
      'needsDryRun',
    );
    assert.equal(
      compareResource(widget({ tags: ['x'] }), widget({ tags: ['x', 'y'] })).verdict,
      'needsDryRun',
    );
    const reordered = compareResource(
      widget({ rules: [{ host: 'a' }, { host: 'b' }] }),
      widget({ rules: [{ host: 'b' }, { host: 'a' }] }),
    );
    assert.equal(reordered.verdict, 'needsDryRun');
    assert.equal(
      compareResource(
        widget({ rules: [{ host: 'a' }] }),
        widget({ rules: [{ host: 'a' }, { host: 'b' }] }),
      ).verdict,
      'needsDryRun',
    );
  });

  it('reports a value live lacks anywhere as drift', () => {
    assert.equal(
      compareResource(widget({ tags: ['x', 'z'] }), widget({ tags: ['x', 'y'] })).verdict,
      'drift',
    );
    const result = compareResource(
      widget({ rules: [{ host: 'a', port: 2 }] }),
      widget({ rules: [{ host: 'a', port: 1 }] }),
    );
    assert.equal(result.verdict, 'drift');
    assert.deepEqual(reasons(result), ['/spec/rules/0/port value differs']);
  });

  it('does not call drift when the only candidate differs doubtfully (an item elsewhere is a type mismatch)', () => {
    const desired = widget({
      rules: [
        { name: 'a', port: 80 },
        { name: 'b', port: 90 },
      ],
    });
    const live = widget({
      rules: [
        { name: 'b', port: '90' },
        { name: 'a', port: 80 },
      ],
    });
    assert.equal(compareResource(desired, live).verdict, 'needsDryRun');
  });
});
