/**
 * ignoreDifferences: rule matching (Argo CD semantics), JSON pointers, the jq subset and
 * managedFieldsManagers, both through removeIgnoredFields and through compareResource.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceIgnoreDifferences } from '../../../src/api/index.js';
import {
  checkJqPathExpression,
  compareResource,
  matchesIgnoreRule,
  removeIgnoredFields,
} from '../../../src/diff/index.js';
import type { KubeObject } from '../../../src/model/index.js';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', annotations: { 'a/b': '1', 'x~y': '2', keep: '3' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        initContainers: [
          { name: 'istio-init', image: 'i' },
          { name: 'migrate', image: 'm' },
        ],
        containers: [
          { name: 'web', image: 'nginx', env: [{ name: 'A', value: '1' }] },
          { name: 'istio-proxy', image: 'p' },
        ],
      },
    },
  },
};

function rule(fields: Partial<ResourceIgnoreDifferences>): ResourceIgnoreDifferences {
  return { group: 'apps', kind: 'Deployment', ...fields };
}

function strip(fields: Partial<ResourceIgnoreDifferences>): KubeObject {
  return removeIgnoredFields(deployment, [rule(fields)]);
}

/** The value at a path of plain data, undefined where the path leads nowhere. */
function dig(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

const podSpecOf = (object: KubeObject, field: string): unknown =>
  dig(object, 'spec', 'template', 'spec', field);

function namesOf(list: unknown): string[] {
  return Array.isArray(list) ? list.map((item) => String(dig(item, 'name'))) : [];
}

describe('matchesIgnoreRule', () => {
  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'shop' },
  };

  it('matches the core group with an absent or empty group, and only it', () => {
    assert.equal(matchesIgnoreRule({ kind: 'ConfigMap' }, configMap), true);
    assert.equal(matchesIgnoreRule({ group: '', kind: 'ConfigMap' }, configMap), true);
    assert.equal(matchesIgnoreRule({ kind: 'Deployment' }, deployment), false);
    assert.equal(matchesIgnoreRule({ group: 'apps', kind: 'Deployment' }, deployment), true);
  });

  it('matches any name and namespace when they are absent, and exactly otherwise', () => {
    assert.equal(
      matchesIgnoreRule({ kind: 'ConfigMap', name: 'c', namespace: 'shop' }, configMap),
      true,
    );
    assert.equal(matchesIgnoreRule({ kind: 'ConfigMap', name: 'd' }, configMap), false);
    assert.equal(matchesIgnoreRule({ kind: 'ConfigMap', namespace: 'other' }, configMap), false);
  });

  it('accepts * globs', () => {
    assert.equal(matchesIgnoreRule({ group: '*', kind: '*' }, deployment), true);
    assert.equal(
      matchesIgnoreRule({ group: 'apps', kind: 'Deploy*', name: 'w*' }, deployment),
      true,
    );
    assert.equal(
      matchesIgnoreRule({ group: 'apps', kind: 'Deploy*', name: 'x*' }, deployment),
      false,
    );
  });
});

describe('removeIgnoredFields: JSON pointers', () => {
  it('removes a field and leaves the input untouched', () => {
    const before = JSON.stringify(deployment);
    const result = strip({ jsonPointers: ['/spec/replicas'] });
    assert.equal(dig(result, 'spec', 'replicas'), undefined);
    assert.equal(JSON.stringify(deployment), before);
  });

  it('decodes ~1 and ~0', () => {
    const result = strip({
      jsonPointers: ['/metadata/annotations/a~1b', '/metadata/annotations/x~0y'],
    });
    assert.deepEqual((result['metadata'] as Record<string, unknown>)['annotations'], { keep: '3' });
  });

  it('removes a list item by index and ignores pointers that lead nowhere or are malformed', () => {
    const result = strip({
      jsonPointers: [
        '/spec/template/spec/containers/1',
        '/spec/nothing/here',
        'spec/replicas',
        '/x~2',
      ],
    });
    assert.deepEqual(namesOf(podSpecOf(result, 'containers')), ['web']);
    assert.equal(dig(result, 'spec', 'replicas'), 3);
  });

  it('skips rules that do not match the object', () => {
    const result = removeIgnoredFields(deployment, [
      { kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    ]);
    assert.equal(dig(result, 'spec', 'replicas'), 3);
  });
});

describe('removeIgnoredFields: jq path expressions', () => {
  it('removes .a.b paths and ["quoted"] / ."quoted" keys', () => {
    assert.equal(
      dig(strip({ jqPathExpressions: ['.spec.replicas'] }), 'spec', 'replicas'),
      undefined,
    );
    const result = strip({
      jqPathExpressions: ['.metadata.annotations["a/b"]', '.metadata.annotations."x~y"'],
    });
    assert.deepEqual((result['metadata'] as Record<string, unknown>)['annotations'], { keep: '3' });
  });

  it('removes the items a select() picks', () => {
    const result = strip({
      jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "istio-proxy")'],
    });
    assert.deepEqual(namesOf(podSpecOf(result, 'containers')), ['web']);
  });

  it('supports startswith, !=, and/or, [N], []? and a path after select', () => {
    const prefixed = strip({
      jqPathExpressions: [
        '.spec.template.spec.initContainers[] | select(.name | startswith("istio"))',
      ],
    });
    assert.deepEqual(podSpecOf(prefixed, 'initContainers'), [{ name: 'migrate', image: 'm' }]);
    const others = strip({
      jqPathExpressions: ['.spec.template.spec.containers[] | select(.name != "web")'],
    });
    assert.equal(namesOf(podSpecOf(others, 'containers')).length, 1);
    const both = strip({
      jqPathExpressions: [
        '.spec.template.spec.containers[] | select(.name == "web" or .image == "p") | .image',
      ],
    });
    assert.deepEqual(podSpecOf(both, 'containers'), [
      { name: 'web', env: [{ name: 'A', value: '1' }] },
      { name: 'istio-proxy' },
    ]);
    const indexed = strip({
      jqPathExpressions: [
        '.spec.template.spec.containers[0].env[0].value',
        '.spec.webhooks[]?.clientConfig',
      ],
    });
    assert.deepEqual(dig(podSpecOf(indexed, 'containers'), 0, 'env'), [{ name: 'A' }]);
  });

  it('removes every item of .list[]', () => {
    const result = strip({ jqPathExpressions: ['.spec.template.spec.initContainers[]'] });
    assert.deepEqual(podSpecOf(result, 'initContainers'), []);
  });

  it('skips expressions outside the subset, which checkJqPathExpression reports', () => {
    const result = strip({ jqPathExpressions: ['.spec.replicas | tostring'] });
    assert.equal(dig(result, 'spec', 'replicas'), 3);
    assert.match(checkJqPathExpression('.spec.replicas | tostring') ?? '', /outside|expected/u);
  });
});

