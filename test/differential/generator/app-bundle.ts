/**
 * Generates the resources of a base: one to three "apps" (a workload with the companions
 * it names: ConfigMaps, Secrets, ServiceAccount, PVC, Service, Ingress, HPA, PDB,
 * NetworkPolicy, RBAC) and optional cluster-level extras (ClusterRole + binding,
 * Namespace, CRD + custom resource). Returns the documents and the model of them.
 */
import {
  buildBinding,
  buildCrd,
  buildNamespace,
  buildRole,
  buildWidget,
  CRD_GROUP,
} from './kinds-cluster.js';
import {
  buildConfigMap,
  buildHpa,
  buildIngress,
  buildNetworkPolicy,
  buildPdb,
  buildPvc,
  buildSecret,
  buildService,
  buildServiceAccount,
} from './kinds-services.js';
import { buildWorkload, makeMetadata, type PodRefs, type WorkloadKind } from './kinds-workloads.js';
import {
  claimName,
  describeManifest,
  type CaseContext,
  type Manifest,
  type ModelResource,
} from './model.js';
import { APP_WORDS, IMAGES } from './scalars.js';

export interface BundleResult {
  docs: Manifest[];
  scope: ModelResource[];
  /** ConfigMaps and Secrets the workloads name but that the kustomization must generate. */
  toGenerate: { kind: 'ConfigMap' | 'Secret'; name: string }[];
}

export interface BundleOptions {
  apps: number;
  namespace?: string;
  withClusterExtras: boolean;
}

const WORKLOAD_KINDS: WorkloadKind[] = [
  'Deployment',
  'Deployment',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
];

function push(out: BundleResult, manifest: Manifest, extra: Partial<ModelResource> = {}): void {
  out.docs.push(manifest);
  out.scope.push(describeManifest(manifest, extra));
}

function pickCompanionNames(
  ctx: CaseContext,
  app: string,
  out: BundleResult,
  ns: string | undefined,
): PodRefs & { saNs?: string } {
  const { rng } = ctx;
  const refs: PodRefs = { app, image: rng.pick(IMAGES), configMaps: [], secrets: [], varNames: [] };
  const labels = { app };
  const cmCount = rng.pick([0, 1, 1, 2]);
  for (let i = 0; i < cmCount; i++) {
    const generated = rng.chance(0.55);
    const name = claimName(ctx, 'ConfigMap', `${app}-${generated ? 'settings' : 'config'}`);
    refs.configMaps.push(name);
    if (generated) out.toGenerate.push({ kind: 'ConfigMap', name });
    else push(out, buildConfigMap(rng, makeMetadata(rng, name, labels, ns)));
  }
  if (rng.chance(0.5)) {
    const generated = rng.chance(0.5);
    const name = claimName(ctx, 'Secret', `${app}-${generated ? 'credentials' : 'secret'}`);
    refs.secrets.push(name);
    if (generated) out.toGenerate.push({ kind: 'Secret', name });
    else push(out, buildSecret(rng, makeMetadata(rng, name, labels, ns)));
  }
  if (rng.chance(0.5)) {
    const name = claimName(ctx, 'ServiceAccount', app);
    refs.serviceAccount = name;
    push(out, buildServiceAccount(rng, makeMetadata(rng, name, labels, ns), refs.secrets[0]));
  }
  return refs;
}

