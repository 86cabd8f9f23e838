import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HealthStatusCode,
  OperationPhase,
  ResultCode,
  SyncPhase,
  SyncStatusCode,
  parseDuration,
  readSyncOption,
  syncOptionsKnown,
  validateApplication,
} from '../../../src/api/index.js';
import { completeAppProject, completeApplication } from './complete-resources.js';
import { readCrd, readYamlFixtures } from './fixture-files.js';
import {
  type SchemaNode,
  compareWithSchema,
  listStructuralProblems,
  visitSchema,
} from './schema-walk.js';

interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  priority?: number;
}
interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  subresources?: { status?: unknown };
  additionalPrinterColumns?: PrinterColumn[];
  schema: { openAPIV3Schema: SchemaNode };
}
interface Crd {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string; singular: string; shortNames?: string[] };
    versions: CrdVersion[];
  };
}

const applicationCrd = readCrd('applications.capstan.dev.yaml') as Crd;
const appProjectCrd = readCrd('appprojects.capstan.dev.yaml') as Crd;

function onlyVersion(crd: Crd): CrdVersion {
  assert.equal(crd.spec.versions.length, 1);
  const version = crd.spec.versions[0];
  assert.ok(version !== undefined);
  return version;
}

const applicationSchema = onlyVersion(applicationCrd).schema.openAPIV3Schema;
const appProjectSchema = onlyVersion(appProjectCrd).schema.openAPIV3Schema;

/** The node at a dotted path such as `spec.source.kustomize` (list items: `spec.ignoreDifferences[]`). */
function schemaAt(root: SchemaNode, path: string): SchemaNode {
  let node: SchemaNode | undefined = root;
  for (const part of path.split('.')) {
    const isItems = part.endsWith('[]');
    node = node?.properties?.[isItems ? part.slice(0, -2) : part];
    if (isItems) node = node?.items;
  }
  assert.ok(node !== undefined, `no schema at ${path}`);
  return node;
}

/** The object without `metadata`, which the CRD schema leaves to the apiserver. */
function withoutMetadata(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'metadata'));
}

/** The root schema without `metadata`, to compare with `withoutMetadata` values. */
function withoutMetadataSchema(root: SchemaNode): SchemaNode {
  return {
    ...root,
    properties: withoutMetadata(root.properties ?? {}) as Record<string, SchemaNode>,
  };
}

/** The regular expression of the first `self.matches(r'...')` rule on a node. */
function celRegex(node: SchemaNode): RegExp {
  const rule = node['x-kubernetes-validations']?.[0]?.rule ?? '';
  const source = /self\.matches\(r'(.*)'\)/u.exec(rule)?.[1];
  assert.ok(source !== undefined, `no matches() rule in ${rule}`);
  return new RegExp(source, 'u');
}

