/**
 * The objects of one benchmark app, as YAML text the way people write manifests: two
 * Deployments with their Services, RBAC for the app's ServiceAccount, policy objects,
 * an Ingress, a CronJob, ConfigMaps and Secrets (plain, and from Kustomize generators).
 * Pure and seeded: the same app and random source always give the same text.
 */

import { IMAGE_REGISTRY, writeCronJob, writeIngress, writePolicies } from './policy-manifests.js';

export { IMAGE_REGISTRY };

/** What one app's values depend on; `random` varies replicas, versions and data. */
export interface AppParams {
  readonly name: string;
  readonly team: string;
  readonly random: () => number;
}

/** A manifest written to `file`, or an entry of the kustomization's generators. */
export type AppPart =
  | { readonly kind: string; readonly name: string; readonly file: string; readonly text: string }
  | {
      readonly kind: 'ConfigMap' | 'Secret';
      readonly name: string;
      readonly generator: string;
    };

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick: empty list');
  return item;
}

function token(random: () => number): string {
  return Math.floor(random() * 2 ** 48).toString(36);
}

function writeDeployment(p: AppParams, role: 'web' | 'worker'): string {
  const replicas = 1 + Math.floor(p.random() * 3);
  const cpu = pick(p.random, ['50m', '100m', '250m']);
  const memory = pick(p.random, ['64Mi', '128Mi', '256Mi']);
  const port = role === 'web' ? 8080 : 9000;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${role}
  labels:
    app.kubernetes.io/name: ${role}
  annotations:
    bench.capstan.dev/owner: ${p.team}
spec:
  replicas: ${replicas}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${role}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${role}
      annotations:
        prometheus.io/scrape: "true"
    spec:
      serviceAccountName: ${p.name}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
      - name: ${role}
        image: ${IMAGE_REGISTRY}/${role}:1.0.0
        args: ["--port=${port}", "--log-level=info"]
        ports:
        - name: http
          containerPort: ${port}
        envFrom:
        - configMapRef:
            name: web-env
        env:
        - name: API_TOKEN
          valueFrom:
            secretKeyRef:
              name: web-credentials
              key: password
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        resources:
          requests:
            cpu: ${cpu}
            memory: ${memory}
          limits:
            cpu: ${role === 'web' ? '"1"' : '0.5'}
            memory: ${memory}
        readinessProbe:
          httpGet: {path: /healthz, port: http}
          periodSeconds: 10
        volumeMounts:
        - name: settings
          mountPath: /etc/${role}
      volumes:
      - name: settings
        configMap:
          name: settings
`;
}

/**
 * The worker's Service is headless: the dev cluster's Service range is a /24, so about 250
 * ClusterIP Services fit, one per app.
 */
function writeService(role: 'web' | 'worker'): string {
  const port = role === 'web' ? 80 : 9000;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${role}
  labels:
    app.kubernetes.io/name: ${role}
spec:
${role === 'worker' ? '  clusterIP: None\n' : ''}  selector:
    app.kubernetes.io/name: ${role}
  ports:
  - name: http
    port: ${port}
    targetPort: http
`;
}

function writeRbac(p: AppParams): { sa: string; role: string; binding: string } {
  return {
    sa: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${p.name}
automountServiceAccountToken: false
`,
    role: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${p.name}-reader
rules:
- apiGroups: [""]
  resources: ["configmaps", "secrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get"]
`,
    binding: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${p.name}-reader
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${p.name}-reader
subjects:
- kind: ServiceAccount
  name: ${p.name}
`,
  };
}

function writeConfigMap(p: AppParams, name: string, lines: number): string {
  const data = Array.from(
    { length: lines },
    (_, i) => `  key_${String(i)}: "${token(p.random)}"`,
  ).join('\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  LOG_LEVEL: ${pick(p.random, ['info', 'debug', 'warn'])}
  MAX_CONNECTIONS: "${String(10 * (1 + Math.floor(p.random() * 50)))}"
${data}
  app.properties: |
    server.port=8080
    cache.ttl=${String(30 + Math.floor(p.random() * 60))}s
    # generated for ${p.name}
`;
}

function writeSecret(p: AppParams, name: string, form: 'stringData' | 'data'): string {
  const value = token(p.random);
  const body =
    form === 'stringData'
      ? `stringData:\n  token: ${value}\n`
      : `data:\n  password: ${Buffer.from(value).toString('base64')}\n`;
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
type: Opaque
${body}`;
}

/**
 * The app's objects, most important first, exactly `count` of them: the first 20 are one of
 * each kind above (plus ConfigMaps and Secrets); beyond 20, more ConfigMaps.
 */
export function writeAppParts(p: AppParams, count: number): AppPart[] {
  const rbac = writeRbac(p);
  const policies = writePolicies(p);
  const file = (kind: string, name: string, fileName: string, text: string): AppPart => ({
    kind,
    name,
    file: fileName,
    text,
  });
  const parts: (() => AppPart)[] = [
    () => file('Deployment', 'web', 'web.yaml', writeDeployment(p, 'web')),
    () => file('Service', 'web', 'web.yaml', writeService('web')),
    () => ({
      kind: 'ConfigMap',
      name: 'web-env',
      generator: `- name: web-env\n  literals:\n  - LOG_LEVEL=info\n  - REGION=${pick(p.random, ['eu', 'us', 'ap'])}\n  - FEATURE_X=${pick(p.random, ['on', 'off'])}\n`,
    }),
    () => ({
      kind: 'Secret',
      name: 'web-credentials',
      generator: `- name: web-credentials\n  literals:\n  - username=${p.name}\n  - password=${token(p.random)}\n`,
    }),
    () => file('ServiceAccount', p.name, 'rbac.yaml', rbac.sa),
    () => file('Role', `${p.name}-reader`, 'rbac.yaml', rbac.role),
    () => file('RoleBinding', `${p.name}-reader`, 'rbac.yaml', rbac.binding),
    () => file('Deployment', 'worker', 'worker.yaml', writeDeployment(p, 'worker')),
    () => file('Service', 'worker', 'worker.yaml', writeService('worker')),
    () => file('ConfigMap', 'settings', 'config.yaml', writeConfigMap(p, 'settings', 8)),
    () => file('ConfigMap', 'feature-flags', 'config.yaml', writeConfigMap(p, 'feature-flags', 4)),
    () => file('Secret', 'api-token', 'secrets.yaml', writeSecret(p, 'api-token', 'stringData')),
    () => file('NetworkPolicy', 'web-ingress', 'policy.yaml', policies.netpol),
    () => file('PodDisruptionBudget', 'web', 'policy.yaml', policies.pdb),
    () => file('HorizontalPodAutoscaler', 'worker', 'policy.yaml', policies.hpa),
    () => file('Ingress', 'web', 'ingress.yaml', writeIngress(p)),
    () => file('CronJob', 'cleanup', 'cronjob.yaml', writeCronJob(p)),
    () => file('ConfigMap', 'proxy-conf', 'config.yaml', writeConfigMap(p, 'proxy-conf', 12)),
    () => file('Secret', 'db', 'secrets.yaml', writeSecret(p, 'db', 'data')),
    () => file('ConfigMap', 'dashboards', 'config.yaml', writeConfigMap(p, 'dashboards', 20)),
  ];
  const out = parts.slice(0, count).map((make) => make());
  for (let i = parts.length; i < count; i++) {
    const name = `extra-${String(i - parts.length).padStart(3, '0')}`;
    out.push(file('ConfigMap', name, 'extra.yaml', writeConfigMap(p, name, 6)));
  }
  return out;
}
