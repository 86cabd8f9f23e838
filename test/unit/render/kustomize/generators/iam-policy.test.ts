import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateIamPolicyResources } from '../../../../../src/render/kustomize/generators/index.js';
import { emitKustomizeYaml } from '../../../../../src/render/yaml/index.js';

const config = (service: Record<string, unknown>, cloud = 'gke'): Record<string, unknown> => ({
  apiVersion: 'builtin',
  kind: 'IAMPolicyGenerator',
  metadata: { name: 'gen' },
  cloud,
  kubernetesService: service,
  serviceAccount: { name: 'gsa-name', projectId: 'project-id' },
});

// Expected text as printed by `kubectl kustomize` for the same configs.
describe('generateIamPolicyResources', () => {
  it('makes a GKE ServiceAccount bound to the Google service account', () => {
    const resources = generateIamPolicyResources(config({ name: 'k8s-sa-name' }), 'gen.yaml');
    assert.equal(
      emitKustomizeYaml(resources.map((r) => r.obj)),
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  annotations:\n    iam.gke.io/gcp-service-account: gsa-name@project-id.iam.gserviceaccount.com\n  name: k8s-sa-name\n',
    );
    assert.equal(resources[0]?.generatedBy, undefined);
  });

  it('sets the namespace when the Kubernetes service names one', () => {
    const [resource] = generateIamPolicyResources(
      config({ name: 'sa', namespace: 'k8s-namespace' }),
      'gen.yaml',
    );
    assert.equal(resource?.namespace(), 'k8s-namespace');
  });

  it('refuses clouds other than gke', () => {
    assert.throws(
      () => generateIamPolicyResources(config({ name: 'sa' }, 'aws'), 'gen.yaml'),
      /gen\.yaml: cloud provider aws not supported yet/,
    );
  });
});
