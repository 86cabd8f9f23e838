/**
 * Workload manifests (Deployment, StatefulSet, DaemonSet, Job, CronJob) whose pod specs
 * refer to their companions by name (ConfigMaps and Secrets through volumes, envFrom and
 * key refs, a ServiceAccount, a PVC, pull secrets) and use `$(VAR)` in args, so that
 * Kustomize's name-reference and var machinery has real work to do.
 */
import type { Manifest, ModelContainer } from './model.js';
import type { Rng } from './prng.js';
import { pickValue } from './scalars.js';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

export interface PodRefs {
  app: string;
  image: string;
  configMaps: string[];
  secrets: string[];
  serviceAccount?: string;
  claim?: string;
  varNames: string[];
}

export interface BuiltWorkload {
  manifest: Manifest;
  containers: ModelContainer[];
  podSpecPath: string;
}

/** Standard metadata: labels always present (JSON patches add to them), annotations sometimes. */
export function makeMetadata(
  rng: Rng,
  name: string,
  labels: Record<string, string>,
  namespace?: string,
): Manifest {
  const meta: Manifest = { name };
  if (namespace !== undefined) meta['namespace'] = namespace;
  meta['labels'] = { ...labels };
  if (rng.chance(0.4)) {
    meta['annotations'] = {
      'example.com/owner': rng.pick(['team-a', 'team-b']),
      note: pickValue(rng, 0.5),
    };
  }
  return meta;
}

