/**
 * The base level of the benchmark's overlay tree: one Deployment, Service and ConfigMap per
 * "app", written as YAML text the way people write manifests (block style, a few flow
 * mappings, block scalars, quoted numbers and booleans). Pure and seeded: the same seed
 * and app index always give the same text.
 */

export const APP_TYPES = ['web', 'api', 'worker'] as const;
export const APP_GROUPS = ['g0', 'g1', 'g2', 'g3'] as const;
export const IMAGE_REGISTRY = 'registry.example.com/bench';

/** The name of app number `index`: app-0000, app-0001, … */
export function nameApp(index: number): string {
  return `app-${String(index).padStart(4, '0')}`;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick: empty list');
  return item;
}

/** Deployment, Service and ConfigMap of one app, as one three-document YAML file. */
export function writeAppManifests(index: number, random: () => number): string {
  return [
    writeDeployment(index, random),
    writeService(index, random),
    writeAppConfigMap(index, random),
  ].join('---\n');
}

function writeDeployment(index: number, random: () => number): string {
  const name = nameApp(index);
  const type = APP_TYPES[index % APP_TYPES.length] ?? 'web';
  const group = APP_GROUPS[index % APP_GROUPS.length] ?? 'g0';
  const port = 8000 + Math.floor(random() * 100);
  const replicas = 1 + Math.floor(random() * 4);
  const cpu = pick(random, ['50m', '100m', '250m', '500m']);
  const memory = pick(random, ['64Mi', '128Mi', '256Mi', '512Mi']);
  const version = `1.${Math.floor(random() * 20)}.${Math.floor(random() * 10)}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/component: ${type}
    bench.capstan.dev/group: ${group}
  annotations:
    bench.capstan.dev/owner: team-${index % 7}
    bench.capstan.dev/description: "${type} service number ${index}: handles requests"
spec:
  replicas: ${replicas}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
        app.kubernetes.io/component: ${type}
        bench.capstan.dev/group: ${group}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
    spec:
      serviceAccountName: default
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
      containers:
      - name: app
        image: ${IMAGE_REGISTRY}/${type}:${version}
        imagePullPolicy: IfNotPresent
        args: ["--port=${port}", "--metrics-port=9090", "--log-level=info"]
        ports:
        - name: http
          containerPort: ${port}
          protocol: TCP
        - name: metrics
          containerPort: 9090
          protocol: TCP
        env:
        - name: APP_NAME
          value: ${name}
        - name: FEATURE_FLAGS
          value: "a,b,c"
        - name: RETRIES
          value: "${1 + (index % 5)}"
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: GOMAXPROCS
          valueFrom:
            resourceFieldRef:
              resource: limits.cpu
        envFrom:
        - configMapRef:
            name: ${name}-config
        resources:
          requests:
            cpu: ${cpu}
            memory: ${memory}
          limits:
            cpu: "1"
            memory: ${memory}
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
          initialDelaySeconds: 5
          periodSeconds: 10
        livenessProbe:
          httpGet: {path: /livez, port: http}
          failureThreshold: 3
        volumeMounts:
        - name: config
          mountPath: /etc/app
          readOnly: true
        - name: tmp
          mountPath: /tmp
      - name: proxy
        image: ${IMAGE_REGISTRY}/envoy:1.27.${index % 3}
        args:
        - --config-path
        - /etc/envoy/envoy.yaml
        ports:
        - containerPort: 15001
        resources:
          requests: {cpu: 10m, memory: 32Mi}
      volumes:
      - name: config
        configMap:
          name: ${name}-config
      - name: tmp
        emptyDir: {}
`;
}

function writeService(index: number, random: () => number): string {
  const name = nameApp(index);
  const group = APP_GROUPS[index % APP_GROUPS.length] ?? 'g0';
  const port = pick(random, [80, 8080, 443]);
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
    bench.capstan.dev/group: ${group}
  annotations:
    bench.capstan.dev/owner: team-${index % 7}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${name}
  ports:
  - name: http
    port: ${port}
    targetPort: http
    protocol: TCP
  - name: metrics
    port: 9090
    targetPort: metrics
`;
}

function writeAppConfigMap(index: number, random: () => number): string {
  const name = nameApp(index);
  const group = APP_GROUPS[index % APP_GROUPS.length] ?? 'g0';
  const level = pick(random, ['info', 'debug', 'warn']);
  const connections = 10 * (1 + Math.floor(random() * 50));
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  labels:
    app.kubernetes.io/name: ${name}
    bench.capstan.dev/group: ${group}
data:
  LOG_LEVEL: ${level}
  MAX_CONNECTIONS: "${connections}"
  ENABLE_CACHE: "true"
  FILE_MODE: "0644"
  RELEASE_DATE: "2024-0${1 + (index % 9)}-15"
  UPSTREAM_URL: http://${name}.internal:8080/api/v1
  app.properties: |
    server.port=8080
    server.shutdown=graceful
    cache.ttl=${30 + (index % 60)}s
    upstream.timeout=5s
    # generated for ${name}
`;
}

/** A standalone shared ConfigMap: pads the base so the output has exactly the target count. */
export function writeSharedConfigMap(index: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: shared-config-${index}
data:
  shared.yaml: |
    tracing:
      endpoint: otel-collector:4317
      sampleRate: 0.1
  INDEX: "${index}"
`;
}
