import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { InvalidSpecError } from '../../../src/model/index.js';
import { validateAppProject, validateApplication } from '../../../src/api/index.js';
import { type YamlFixture, readYamlFixtures } from './fixture-files.js';

function kindOf(document: unknown): unknown {
  return typeof document === 'object' && document !== null
    ? (document as Record<string, unknown>)['kind']
    : undefined;
}

/** Runs the validator the fixture's kind calls for. */
function validateFixture(fixture: YamlFixture) {
  const result =
    kindOf(fixture.document) === 'AppProject'
      ? validateAppProject(fixture.document)
      : validateApplication(fixture.document);
  return result;
}

/** `# expect: a, b` and `# expect-message: text` header lines of an invalid fixture. */
function readExpectations(text: string): { fields: string[]; message: string | undefined } {
  const fields = /^# expect: (.+)$/mu.exec(text)?.[1];
  assert.ok(fields !== undefined, 'an invalid fixture must start with "# expect: field, ..."');
  const message = /^# expect-message: (.+)$/mu.exec(text)?.[1];
  return { fields: fields.split(',').map((field) => field.trim()), message };
}

describe('validateApplication on fixtures', () => {
  for (const fixture of readYamlFixtures('valid')) {
    it(`accepts valid/${fixture.name} and returns its spec unchanged`, () => {
      const result = validateFixture(fixture);
      assert.ok(
        result.ok,
        `unexpected errors: ${result.ok ? '' : result.errors.map((e) => e.message).join('; ')}`,
      );
      const input = fixture.document as { spec: unknown };
      const output = 'app' in result ? result.app : result.project;
      assert.deepEqual(output.spec, input.spec);
    });
  }

  for (const fixture of readYamlFixtures('invalid')) {
    const expected = readExpectations(fixture.text);
    it(`rejects invalid/${fixture.name}, naming exactly ${expected.fields.join(', ')}`, () => {
      const result = validateFixture(fixture);
      assert.equal(result.ok, false, 'the fixture was accepted');
      const fields = result.errors.map((error) => error.field).sort();
      assert.deepEqual(
        fields,
        [...expected.fields].sort(),
        result.errors.map((e) => e.message).join('\n'),
      );
      for (const error of result.errors) {
        assert.ok(error instanceof InvalidSpecError);
        assert.ok(error.message.startsWith(`${error.field}: `), `subject first: ${error.message}`);
      }
      if (expected.message !== undefined) {
        const messages = result.errors.map((error) => error.message);
        assert.ok(
          messages.some((message) => message.includes(expected.message ?? '')),
          `no message contains "${expected.message}":\n${messages.join('\n')}`,
        );
      }
    });
  }
});

describe('validateApplication', () => {
  const base = parse(`
    apiVersion: capstan.dev/v1alpha1
    kind: Application
    metadata: {name: web, namespace: capstan-system}
    spec:
      source: {repoURL: https://git.example.com/org/deploy.git, path: web}
      destination: {server: https://kubernetes.default.svc, namespace: web}
  `) as Record<string, unknown>;

  it('lets through Argo CD fields left unset, as `argocd app get -o yaml` prints them, and drops them', () => {
    const exported = structuredClone(base);
    exported['spec'] = parse(`
      source:
        repoURL: https://git.example.com/org/deploy.git
        path: web
        directory: {recurse: true, jsonnet: {}}
        chart: ''
      sources: []
      destination: {server: https://kubernetes.default.svc, namespace: web}
      info: null
    `) as unknown;
    const result = validateApplication(exported);
    assert.ok(result.ok);
    assert.deepEqual(result.app.spec.source.directory, { recurse: true });
    assert.equal('sources' in result.app.spec, false);
    assert.equal('chart' in result.app.spec.source, false);
  });

  it('treats null as absent, as the apiserver prunes it', () => {
    const withNulls = structuredClone(base);
    withNulls['spec'] = parse(`
      project: ~
      source: {repoURL: https://git.example.com/org/deploy.git, kustomize: ~}
      destination: {server: https://kubernetes.default.svc, namespace: ~}
      syncPolicy: {automated: ~}
    `) as unknown;
    const result = validateApplication(withNulls);
    assert.ok(result.ok);
    assert.deepEqual(result.app.spec, {
      source: { repoURL: 'https://git.example.com/org/deploy.git' },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: {},
    });
  });

  it('fills in apiVersion and kind when a list response left them out', () => {
    const bare = structuredClone(base);
    delete bare['apiVersion'];
    delete bare['kind'];
    const result = validateApplication(bare);
    assert.ok(result.ok);
    assert.equal(result.app.apiVersion, 'capstan.dev/v1alpha1');
    assert.equal(result.app.kind, 'Application');
  });

  it('passes status through unchecked and returns a copy of spec that does not alias the input', () => {
    const withStatus = structuredClone(base);
    withStatus['status'] = { sync: { status: 'Synced' }, somethingNew: 1 };
    const result = validateApplication(withStatus);
    assert.ok(result.ok);
    assert.deepEqual(result.app.status, withStatus['status']);
    assert.notEqual(result.app.spec, withStatus['spec']);
  });

  it('refuses something that is not an object at all', () => {
    for (const input of [undefined, null, 'Application', [], 42]) {
      const result = validateApplication(input);
      assert.equal(result.ok, false);
      assert.deepEqual(
        result.errors.map((e) => e.field),
        ['Application'],
      );
    }
  });

  it('refuses an Application with kind AppProject', () => {
    const wrongKind = { ...structuredClone(base), kind: 'AppProject' };
    const result = validateApplication(wrongKind);
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.errors.map((e) => e.field),
      ['kind'],
    );
  });
});