describe('the CRD files', () => {
  it('define capstan.dev/v1alpha1 Application and AppProject, namespaced, served and stored', () => {
    for (const [crd, kind, plural] of [
      [applicationCrd, 'Application', 'applications'],
      [appProjectCrd, 'AppProject', 'appprojects'],
    ] as const) {
      assert.equal(crd.apiVersion, 'apiextensions.k8s.io/v1');
      assert.equal(crd.kind, 'CustomResourceDefinition');
      assert.equal(crd.metadata.name, `${plural}.capstan.dev`);
      assert.equal(crd.spec.group, 'capstan.dev');
      assert.equal(crd.spec.scope, 'Namespaced');
      assert.equal(crd.spec.names.kind, kind);
      assert.equal(crd.spec.names.plural, plural);
      const version = onlyVersion(crd);
      assert.deepEqual([version.name, version.served, version.storage], ['v1alpha1', true, true]);
    }
  });

  it('give the short names capp, capps and cproj', () => {
    assert.deepEqual(applicationCrd.spec.names.shortNames, ['capp', 'capps']);
    assert.deepEqual(appProjectCrd.spec.names.shortNames, ['cproj']);
  });

  it('give Application a status subresource and the columns Sync, Health, Revision, Age', () => {
    const version = onlyVersion(applicationCrd);
    assert.deepEqual(version.subresources, { status: {} });
    const columns = (version.additionalPrinterColumns ?? []).map((c) => [
      c.name,
      c.type,
      c.jsonPath,
    ]);
    assert.deepEqual(columns, [
      ['Sync', 'string', '.status.sync.status'],
      ['Health', 'string', '.status.health.status'],
      ['Revision', 'string', '.status.sync.shortRevision'],
      ['Age', 'date', '.metadata.creationTimestamp'],
    ]);
    for (const column of version.additionalPrinterColumns ?? []) {
      if (column.jsonPath.startsWith('.status.'))
        schemaAt(applicationSchema, column.jsonPath.slice(1));
    }
  });

  it('are structural schemas', () => {
    assert.deepEqual(listStructuralProblems(applicationSchema), []);
    assert.deepEqual(listStructuralProblems(appProjectSchema), []);
  });

  it('require spec, source, repoURL and destination, and the keys of list entries', () => {
    const required = (path: string) =>
      [...(schemaAt(applicationSchema, path).required ?? [])].sort();
    assert.deepEqual(applicationSchema.required, ['spec']);
    assert.deepEqual(required('spec'), ['destination', 'source']);
    assert.deepEqual(required('spec.source'), ['repoURL']);
    assert.deepEqual(required('spec.source.kustomize.replicas[]'), ['count', 'name']);
    assert.deepEqual(required('spec.ignoreDifferences[]'), ['kind']);
    assert.deepEqual(required('operation.sync.resources[]'), ['kind', 'name']);
    assert.deepEqual(required('status.conditions[]'), ['message', 'type']);
    for (const list of ['clusterResourceWhitelist', 'namespaceResourceBlacklist']) {
      assert.deepEqual(schemaAt(appProjectSchema, `spec.${list}[]`).required, ['group', 'kind']);
    }
  });

  it('keep unknown spec fields so that validation can report them instead of losing them', () => {
    for (const path of [
      'spec',
      'spec.source',
      'spec.source.directory',
      'spec.source.kustomize',
      'spec.syncPolicy',
      'spec.syncPolicy.automated',
      'operation',
      'operation.sync',
    ]) {
      assert.equal(
        schemaAt(applicationSchema, path)['x-kubernetes-preserve-unknown-fields'],
        true,
        path,
      );
    }
    assert.equal(
      appProjectSchema.properties?.['spec']?.['x-kubernetes-preserve-unknown-fields'],
      true,
    );
    assert.equal(
      applicationSchema.properties?.['status']?.['x-kubernetes-preserve-unknown-fields'],
      undefined,
    );
  });

  it('use the status enums of the TypeScript types', () => {
    const enumAt = (path: string) => schemaAt(applicationSchema, path).enum;
    assert.deepEqual(enumAt('status.sync.status'), Object.values(SyncStatusCode));
    assert.deepEqual(enumAt('status.resources[].status'), Object.values(SyncStatusCode));
    assert.deepEqual(enumAt('status.health.status'), Object.values(HealthStatusCode));
    assert.deepEqual(enumAt('status.resources[].health.status'), Object.values(HealthStatusCode));
    assert.deepEqual(enumAt('status.operationState.phase'), Object.values(OperationPhase));
    assert.deepEqual(
      enumAt('status.operationState.syncResult.resources[].status'),
      Object.values(ResultCode),
    );
    assert.deepEqual(
      enumAt('status.operationState.syncResult.resources[].syncPhase'),
      Object.values(SyncPhase),
    );
    assert.deepEqual(
      enumAt('status.operationState.syncResult.resources[].hookType'),
      Object.values(SyncPhase),
    );
  });
});

describe('the CRD schemas and the TypeScript types', () => {
  it('have the same Application fields in both directions', () => {
    const schema = withoutMetadataSchema(applicationSchema);
    const problems = compareWithSchema(withoutMetadata(completeApplication), schema, '', {
      exhaustive: true,
    });
    assert.deepEqual(problems, []);
  });

  it('have the same AppProject fields in both directions', () => {
    const schema = withoutMetadataSchema(appProjectSchema);
    const problems = compareWithSchema(withoutMetadata(completeAppProject), schema, '', {
      exhaustive: true,
    });
    assert.deepEqual(problems, []);
  });

  it('are known to validation, which reports no unknown or mistyped field in a complete Application', () => {
    const result = validateApplication(completeApplication);
    assert.equal(result.ok, false);
    // The complete object sets both destination server and name; that is its only fault.
    assert.deepEqual(
      result.errors.map((e) => e.field),
      ['spec.destination'],
    );
  });

  for (const fixture of readYamlFixtures('valid')) {
    it(`fit valid/${fixture.name}: every field exists in the CRD with its type and enum`, () => {
      const document = fixture.document as { kind: string };
      const schema = document.kind === 'AppProject' ? appProjectSchema : applicationSchema;
      const problems = compareWithSchema(withoutMetadata(document), schema, '', {
        exhaustive: false,
      });
      assert.deepEqual(problems, []);
    });
  }
});