describe('checkJqPathExpression', () => {
  for (const good of [
    '.spec.replicas',
    '.metadata.annotations["example.com/x"]',
    '.spec.template.spec.containers[] | select(.name == "istio-proxy")',
    '.webhooks[]?.clientConfig.caBundle',
    '.spec.items[2]',
    '.spec.a[] | select(.name | endswith("-x") and .enabled == true)',
  ]) {
    it(`accepts ${good}`, () => {
      assert.equal(checkJqPathExpression(good), undefined);
    });
  }

  for (const bad of [
    'spec.replicas',
    '.',
    '.spec | length',
    '.a[-1]',
    '.a | select(.b > 1)',
    '.a["unterminated]',
    '..',
  ]) {
    it(`rejects ${JSON.stringify(bad)} with a message`, () => {
      const message = checkJqPathExpression(bad);
      assert.ok(message !== undefined && message.includes(bad), message);
    });
  }
});

describe('removeIgnoredFields: managedFieldsManagers', () => {
  const live: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      finalizers: ['a/b', 'c/d'],
      labels: { app: 'web', injected: 'yes' },
      managedFields: [
        {
          manager: 'injector',
          operation: 'Update',
          apiVersion: 'apps/v1',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': { 'f:injected': {} }, 'f:finalizers': { 'v:"c/d"': {} } },
            'f:spec': {
              'f:replicas': {},
              'f:template': {
                'f:spec': {
                  'f:containers': {
                    'k:{"name":"sidecar"}': { '.': {}, 'f:name': {}, 'f:image': {} },
                    'k:{"name":"web"}': {
                      'f:env': { 'k:{"name":"TRACE"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
                    },
                  },
                },
              },
            },
          },
        },
      ],
    },
    spec: {
      replicas: 5,
      template: {
        spec: {
          containers: [
            { name: 'web', image: 'nginx', env: [{ name: 'TRACE', value: '1' }] },
            { name: 'sidecar', image: 'proxy' },
          ],
        },
      },
    },
  };
  const managers = [rule({ managedFieldsManagers: ['injector'] })];

  it('removes fields, created items, set values and map keys the manager owns, keeping keys of shared items', () => {
    const result = removeIgnoredFields(live, managers, live);
    const metadata = result['metadata'] as Record<string, unknown>;
    assert.deepEqual(metadata['labels'], { app: 'web' });
    assert.deepEqual(metadata['finalizers'], ['a/b']);
    assert.equal(dig(result, 'spec', 'replicas'), undefined);
    assert.deepEqual(podSpecOf(result, 'containers'), [{ name: 'web', image: 'nginx', env: [] }]);
  });

  it('removes the same fields from the desired object, reading the live managedFields', () => {
    const desired: KubeObject = {
      ...live,
      metadata: { name: 'web', namespace: 'shop' },
      spec: { replicas: 2 },
    };
    assert.equal(dig(removeIgnoredFields(desired, managers, live), 'spec', 'replicas'), undefined);
  });

  it('makes compareResource ignore what the manager changed, but not the rest', () => {
    const desired: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    };
    assert.equal(compareResource(desired, live).verdict, 'drift');
    assert.equal(compareResource(desired, live, { ignoreDifferences: managers }).verdict, 'equal');
    const newImage = {
      ...desired,
      spec: {
        replicas: 2,
        template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } },
      },
    };
    assert.equal(compareResource(newImage, live, { ignoreDifferences: managers }).verdict, 'drift');
  });
});

describe('compareResource with ignoreDifferences', () => {
  const desired: KubeObject = {
    ...deployment,
    spec: { ...(deployment['spec'] as Record<string, unknown>), replicas: 1 },
  };

  it('ignores a field named by a rule for this object only', () => {
    assert.equal(compareResource(desired, deployment).verdict, 'drift');
    assert.equal(
      compareResource(desired, deployment, {
        ignoreDifferences: [rule({ jsonPointers: ['/spec/replicas'] })],
      }).verdict,
      'equal',
    );
    const otherName = rule({ name: 'api', jsonPointers: ['/spec/replicas'] });
    assert.equal(
      compareResource(desired, deployment, { ignoreDifferences: [otherName] }).verdict,
      'drift',
    );
  });

  it('ignores through jq as well', () => {
    const jq = rule({ jqPathExpressions: ['.spec.replicas'] });
    assert.equal(
      compareResource(desired, deployment, { ignoreDifferences: [jq] }).verdict,
      'equal',
    );
  });
});