function makeEnv(rng: Rng, refs: PodRefs): { env: Manifest[]; values: string[] } {
  const env: Manifest[] = [{ name: 'LOG_LEVEL', value: rng.pick(['info', 'debug', 'warn']) }];
  const values = ['LOG_LEVEL'];
  if (rng.chance(0.5)) {
    env.push({ name: 'PORT', value: rng.pick(['8080', '9090', '3000']) });
    values.push('PORT');
  }
  const cm = refs.configMaps[0];
  if (cm !== undefined && rng.chance(0.6)) {
    env.push({
      name: 'APP_MODE',
      valueFrom: { configMapKeyRef: { name: cm, key: 'MODE', optional: true } },
    });
  }
  const secret = refs.secrets[0];
  if (secret !== undefined && rng.chance(0.6)) {
    env.push({
      name: 'DB_PASSWORD',
      valueFrom: { secretKeyRef: { name: secret, key: 'password' } },
    });
  }
  if (rng.chance(0.3))
    env.push({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  return { env, values };
}

function makeMainContainer(
  rng: Rng,
  refs: PodRefs,
): { container: Manifest; model: ModelContainer } {
  const container: Manifest = { name: refs.app, image: refs.image };
  const args = [`--listen=:${String(rng.pick([8080, 9090]))}`];
  for (const v of refs.varNames) args.push(`--${v.toLowerCase().replace(/_/g, '-')}=$(${v})`);
  if (rng.chance(0.2)) args.push('--hostname=$(HOSTNAME)');
  if (rng.chance(0.8)) container['args'] = args;
  if (rng.chance(0.2)) container['command'] = ['/bin/app', 'serve'];
  container['ports'] = [{ name: 'http', containerPort: rng.pick([8080, 9090]), protocol: 'TCP' }];
  const hasEnv = rng.chance(0.75);
  const { env, values } = makeEnv(rng, refs);
  if (hasEnv) container['env'] = env;
  const envFrom: Manifest[] = [];
  for (const cm of refs.configMaps.slice(1)) envFrom.push({ configMapRef: { name: cm } });
  if (refs.secrets[1] !== undefined) envFrom.push({ secretRef: { name: refs.secrets[1] } });
  if (envFrom.length > 0) container['envFrom'] = envFrom;
  const mounts: Manifest[] = [];
  if (refs.configMaps[0] !== undefined)
    mounts.push({ name: 'config', mountPath: '/etc/config', readOnly: true });
  if (refs.secrets[0] !== undefined) mounts.push({ name: 'creds', mountPath: '/etc/creds' });
  if (refs.claim !== undefined) mounts.push({ name: 'data', mountPath: '/var/lib/data' });
  if (mounts.length > 0) container['volumeMounts'] = mounts;
  if (rng.chance(0.6)) {
    container['resources'] = {
      limits: { cpu: rng.pick(['500m', '1', '2']), memory: rng.pick(['256Mi', '1Gi']) },
      requests: { cpu: rng.pick(['100m', '250m']), memory: '128Mi' },
    };
  }
  if (rng.chance(0.3))
    container['readinessProbe'] = {
      httpGet: { path: '/healthz', port: 'http' },
      periodSeconds: 10,
    };
  return {
    container,
    model: { name: refs.app, image: refs.image, envValues: hasEnv ? values : [], hasEnv },
  };
}

function makeVolumes(rng: Rng, refs: PodRefs): Manifest[] {
  const volumes: Manifest[] = [];
  const cm = refs.configMaps[0];
  if (cm !== undefined) {
    volumes.push(
      rng.chance(0.2)
        ? {
            name: 'config',
            projected: {
              sources: [
                { configMap: { name: cm } },
                ...refs.secrets.slice(0, 1).map((s) => ({ secret: { name: s } })),
              ],
            },
          }
        : { name: 'config', configMap: { name: cm, defaultMode: 420 } },
    );
  }
  if (refs.secrets[0] !== undefined)
    volumes.push({ name: 'creds', secret: { secretName: refs.secrets[0] } });
  if (refs.claim !== undefined)
    volumes.push({ name: 'data', persistentVolumeClaim: { claimName: refs.claim } });
  return volumes;
}

/** A pod spec and the containers the model must know about. */
export function buildPodSpec(
  rng: Rng,
  refs: PodRefs,
  restartPolicy?: string,
): { spec: Manifest; containers: ModelContainer[] } {
  const main = makeMainContainer(rng, refs);
  const containers: Manifest[] = [main.container];
  const models = [main.model];
  if (rng.chance(0.25)) {
    const image = rng.pick(['busybox', 'ghcr.io/acme/log-shipper:0.9', 'alpine:3.19']);
    containers.push({ name: 'sidecar', image, command: ['sh', '-c', 'tail -f /dev/null'] });
    models.push({ name: 'sidecar', image, envValues: [], hasEnv: false });
  }
  const spec: Manifest = {};
  if (refs.serviceAccount !== undefined) spec['serviceAccountName'] = refs.serviceAccount;
  if (rng.chance(0.2)) {
    spec['initContainers'] = [
      { name: 'init', image: 'busybox', command: ['sh', '-c', 'echo init'] },
    ];
    models.push({ name: 'init', image: 'busybox', envValues: [], hasEnv: false });
  }
  spec['containers'] = containers;
  const volumes = makeVolumes(rng, refs);
  if (volumes.length > 0) spec['volumes'] = volumes;
  if (refs.secrets[0] !== undefined && rng.chance(0.2))
    spec['imagePullSecrets'] = [{ name: refs.secrets[0] }];
  if (restartPolicy !== undefined) spec['restartPolicy'] = restartPolicy;
  return { spec, containers: models };
}

/** A workload of the given kind. */
export function buildWorkload(
  rng: Rng,
  kind: WorkloadKind,
  meta: Manifest,
  refs: PodRefs,
): BuiltWorkload {
  const podLabels = { app: refs.app };
  const selector = { matchLabels: { app: refs.app } };
  if (kind === 'Job' || kind === 'CronJob') {
    const pod = buildPodSpec(rng, refs, kind === 'Job' ? 'Never' : 'OnFailure');
    const jobSpec: Manifest = {
      backoffLimit: rng.int(0, 6),
      template: { metadata: { labels: podLabels }, spec: pod.spec },
    };
    if (kind === 'Job') {
      return {
        manifest: { apiVersion: 'batch/v1', kind, metadata: meta, spec: jobSpec },
        containers: pod.containers,
        podSpecPath: 'spec/template/spec',
      };
    }
    const spec = {
      schedule: rng.pick(['*/5 * * * *', '0 3 * * *', '@hourly']),
      concurrencyPolicy: 'Forbid',
      jobTemplate: { spec: jobSpec },
    };
    return {
      manifest: { apiVersion: 'batch/v1', kind, metadata: meta, spec },
      containers: pod.containers,
      podSpecPath: 'spec/jobTemplate/spec/template/spec',
    };
  }
  const pod = buildPodSpec(rng, refs);
  const template: Manifest = { metadata: { labels: podLabels }, spec: pod.spec };
  if (rng.chance(0.3))
    (template['metadata'] as Manifest)['annotations'] = { 'prometheus.io/scrape': 'true' };
  const spec: Manifest = {};
  if (kind !== 'DaemonSet') spec['replicas'] = rng.int(1, 5);
  if (kind === 'StatefulSet') spec['serviceName'] = refs.app;
  spec['selector'] = selector;
  spec['template'] = template;
  if (kind === 'StatefulSet' && rng.chance(0.5)) {
    spec['volumeClaimTemplates'] = [
      {
        metadata: { name: 'state' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ];
  }
  if (kind === 'Deployment' && rng.chance(0.3))
    spec['strategy'] = {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    };
  return {
    manifest: { apiVersion: 'apps/v1', kind, metadata: meta, spec },
    containers: pod.containers,
    podSpecPath: 'spec/template/spec',
  };
}
