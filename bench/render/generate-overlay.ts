/**
 * Generates the benchmark's three-level Kustomize tree, sized by the number of resources
 * `kustomize build` prints for the top overlay:
 *
 *   base/      Deployments, Services and ConfigMaps (3 per app) plus padding ConfigMaps
 *   region/    ../base + namePrefix, commonLabels, images, generators, patches
 *   prod/      ../region + namespace, namePrefix, commonLabels, images, generators (one
 *              with behavior: merge), patches — the directory to build
 *
 * Patches: strategic merge by kind, by labelSelector and by name (about one per 25 apps, so
 * a name lookup that scans a list shows up as quadratic time), and JSON 6902 by kind and
 * labelSelector. Every feature can be switched off, so a feature the engine lacks can be
 * left out of a clearly labelled fallback run. Pure and seeded: data in, file map out.
 */
import {
  IMAGE_REGISTRY,
  nameApp,
  writeAppManifests,
  writeSharedConfigMap,
} from './generate-base.js';
import { createSeededRandom } from '../../test/helpers/seeded-random.js';

export const OVERLAY_FEATURES = [
  'generators',
  'images',
  'name-prefix',
  'common-labels',
  'namespace',
  'smp-by-kind',
  'smp-by-label',
  'smp-by-name',
  'json6902',
] as const;
export type OverlayFeature = (typeof OVERLAY_FEATURES)[number];

export interface OverlayOptions {
  /** How many resources the top overlay's build prints (at least 10). */
  resources: number;
  seed: number;
  features: readonly OverlayFeature[];
}

export const DEFAULT_OVERLAY_OPTIONS: OverlayOptions = {
  resources: 150,
  seed: 42,
  features: OVERLAY_FEATURES,
};

export interface OverlayTree {
  /** File contents by path relative to the tree's root. */
  files: Record<string, string>;
  /** The directory to build, relative to the root. */
  entry: string;
  /** Resources the build prints. */
  resources: number;
  apps: number;
}

/** Resources the generators add to the output (region: 2 CM + 1 Secret; prod: 1 CM + 1 Secret). */
const GENERATED_RESOURCES = 5;
const KUSTOMIZATION_HEADER = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';

/** Builds the file map of a tree whose top overlay prints `options.resources` resources. */
export function generateOverlayTree(options: Partial<OverlayOptions> = {}): OverlayTree {
  const opts = { ...DEFAULT_OVERLAY_OPTIONS, ...options };
  if (opts.resources < 10) throw new Error('generateOverlayTree: resources must be at least 10');
  const has = (feature: OverlayFeature): boolean => opts.features.includes(feature);
  const generated = has('generators') ? GENERATED_RESOURCES : 0;
  const apps = Math.floor((opts.resources - generated) / 3);
  const padding = opts.resources - generated - 3 * apps;
  const random = createSeededRandom(opts.seed);
  const files: Record<string, string> = {};
  const baseEntries: string[] = [];
  for (let i = 0; i < apps; i++) {
    const path = `apps/${nameApp(i)}.yaml`;
    files[`base/${path}`] = writeAppManifests(i, random);
    baseEntries.push(path);
  }
  for (let i = 0; i < padding; i++) {
    files[`base/shared/shared-config-${i}.yaml`] = writeSharedConfigMap(i);
    baseEntries.push(`shared/shared-config-${i}.yaml`);
  }
  files['base/kustomization.yaml'] =
    KUSTOMIZATION_HEADER +
    'labels:\n- pairs:\n    app.kubernetes.io/part-of: bench\n' +
    `resources:\n${baseEntries.map((e) => `- ${e}\n`).join('')}`;
  Object.assign(files, generateRegionLevel(apps, has), generateProdLevel(apps, has));
  return { files, entry: 'prod', resources: opts.resources, apps };
}

