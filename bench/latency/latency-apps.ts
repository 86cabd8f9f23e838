/**
 * The latency benchmark's repository: per app a plain-YAML directory (no kustomization) with
 * a Deployment, its Service and three ConfigMaps, deployed to the app's own namespace. The
 * ConfigMap `settings` holds the value the commit trials change in Git (`trial`) and the one
 * the drift trials overwrite live (`mode`); the Deployment's `replicas` is the other field
 * drifted live. Pure: data in, file map out.
 */
import {
  APPS_DIR,
  nameBenchApp,
  type BenchApp,
  type BenchRepoTree,
} from '../compare/generate-apps.js';

/** The ConfigMap every trial reads, and its keys. */
export const SETTINGS = { name: 'settings', trialKey: 'trial', driftKey: 'mode' } as const;
/** What Git says of the fields the drift trials overwrite. */
export const GIT_VALUES = { mode: 'steady', replicas: 2 } as const;
export const DEPLOYMENT_NAME = 'web';

const OBJECTS = [
  { kind: 'Deployment', name: DEPLOYMENT_NAME },
  { kind: 'Service', name: DEPLOYMENT_NAME },
  { kind: 'ConfigMap', name: SETTINGS.name },
  { kind: 'ConfigMap', name: 'env' },
  { kind: 'ConfigMap', name: 'feature-flags' },
] as const;

export const OBJECTS_PER_APP = OBJECTS.length;

/** The file a commit trial rewrites. */
export function configMapsPathOf(app: BenchApp): string {
  return `${app.path}/configmaps.yaml`;
}

/** The app's ConfigMaps with `settings.data.trial` set to `trial`. */
export function writeConfigMaps(app: string, trial: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${SETTINGS.name}
data:
  ${SETTINGS.trialKey}: "${trial}"
  ${SETTINGS.driftKey}: ${GIT_VALUES.mode}
  owner: ${app}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: env
data:
  LOG_LEVEL: info
  REGION: eu
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: feature-flags
data:
  search: "on"
  checkout-v2: "off"
`;
}

function writeWorkload(): string {
  const labels = `app.kubernetes.io/name: ${DEPLOYMENT_NAME}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${DEPLOYMENT_NAME}
  labels:
    ${labels}
spec:
  replicas: ${String(GIT_VALUES.replicas)}
  selector:
    matchLabels:
      ${labels}
  template:
    metadata:
      labels:
        ${labels}
    spec:
      containers:
      - name: web
        image: registry.example.com/web:1.0.0
        ports:
        - name: http
          containerPort: 8080
        envFrom:
        - configMapRef:
            name: env
---
apiVersion: v1
kind: Service
metadata:
  name: ${DEPLOYMENT_NAME}
spec:
  selector:
    ${labels}
  ports:
  - name: http
    port: 80
    targetPort: http
`;
}

/** `count` apps, app-000 … , each in its own namespace. */
export function generateLatencyRepo(count: number): BenchRepoTree {
  const files: Record<string, string> = {};
  const apps: BenchApp[] = [];
  for (let i = 0; i < count; i++) {
    const name = nameBenchApp(i, count);
    const app: BenchApp = { name, namespace: name, path: `${APPS_DIR}/${name}`, objects: OBJECTS };
    files[`${app.path}/workload.yaml`] = writeWorkload();
    files[configMapsPathOf(app)] = writeConfigMaps(name, 'initial');
    apps.push(app);
  }
  return { files, apps };
}
