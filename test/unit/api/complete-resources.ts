/**
 * One Application and one AppProject that set every field of the TypeScript types. The
 * `DeepRequired` annotation makes the compiler insist on every optional field and refuse any
 * field the types lack, so walking these objects against the CRD schema compares the types
 * and the CRD in both directions.
 */
import type { AppProject, Application, Operation, RetryStrategy } from '../../../src/api/index.js';

export type DeepRequired<T> = T extends readonly (infer I)[]
  ? DeepRequired<I>[]
  : T extends object
    ? { [K in keyof T]-?: DeepRequired<T[K]> }
    : T;

const SHA = '3f6c1a2b9d8e7f60514233a4b5c6d7e8f9a0b1c2';
const TIME = '2025-01-01T10:00:00Z';

const source: DeepRequired<Application['spec']['source']> = {
  repoURL: 'https://git.example.com/org/deploy.git',
  targetRevision: 'main',
  path: 'apps/web',
  directory: { recurse: true, include: '*.yaml', exclude: 'test-*.yaml' },
  kustomize: {
    namePrefix: 'prod-',
    nameSuffix: '-v1',
    namespace: 'web',
    images: ['nginx=nginx:1.27'],
    commonLabels: { team: 'a' },
    commonAnnotations: { 'example.com/owner': 'team-a' },
    replicas: [{ name: 'web', count: 3 }],
  },
};

const retry: DeepRequired<RetryStrategy> = {
  limit: 5,
  backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
};
const operation: DeepRequired<Operation> = {
  sync: {
    revision: SHA,
    source,
    prune: true,
    dryRun: false,
    resources: [{ group: 'apps', kind: 'Deployment', name: 'web', namespace: 'web' }],
    syncOptions: ['PruneLast=true'],
  },
  initiatedBy: { username: 'alice', automated: false },
  retry,
};

export const completeApplication: DeepRequired<Application> = {
  apiVersion: 'capstan.dev/v1alpha1',
  kind: 'Application',
  metadata: {
    name: 'web',
    namespace: 'capstan-system',
    uid: '5f0c3a52-0000-4000-8000-000000000001',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: TIME,
    deletionTimestamp: TIME,
    labels: { team: 'a' },
    annotations: { 'capstan.dev/refresh': 'hard' },
    finalizers: ['resources-finalizer.capstan.dev'],
  },
  spec: {
    project: 'default',
    source,
    // Both set only because DeepRequired demands every field; validation refuses this.
    destination: { server: 'https://kubernetes.default.svc', name: 'in-cluster', namespace: 'web' },
    syncPolicy: {
      automated: { prune: true, selfHeal: true, allowEmpty: false },
      syncOptions: ['CreateNamespace=true'],
      retry,
    },
    ignoreDifferences: [
      {
        group: 'apps',
        kind: 'Deployment',
        name: 'web',
        namespace: 'web',
        jsonPointers: ['/spec/replicas'],
        jqPathExpressions: ['.spec.template.metadata.annotations'],
        managedFieldsManagers: ['kube-controller-manager'],
      },
    ],
    revisionHistoryLimit: 10,
  },
  operation,
  status: {
    sync: {
      status: 'Synced',
      revision: SHA,
      shortRevision: SHA.slice(0, 7),
      comparedTo: {
        source,
        destination: { server: 'https://kubernetes.default.svc', name: '', namespace: 'web' },
      },
    },
    health: { status: 'Healthy', message: '' },
    resources: [
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: 'web',
        name: 'web',
        status: 'Synced',
        health: { status: 'Progressing', message: 'rollout under way' },
        hook: false,
        requiresPruning: false,
        syncWave: 0,
      },
    ],
    operationState: {
      operation,
      phase: 'Succeeded',
      message: 'successfully synced',
      startedAt: TIME,
      finishedAt: TIME,
      retryCount: 0,
      syncResult: {
        revision: SHA,
        source,
        resources: [
          {
            group: 'batch',
            version: 'v1',
            kind: 'Job',
            namespace: 'web',
            name: 'migrate',
            status: 'Synced',
            message: 'job.batch/migrate created',
            hookType: 'PreSync',
            hookPhase: 'Succeeded',
            syncPhase: 'PreSync',
            syncWave: -1,
          },
        ],
      },
    },
    history: [
      {
        id: 0,
        revision: SHA,
        deployedAt: TIME,
        deployStartedAt: TIME,
        source,
        initiatedBy: { username: 'alice', automated: false },
      },
    ],
    conditions: [
      {
        type: 'ComparisonError',
        reason: 'RenderFailed',
        message: 'apps/web/kustomization.yaml: unknown field',
        lastTransitionTime: TIME,
      },
    ],
    reconciledAt: TIME,
    observedGeneration: 3,
    summary: { images: ['nginx:1.27'] },
  },
};

export const completeAppProject: DeepRequired<AppProject> = {
  apiVersion: 'capstan.dev/v1alpha1',
  kind: 'AppProject',
  metadata: completeApplication.metadata,
  spec: {
    description: 'team a',
    sourceRepos: ['https://git.example.com/team-a/*'],
    destinations: [{ server: '*', name: '', namespace: 'team-a-*' }],
    clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
    clusterResourceBlacklist: [{ group: 'rbac.authorization.k8s.io', kind: '*' }],
    namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }],
    namespaceResourceBlacklist: [{ group: '', kind: 'ResourceQuota' }],
  },
};
