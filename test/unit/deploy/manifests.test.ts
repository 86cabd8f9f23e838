/**
 * deploy/ keeps the promises docs/install.md makes: the base grants read everywhere and
 * writes only in capstan-system, binds no sync rights; the example overlay binds them in
 * exactly its two namespaces; the Deployment runs hardened with every flag the controller
 * accepts and every writable path mounted; Service, probes and ServiceMonitor line up.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parseCommandLine } from '../../../src/config.js';
import {
  bindingOf,
  findObject,
  renderDeploy,
  repoRoot,
  rulesOf,
  type Manifest,
  type PolicyRule,
} from './support.js';

const NS = 'capstan-system';
const SA = { kind: 'ServiceAccount', name: 'capstan', namespace: NS };
const READ_VERBS = ['get', 'list', 'watch'];

interface Container {
  name: string;
  image: string;
  args: string[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: Record<string, unknown>;
  volumeMounts: { name: string; mountPath: string }[];
}

interface PodSpec {
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: { name: string; emptyDir?: object }[];
}

function podSpecOf(deployment: Manifest): PodSpec {
  const spec = deployment['spec'] as { template: { spec: PodSpec } };
  return spec.template.spec;
}

function controllerContainer(objects: Manifest[]): Container {
  const container = podSpecOf(findObject(objects, 'Deployment', 'capstan-controller', NS))
    .containers[0];
  assert.ok(container, 'the Deployment has no container');
  return container;
}

function writeVerbsOf(rules: PolicyRule[]): string[] {
  return rules.flatMap((rule) => rule.verbs.filter((verb) => !READ_VERBS.includes(verb)));
}

describe('deploy/base', async () => {
  const objects = await renderDeploy('deploy/base');

  it('holds the namespace, both CRDs as crds/ has them, and the ServiceAccount', () => {
    findObject(objects, 'Namespace', NS);
    for (const file of ['applications.capstan.dev.yaml', 'appprojects.capstan.dev.yaml']) {
      const source = parseAllDocuments(readFileSync(`${repoRoot}crds/${file}`, 'utf8'))[0];
      const crd = source?.toJS() as Manifest;
      const rendered = findObject(objects, 'CustomResourceDefinition', crd.metadata.name);
      assert.deepEqual(rendered['spec'], crd['spec']);
    }
    findObject(objects, 'ServiceAccount', 'capstan', NS);
  });

  it('reads cluster-wide and nothing more', () => {
    const read = findObject(objects, 'ClusterRole', 'capstan-read');
    assert.deepEqual(writeVerbsOf(rulesOf(read)), []);
    const binding = bindingOf(findObject(objects, 'ClusterRoleBinding', 'capstan-read'));
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'capstan-read',
    });
    assert.deepEqual(binding.subjects, [SA]);
  });

  it('writes for itself only in its namespace: status, Applications, Events, its Lease', () => {
    const role = findObject(objects, 'Role', 'capstan', NS);
    const granted = rulesOf(role).flatMap((rule) =>
      (rule.resources ?? []).flatMap((resource) => rule.verbs.map((v) => `${v} ${resource}`)),
    );
    for (const needed of [
      'patch applications/status',
      'patch applications',
      'create events',
      'patch events',
      'create leases',
      'update leases',
    ])
      assert.ok(granted.includes(needed), `${needed} missing from Role capstan`);
    assert.ok(!granted.some((g) => g.startsWith('delete ')), 'the Role grants a delete');
    const binding = bindingOf(findObject(objects, 'RoleBinding', 'capstan', NS));
    assert.deepEqual(binding.subjects, [SA]);
  });

  it('defines capstan-sync but binds it nowhere', () => {
    const sync = findObject(objects, 'ClusterRole', 'capstan-sync');
    const verbs = new Set(rulesOf(sync).flatMap((rule) => rule.verbs));
    for (const verb of ['create', 'update', 'patch', 'delete']) assert.ok(verbs.has(verb), verb);
    const syncBindings = objects.filter(
      (obj) => obj.kind.endsWith('Binding') && bindingOf(obj).roleRef.name === 'capstan-sync',
    );
    assert.deepEqual(syncBindings, []);
  });

  it('runs the controller non-root, read-only, without capabilities, with its token', () => {
    const pod = podSpecOf(findObject(objects, 'Deployment', 'capstan-controller', NS));
    assert.equal(pod.serviceAccountName, 'capstan');
    assert.equal(pod.automountServiceAccountToken, true);
    assert.equal(pod.securityContext['runAsNonRoot'], true);
    assert.equal(pod.securityContext['runAsUser'], 10001);
    assert.deepEqual(pod.securityContext['seccompProfile'], { type: 'RuntimeDefault' });
    const container = controllerContainer(objects);
    assert.equal(container.image, 'capstan:dev');
    assert.deepEqual(container.securityContext, {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    const { requests = {}, limits = {} } = container.resources;
    assert.ok(requests['cpu'], 'no CPU request');
    assert.ok(requests['memory'], 'no memory request');
    assert.ok(limits['memory'], 'no memory limit');
  });

  it('passes flags the controller accepts, with every writable path on an emptyDir', () => {
    const container = controllerContainer(objects);
    const command = parseCommandLine(container.args, {});
    assert.equal(command.command, 'controller');
    assert.equal(command.namespace, NS);
    const pod = podSpecOf(findObject(objects, 'Deployment', 'capstan-controller', NS));
    const emptyDirs = new Set(pod.volumes.filter((v) => v.emptyDir).map((v) => v.name));
    const mounted = container.volumeMounts.filter((m) => emptyDirs.has(m.name));
    for (const path of [command.repoCacheDir, '/tmp'])
      assert.ok(
        mounted.some((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`)),
        `${path} is not on an emptyDir (read-only root filesystem)`,
      );
    const port = container.ports.find((p) => p.name === 'metrics');
    assert.equal(command.metricsAddr, `:${String(port?.containerPort)}`);
  });

  it('probes /healthz and /readyz, and serves /metrics through the Service', () => {
    const container = controllerContainer(objects);
    assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'metrics' });
    assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: 'metrics' });
    const service = findObject(objects, 'Service', 'capstan-metrics', NS);
    const spec = service['spec'] as {
      selector: Record<string, string>;
      ports: { name: string; port: number; targetPort: string }[];
    };
    assert.deepEqual(spec.ports[0], {
      name: 'metrics',
      port: 8080,
      targetPort: 'metrics',
      protocol: 'TCP',
    });
    const deployment = findObject(objects, 'Deployment', 'capstan-controller', NS);
    const podLabels = (deployment['spec'] as { template: { metadata: { labels: object } } })
      .template.metadata.labels as Record<string, string>;
    for (const [key, value] of Object.entries(spec.selector))
      assert.equal(podLabels[key], value, `Service selector ${key} misses the pod`);
  });
});

describe('deploy/overlays/example', async () => {
  const objects = await renderDeploy('deploy/overlays/example');

  it('binds capstan-sync in its two namespaces and nowhere else', () => {
    const syncBindings = objects.filter(
      (obj) => obj.kind.endsWith('Binding') && bindingOf(obj).roleRef.name === 'capstan-sync',
    );
    assert.deepEqual(
      syncBindings.map((obj) => `${obj.kind} ${obj.metadata.namespace ?? ''}`).sort(),
      ['RoleBinding guestbook-dev', 'RoleBinding guestbook-prod'],
    );
    for (const binding of syncBindings) {
      assert.equal(bindingOf(binding).roleRef.kind, 'ClusterRole');
      assert.deepEqual(bindingOf(binding).subjects, [SA]);
    }
  });

  it('sets the image', () => {
    assert.equal(controllerContainer(objects).image, 'registry.example.com/capstan:0.1.0');
  });
});

describe('deploy/components', async () => {
  const objects = await renderDeploy('test/fixtures/deploy/all-components');

  it('select the metrics Service from the ServiceMonitor', () => {
    const monitor = findObject(objects, 'ServiceMonitor', 'capstan-controller', NS);
    const spec = monitor['spec'] as {
      selector: { matchLabels: Record<string, string> };
      endpoints: { port: string; path: string }[];
    };
    const service = findObject(objects, 'Service', 'capstan-metrics', NS);
    for (const [key, value] of Object.entries(spec.selector.matchLabels))
      assert.equal(service.metadata.labels?.[key], value, `ServiceMonitor selector ${key}`);
    assert.deepEqual(
      spec.endpoints.map((e) => `${e.port} ${e.path}`),
      ['metrics /metrics'],
    );
  });

  it('grant cluster-wide sync, or only Namespace creation, to the ServiceAccount', () => {
    const cluster = bindingOf(findObject(objects, 'ClusterRoleBinding', 'capstan-sync'));
    assert.equal(cluster.roleRef.name, 'capstan-sync');
    assert.deepEqual(cluster.subjects, [SA]);
    const namespaces = findObject(objects, 'ClusterRole', 'capstan-create-namespaces');
    assert.deepEqual(
      rulesOf(namespaces).map((rule) => rule.resources),
      [['namespaces']],
    );
    const binding = bindingOf(
      findObject(objects, 'ClusterRoleBinding', 'capstan-create-namespaces'),
    );
    assert.deepEqual(binding.subjects, [SA]);
  });
});