describe('the CEL rules of the Application CRD', () => {
  const rules = visitSchema(applicationSchema).flatMap((visited) =>
    (visited.node['x-kubernetes-validations'] ?? []).map((rule) => ({ ...visited, rule })),
  );

  it('exist for destination, sync options, durations and targetRevision', () => {
    assert.deepEqual([...new Set(rules.map((r) => r.path))].sort(), [
      'operation.retry.backoff.duration',
      'operation.retry.backoff.maxDuration',
      'operation.sync.source.targetRevision',
      'operation.sync.syncOptions',
      'spec.destination',
      'spec.source.targetRevision',
      'spec.syncPolicy.retry.backoff.duration',
      'spec.syncPolicy.retry.backoff.maxDuration',
      'spec.syncPolicy.syncOptions',
    ]);
  });

  it('name their field at the start of their message', () => {
    for (const { path, rule } of rules) {
      assert.ok(rule.message?.startsWith(`${path}: `), `${path}: ${String(rule.message)}`);
    }
  });

  it('are bounded for the cost estimator: strings they scan have maxLength, lists above them maxItems', () => {
    for (const { node, path, lists, rule } of rules) {
      if (rule.rule.includes('matches('))
        assert.ok(node.maxLength !== undefined, `${path} maxLength`);
      for (const list of lists)
        assert.ok(list.maxItems !== undefined, `list above ${path} has no maxItems`);
    }
  });

  it('accept exactly the sync options that readSyncOption accepts', () => {
    const regex = celRegex(schemaAt(applicationSchema, 'spec.syncPolicy.syncOptions[]'));
    const operationRegex = celRegex(schemaAt(applicationSchema, 'operation.sync.syncOptions[]'));
    assert.equal(operationRegex.source, regex.source);
    const samples = Object.entries(syncOptionsKnown).flatMap(([key, values]) => [
      ...values.map((value) => `${key}=${value}`),
      `${key}=`,
      `${key}=True`,
      `${key}=on`,
      key,
      `${key}=true `,
    ]);
    samples.push(
      'Prune=false',
      'createNamespace=true',
      '=true',
      '',
      'CreateNamespace=true,PruneLast=true',
    );
    for (const sample of samples) {
      assert.equal(regex.test(sample), readSyncOption(sample).ok, JSON.stringify(sample));
    }
  });

  it('accept exactly the durations that parseDuration reads', () => {
    const samples = [
      '5s',
      '3m',
      '1h30m',
      '1.5h',
      '250ms',
      '10us',
      '10µs',
      '10μs',
      '10ns',
      '30',
      '0',
      '',
      '5',
      '-3m',
      '+3m',
      '1d',
      '.5s',
      '5.s',
      '5 s',
      'h',
      '1h 30m',
      '3M',
      '5sec',
    ];
    for (const path of ['spec.syncPolicy.retry.backoff', 'operation.retry.backoff']) {
      for (const field of ['duration', 'maxDuration']) {
        const regex = celRegex(schemaAt(applicationSchema, `${path}.${field}`));
        for (const sample of samples) {
          assert.equal(
            regex.test(sample),
            parseDuration(sample) !== undefined,
            `${field} ${sample}`,
          );
        }
      }
    }
  });

  it('refuse a targetRevision with whitespace, as validation does, and allow an empty one', () => {
    const node = schemaAt(applicationSchema, 'spec.source.targetRevision');
    const source = /^!self\.matches\(r'(.*)'\)$/u.exec(
      node['x-kubernetes-validations']?.[0]?.rule ?? '',
    )?.[1];
    assert.ok(source !== undefined);
    const regex = new RegExp(source, 'u');
    for (const revision of ['release 1.2', ' main', 'main\t', '', 'HEAD', 'v1.2.3', 'a1b2c3d']) {
      const result = validateApplication({
        metadata: { name: 'a' },
        spec: {
          source: { repoURL: 'https://git.example.com/a.git', targetRevision: revision },
          destination: { name: 'in-cluster' },
        },
      });
      assert.equal(result.ok, !regex.test(revision), JSON.stringify(revision));
    }
  });
});