/** Names of the apps that get a patch of their own: about one in 25, spread evenly. */
function selectPatchedApps(apps: number, offset: number): number[] {
  const count = Math.max(1, Math.floor(apps / 25));
  const step = Math.max(1, Math.floor(apps / count));
  const picked: number[] = [];
  for (let i = 0; i < count; i++) picked.push((i * step + offset) % apps);
  return picked;
}

function generateRegionLevel(
  apps: number,
  has: (f: OverlayFeature) => boolean,
): Record<string, string> {
  const files: Record<string, string> = {};
  const patches: string[] = [];
  let k = `${KUSTOMIZATION_HEADER}resources:\n- ../base\n`;
  if (has('name-prefix')) k += 'namePrefix: eu-\n';
  if (has('common-labels')) k += 'commonLabels:\n  bench.capstan.dev/region: eu-west\n';
  if (has('images')) {
    k += `images:\n- name: ${IMAGE_REGISTRY}/web\n  newTag: 1.21.0\n`;
    k += `- name: ${IMAGE_REGISTRY}/envoy\n  newName: mirror.example.com/envoyproxy/envoy\n`;
  }
  if (has('generators')) {
    k += 'configMapGenerator:\n- name: region-settings\n  literals:\n  - REGION=eu-west\n';
    k +=
      '  - ZONES=a,b,c\n  - MAX_SURGE="2"\n- name: region-files\n  files:\n  - files/region.properties\n';
    k += 'secretGenerator:\n- name: region-credentials\n  literals:\n  - username=bench\n';
    k += '  - password=s3cr3t-region\n  type: Opaque\n';
    files['region/files/region.properties'] = 'region=eu-west\nfailover=eu-central\nretries=3\n';
  }
  if (has('smp-by-kind')) {
    files['region/patches/deployment-defaults.yaml'] = writeDefaultsPatch();
    patches.push('- path: patches/deployment-defaults.yaml\n  target:\n    kind: Deployment\n');
  }
  if (has('smp-by-label')) {
    files['region/patches/group-g1-replicas.yaml'] = writeReplicasPatch(4);
    patches.push(
      '- path: patches/group-g1-replicas.yaml\n  target:\n    kind: Deployment\n' +
        '    labelSelector: bench.capstan.dev/group=g1\n',
    );
  }
  if (has('json6902')) {
    files['region/patches/service-ops.yaml'] =
      '- op: add\n  path: /metadata/annotations/bench.capstan.dev~1lb\n  value: internal\n' +
      '- op: replace\n  path: /spec/type\n  value: ClusterIP\n';
    patches.push(
      '- path: patches/service-ops.yaml\n  target:\n    version: v1\n    kind: Service\n',
    );
    patches.push(
      '- target:\n    group: apps\n    kind: Deployment\n    labelSelector: bench.capstan.dev/group in (g0,g2)\n' +
        '  patch: |-\n    - op: add\n      path: /spec/template/spec/containers/0/env/-\n' +
        '      value:\n        name: REGION\n        valueFrom:\n          configMapKeyRef:\n' +
        '            name: region-settings\n            key: REGION\n',
    );
  }
  if (has('smp-by-name')) {
    for (const app of selectPatchedApps(apps, 3)) {
      const file = `patches/${nameApp(app)}.yaml`;
      files[`region/${file}`] = writeNamedPatch(nameApp(app), '768Mi');
      patches.push(`- path: ${file}\n`);
    }
  }
  if (patches.length > 0) k += `patches:\n${patches.join('')}`;
  files['region/kustomization.yaml'] = k;
  return files;
}

