/**
 * deploy/ renders the same with `kubectl kustomize` (what `kubectl apply -k` uses) and with
 * `capstan build` (Capstan's own engine, what the controller uses when deploy/ is synced
 * from Git), byte for byte — including crds/ pulled in from outside the kustomization root.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runCommand } from '../../helpers/kubectl.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CAPSTAN = `${ROOT}bin/capstan.js`;
const DIRS = [
  'deploy/base',
  'deploy/overlays/example',
  'test/fixtures/deploy/all-components',
  'test/fixtures/deploy/rbac',
];

describe('deploy/ renders like kubectl kustomize', () => {
  for (const dir of DIRS) {
    it(`capstan build ${dir} prints what kubectl kustomize prints`, async () => {
      const [reference, ours] = await Promise.all([
        runCommand('kubectl', ['kustomize', `${ROOT}${dir}`]),
        promisify(execFile)(process.execPath, [CAPSTAN, 'build', `${ROOT}${dir}`], {
          maxBuffer: 16 * 1024 * 1024,
        }),
      ]);
      assert.equal(reference.code, 0, reference.stderr);
      assert.ok(reference.stdout.includes('kind: CustomResourceDefinition'), 'no CRDs rendered');
      assert.equal(ours.stdout, reference.stdout);
    });
  }
});
