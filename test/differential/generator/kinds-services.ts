/**
 * Namespaced companion manifests: Service, Ingress (→ Service), HorizontalPodAutoscaler
 * (→ workload), PodDisruptionBudget and NetworkPolicy (pod selectors), PVC, ConfigMap,
 * Secret and ServiceAccount. Each one names what it points at, as real apps do.
 */
import type { Manifest } from './model.js';
import type { Rng } from './prng.js';
import { pickDataKey, pickValue } from './scalars.js';

/** A Service selecting the app's pods. */
export function buildService(rng: Rng, meta: Manifest, app: string): Manifest {
  const spec: Manifest = {
    selector: { app },
    ports: [{ name: 'http', port: rng.pick([80, 8080]), targetPort: 'http', protocol: 'TCP' }],
  };
  if (rng.chance(0.3)) spec['type'] = rng.pick(['ClusterIP', 'NodePort', 'LoadBalancer']);
  if (rng.chance(0.2))
    (spec['ports'] as Manifest[]).push({ name: 'metrics', port: 9090, targetPort: 9090 });
  return { apiVersion: 'v1', kind: 'Service', metadata: meta, spec };
}

/** An Ingress routing to a Service, optionally with a TLS Secret. */
export function buildIngress(
  rng: Rng,
  meta: Manifest,
  service: string,
  tlsSecret?: string,
): Manifest {
  const host = `${service}.${rng.pick(['example.com', 'apps.internal', 'test.local'])}`;
  const spec: Manifest = {
    rules: [
      {
        host,
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: service, port: { name: 'http' } } },
            },
          ],
        },
      },
    ],
  };
  if (rng.chance(0.5)) spec['ingressClassName'] = 'nginx';
  if (tlsSecret !== undefined) spec['tls'] = [{ hosts: [host], secretName: tlsSecret }];
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta, spec };
}

/** An autoscaler scaling a Deployment or StatefulSet. */
export function buildHpa(rng: Rng, meta: Manifest, kind: string, target: string): Manifest {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind, name: target },
      minReplicas: rng.int(1, 2),
      maxReplicas: rng.int(3, 10),
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: rng.pick([60, 75, 80]) },
          },
        },
      ],
    },
  };
}

/** A disruption budget over the app's pods. */
export function buildPdb(rng: Rng, meta: Manifest, app: string): Manifest {
  const spec: Manifest = rng.chance(0.5) ? { minAvailable: 1 } : { maxUnavailable: '50%' };
  spec['selector'] = { matchLabels: { app } };
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta, spec };
}

/** A policy admitting traffic to the app from a peer app. */
export function buildNetworkPolicy(rng: Rng, meta: Manifest, app: string, peer: string): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta,
    spec: {
      podSelector: { matchLabels: { app } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: peer } } }],
          ports: [{ protocol: 'TCP', port: rng.pick([80, 8080]) }],
        },
      ],
    },
  };
}

/** A claim for the app's data volume. */
export function buildPvc(rng: Rng, meta: Manifest): Manifest {
  const spec: Manifest = {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: rng.pick(['1Gi', '10Gi', '512Mi']) } },
  };
  if (rng.chance(0.4)) spec['storageClassName'] = rng.pick(['standard', 'fast-ssd']);
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta, spec };
}

/** Random string data, always including the keys workloads refer to. */
export function makeData(rng: Rng, required: readonly string[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const key of required) data[key] = pickValue(rng);
  const extra = rng.int(0, 4);
  for (let i = 0; i < extra; i++) data[pickDataKey(rng)] = pickValue(rng);
  return data;
}

/** A plain ConfigMap resource. */
export function buildConfigMap(rng: Rng, meta: Manifest): Manifest {
  const cm: Manifest = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta,
    data: makeData(rng, ['MODE']),
  };
  if (rng.chance(0.1)) cm['immutable'] = true;
  return cm;
}

/** A plain Secret resource, with base64 `data` or plain `stringData`. */
export function buildSecret(rng: Rng, meta: Manifest): Manifest {
  const plain = {
    password: `pw-${String(rng.int(1000, 9999))}`,
    username: rng.pick(['admin', 'app', 'svc']),
  };
  if (rng.chance(0.3))
    return { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'Opaque', stringData: plain };
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(plain)) data[k] = Buffer.from(v, 'utf8').toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta,
    type: rng.pick(['Opaque', 'kubernetes.io/basic-auth']),
    data,
  };
}

/** A ServiceAccount, sometimes with pull secrets. */
export function buildServiceAccount(rng: Rng, meta: Manifest, pullSecret?: string): Manifest {
  const sa: Manifest = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta };
  if (pullSecret !== undefined && rng.chance(0.5)) sa['imagePullSecrets'] = [{ name: pullSecret }];
  if (rng.chance(0.2)) sa['automountServiceAccountToken'] = false;
  return sa;
}