function generateProdLevel(
  apps: number,
  has: (f: OverlayFeature) => boolean,
): Record<string, string> {
  const files: Record<string, string> = {};
  const patches: string[] = [];
  const prefix = has('name-prefix') ? 'eu-' : '';
  let k = `${KUSTOMIZATION_HEADER}resources:\n- ../region\n`;
  if (has('namespace')) k += 'namespace: bench-prod\n';
  if (has('name-prefix')) k += 'namePrefix: prod-\n';
  if (has('common-labels')) k += 'commonLabels:\n  bench.capstan.dev/env: prod\n';
  if (has('images')) {
    k += `images:\n- name: ${IMAGE_REGISTRY}/api\n  newTag: 2.0.0-rc.1\n`;
    k += `- name: ${IMAGE_REGISTRY}/worker\n  digest: sha256:${'0123456789abcdef'.repeat(4)}\n`;
  }
  if (has('generators')) {
    k +=
      'configMapGenerator:\n- name: region-settings\n  behavior: merge\n  literals:\n  - ENV=prod\n';
    k += '- name: feature-flags\n  envs:\n  - files/flags.env\n';
    k += 'secretGenerator:\n- name: tls\n  type: kubernetes.io/tls\n  files:\n';
    k += '  - tls.crt=files/tls.crt\n  - tls.key=files/tls.key\n';
    files['prod/files/flags.env'] = 'NEW_CHECKOUT=true\nDARK_MODE=false\nBATCH_SIZE=500\n';
    files['prod/files/tls.crt'] =
      '-----BEGIN CERTIFICATE-----\nMIIBbench\n-----END CERTIFICATE-----\n';
    files['prod/files/tls.key'] =
      '-----BEGIN PRIVATE KEY-----\nMIIEbench\n-----END PRIVATE KEY-----\n';
  }
  if (has('smp-by-kind')) {
    files['prod/patches/deployment-prod.yaml'] = writeProdPatch();
    patches.push('- path: patches/deployment-prod.yaml\n  target:\n    kind: Deployment\n');
  }
  if (has('smp-by-label')) {
    files['prod/patches/group-g2-replicas.yaml'] = writeReplicasPatch(6);
    patches.push(
      '- path: patches/group-g2-replicas.yaml\n  target:\n    kind: Deployment\n' +
        '    labelSelector: bench.capstan.dev/group=g2,app.kubernetes.io/component!=worker\n',
    );
  }
  if (has('json6902')) {
    patches.push(
      '- target:\n    kind: Service\n    labelSelector: bench.capstan.dev/group=g0\n' +
        '  patch: |-\n    - op: add\n      path: /metadata/annotations/prometheus.io~1probe\n' +
        '      value: "true"\n    - op: remove\n      path: /spec/ports/1\n',
    );
  }
  if (has('smp-by-name')) {
    for (const app of selectPatchedApps(apps, 11)) {
      const file = `patches/${nameApp(app)}.yaml`;
      files[`prod/${file}`] = writeNamedPatch(`${prefix}${nameApp(app)}`, '1Gi');
      patches.push(`- path: ${file}\n`);
    }
  }
  if (patches.length > 0) k += `patches:\n${patches.join('')}`;
  files['prod/kustomization.yaml'] = k;
  return files;
}

function writeDefaultsPatch(): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: any
  annotations:
    bench.capstan.dev/region: eu-west
spec:
  template:
    spec:
      containers:
      - name: app
        env:
        - name: LOG_FORMAT
          value: json
        - name: RETRIES
          value: "7"
      tolerations:
      - key: dedicated
        operator: Equal
        value: bench
        effect: NoSchedule
`;
}

function writeReplicasPatch(replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: any
spec:
  replicas: ${replicas}
`;
}

function writeProdPatch(): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: any
spec:
  template:
    spec:
      containers:
      - name: app
        env:
        - name: NEW_CHECKOUT
          valueFrom:
            configMapKeyRef:
              name: feature-flags
              key: NEW_CHECKOUT
        volumeMounts:
        - name: tls
          mountPath: /etc/tls
          readOnly: true
      volumes:
      - name: tls
        secret:
          secretName: tls
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: ScheduleAnyway
`;
}

function writeNamedPatch(name: string, memory: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  annotations:
    bench.capstan.dev/tuned: "true"
spec:
  template:
    spec:
      containers:
      - name: app
        resources:
          limits:
            memory: ${memory}
`;
}
