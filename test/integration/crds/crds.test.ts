import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const NS = 'capstan-system';

function application(name: string, spec: string): string {
  return `apiVersion: capstan.dev/v1alpha1
kind: Application
metadata: {name: ${name}, namespace: ${NS}}
spec:
${spec}`;
}

const SOURCE = '  source: {repoURL: https://git.example.com/org/deploy.git, path: apps/web}';
const DESTINATION = '  destination: {server: https://kubernetes.default.svc, namespace: web}';

/** Invalid Applications, and the field the apiserver's message must name. */
const INVALID_CASES: { name: string; spec: string; mentions: RegExp }[] = [
  { name: 'no-destination', spec: SOURCE, mentions: /spec\.destination: Required value/ },
  {
    name: 'server-and-name',
    spec: `${SOURCE}\n  destination: {server: https://kubernetes.default.svc, name: in-cluster, namespace: web}`,
    mentions: /spec\.destination: exactly one of server or name must be set/,
  },
  {
    name: 'neither-server-nor-name',
    spec: `${SOURCE}\n  destination: {namespace: web}`,
    mentions: /spec\.destination: exactly one of server or name must be set/,
  },
  {
    name: 'unknown-sync-option',
    spec: `${SOURCE}\n${DESTINATION}\n  syncPolicy: {syncOptions: [Prune=yes]}`,
    mentions: /spec\.syncPolicy\.syncOptions\[0\]/,
  },
  {
    name: 'sync-options-not-a-list',
    spec: `${SOURCE}\n${DESTINATION}\n  syncPolicy: {syncOptions: CreateNamespace=true}`,
    mentions: /spec\.syncPolicy\.syncOptions: Invalid value: "string".*must be of type array/,
  },
  {
    name: 'history-limit-not-a-number',
    spec: `${SOURCE}\n${DESTINATION}\n  revisionHistoryLimit: ten`,
    mentions: /spec\.revisionHistoryLimit: Invalid value: "string".*must be of type integer/,
  },
  {
    name: 'automated-prune-not-a-boolean',
    spec: `${SOURCE}\n${DESTINATION}\n  syncPolicy: {automated: {prune: "yes"}}`,
    mentions: /spec\.syncPolicy\.automated\.prune: Invalid value: "string".*must be of type boolean/,
  },
  {
    name: 'repo-url-missing',
    spec: `  source: {path: apps/web}\n${DESTINATION}`,
    mentions: /spec\.source\.repoURL: Required value/,
  },
  {
    name: 'bad-retry-duration',
    spec: `${SOURCE}\n${DESTINATION}\n  syncPolicy: {retry: {limit: 2, backoff: {duration: soon}}}`,
    mentions: /spec\.syncPolicy\.retry\.backoff\.duration/,
  },
];

describe('the Capstan CRDs on a real apiserver', () => {
  let cp: TestControlPlane;

  before(async () => {
    cp = await useControlPlane();
    // The valid fixtures include Argo CD manifests that keep their `argocd` namespace.
    for (const namespace of [NS, 'argocd']) {
      const ns = await kubectl(cp.kubeconfig, ['create', 'namespace', namespace]);
      assert.equal(ns.code, 0, ns.stderr);
    }
  });
  after(async () => {
    await cp.stop();
  });

  it('are Established and answer to their short names', async () => {
    const waited = await kubectl(cp.kubeconfig, ['wait', '--for=condition=Established', 'crd/applications.capstan.dev', 'crd/appprojects.capstan.dev', '--timeout=30s']);
    assert.equal(waited.code, 0, waited.stderr);
    for (const shortName of ['capp', 'capps', 'cproj']) {
      const listed = await kubectl(cp.kubeconfig, ['get', shortName, '-A']);
      assert.equal(listed.code, 0, `${shortName}: ${listed.stderr}`);
    }
  });

  it('accept the example Application and project and print Sync, Health, Revision and Age', async () => {
    const applied = await kubectl(cp.kubeconfig, ['apply', '-f', join(repoRoot, 'examples', 'applications')]);
    assert.equal(applied.code, 0, applied.stderr);
    const status = JSON.stringify({
      status: {
        sync: { status: 'Synced', revision: '3f5c2a9e0b7d4c1a8e6f2b9d0c3a5e7f1b2d4c6a', shortRevision: '3f5c2a9' },
        health: { status: 'Healthy' },
      },
    });
    const patched = await kubectl(cp.kubeconfig, ['-n', NS, 'patch', 'capp', 'guestbook', '--subresource=status', '--type=merge', '-p', status]);
    assert.equal(patched.code, 0, patched.stderr);
    const table = await kubectl(cp.kubeconfig, ['-n', NS, 'get', 'capp', 'guestbook']);
    const [header, row] = table.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/));
    assert.deepEqual(header, ['NAME', 'SYNC', 'HEALTH', 'REVISION', 'AGE']);
    assert.deepEqual(row?.slice(0, 4), ['guestbook', 'Synced', 'Healthy', '3f5c2a9']);
  });

  it('accept every valid API fixture in a server-side dry run', async () => {
    const dir = join(repoRoot, 'test', 'fixtures', 'api', 'valid');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const result = await kubectl(cp.kubeconfig, ['apply', '--dry-run=server', '-f', join(dir, file)]);
      assert.equal(result.code, 0, `${file}: ${result.stderr}`);
    }
  });

  for (const invalid of INVALID_CASES) {
    it(`reject an Application with ${invalid.name.replaceAll('-', ' ')}, naming the field`, async () => {
      const result = await kubectl(cp.kubeconfig, ['apply', '-f', '-'], application(invalid.name, invalid.spec));
      assert.notEqual(result.code, 0, 'the apiserver refused it');
      assert.match(result.stderr, invalid.mentions);
      const after = await kubectl(cp.kubeconfig, ['-n', NS, 'get', 'capp', invalid.name]);
      assert.match(after.stderr, /NotFound/);
    });
  }

  it('keep fields Capstan does not support so the controller can report them', async () => {
    const spec = `${SOURCE.replace('path: apps/web', 'path: apps/web, helm: {releaseName: web}')}\n${DESTINATION}`;
    const applied = await kubectl(cp.kubeconfig, ['apply', '-f', '-'], application('with-helm', spec));
    assert.equal(applied.code, 0, applied.stderr);
    const stored = await kubectl(cp.kubeconfig, ['-n', NS, 'get', 'capp', 'with-helm', '-o', 'jsonpath={.spec.source.helm.releaseName}']);
    assert.equal(stored.stdout, 'web');
  });
});