function addApp(ctx: CaseContext, out: BundleResult, opts: BundleOptions, peers: string[]): void {
  const { rng } = ctx;
  const app = claimName(ctx, 'app', rng.pick(APP_WORDS));
  const ns = opts.namespace;
  const kind = rng.pick(WORKLOAD_KINDS);
  const labels = { app };
  const refs = pickCompanionNames(ctx, app, out, ns);
  const scalable = kind === 'Deployment' || kind === 'StatefulSet';
  const hasService = scalable && rng.chance(0.8);
  const serviceName = hasService ? claimName(ctx, 'Service', app) : undefined;
  if (scalable && rng.chance(0.2)) {
    refs.claim = claimName(ctx, 'PersistentVolumeClaim', `${app}-data`);
    push(out, buildPvc(rng, makeMetadata(rng, refs.claim, labels, ns)));
  }
  if (serviceName !== undefined && rng.chance(0.3)) {
    const varName = `${app.toUpperCase().replace(/-/g, '_')}_SERVICE`;
    refs.varNames.push(varName);
    ctx.pendingVars.push({
      name: varName,
      kind: 'Service',
      apiVersion: 'v1',
      objectName: serviceName,
    });
  }
  const workloadName = claimName(ctx, kind, app);
  const built = buildWorkload(rng, kind, makeMetadata(rng, workloadName, labels, ns), refs);
  push(out, built.manifest, { containers: built.containers, podSpecPath: built.podSpecPath });
  if (serviceName !== undefined) {
    push(out, buildService(rng, makeMetadata(rng, serviceName, labels, ns), app));
    if (rng.chance(0.4)) {
      const name = claimName(ctx, 'Ingress', app);
      push(
        out,
        buildIngress(
          rng,
          makeMetadata(rng, name, labels, ns),
          serviceName,
          rng.chance(0.4) ? `${app}-tls` : undefined,
        ),
      );
    }
  }
  if (scalable && rng.chance(0.3)) {
    push(
      out,
      buildHpa(
        rng,
        makeMetadata(rng, claimName(ctx, 'HorizontalPodAutoscaler', app), labels, ns),
        kind,
        workloadName,
      ),
    );
  }
  if (rng.chance(0.2))
    push(
      out,
      buildPdb(rng, makeMetadata(rng, claimName(ctx, 'PodDisruptionBudget', app), labels, ns), app),
    );
  if (rng.chance(0.2)) {
    const meta = makeMetadata(rng, claimName(ctx, 'NetworkPolicy', `allow-to-${app}`), labels, ns);
    push(out, buildNetworkPolicy(rng, meta, app, peers[0] ?? 'gateway'));
  }
  if (refs.serviceAccount !== undefined && rng.chance(0.35)) {
    const role = claimName(ctx, 'Role', `${app}-reader`);
    push(out, buildRole(rng, 'Role', makeMetadata(rng, role, labels, ns)));
    const binding = makeMetadata(rng, claimName(ctx, 'RoleBinding', `${app}-reader`), labels, ns);
    const account =
      rng.chance(0.5) && ns !== undefined
        ? { name: refs.serviceAccount, namespace: ns }
        : { name: refs.serviceAccount };
    push(out, buildBinding(rng, 'RoleBinding', binding, { kind: 'Role', name: role }, account));
  }
  if (refs.serviceAccount !== undefined && opts.withClusterExtras && rng.chance(0.5)) {
    const role = claimName(ctx, 'ClusterRole', `${app}-cluster-reader`);
    push(out, buildRole(rng, 'ClusterRole', makeMetadata(rng, role, labels)), {
      clusterScoped: true,
    });
    const binding = makeMetadata(
      rng,
      claimName(ctx, 'ClusterRoleBinding', `${app}-cluster-reader`),
      labels,
    );
    const account = { name: refs.serviceAccount, namespace: ns ?? 'default' };
    push(
      out,
      buildBinding(
        rng,
        'ClusterRoleBinding',
        binding,
        { kind: 'ClusterRole', name: role },
        account,
      ),
      { clusterScoped: true },
    );
  }
  peers.push(app);
}

function addClusterExtras(ctx: CaseContext, out: BundleResult, opts: BundleOptions): void {
  const { rng } = ctx;
  // The namespace transformer renames Namespace objects to its namespace: two would collide.
  if (rng.chance(0.4) && !ctx.usedNames.has('Namespace')) {
    const wanted = opts.namespace ?? rng.pick(['tools', 'shared', 'observability']);
    const name = claimName(ctx, 'Namespace', wanted);
    push(out, buildNamespace(makeMetadata(rng, name, { 'kubernetes.io/metadata.name': name })), {
      clusterScoped: true,
    });
  }
  if (
    rng.chance(0.35) &&
    !ctx.usedNames.get('CustomResourceDefinition')?.has(`widgets.${CRD_GROUP}`)
  ) {
    claimName(ctx, 'CustomResourceDefinition', `widgets.${CRD_GROUP}`);
    push(out, buildCrd(rng, { 'app.kubernetes.io/part-of': 'widgets' }), { clusterScoped: true });
    const cm = out.scope.find((r) => r.kind === 'ConfigMap')?.name;
    const name = claimName(ctx, 'Widget', rng.pick(['gizmo', 'sprocket', 'gadget']));
    push(
      out,
      buildWidget(
        rng,
        makeMetadata(rng, name, { app: 'widgets' }, opts.namespace),
        cm,
        out.toGenerate.find((g) => g.kind === 'Secret')?.name,
      ),
    );
  }
}

/** The documents of one base (or of an overlay's own additions). */
export function generateApps(ctx: CaseContext, opts: BundleOptions): BundleResult {
  const out: BundleResult = { docs: [], scope: [], toGenerate: [] };
  const peers: string[] = [];
  for (let i = 0; i < opts.apps; i++) addApp(ctx, out, opts, peers);
  if (opts.withClusterExtras) addClusterExtras(ctx, out, opts);
  return out;
}
