/**
 * The shapes of the user-written parts of the resources (spec, operation). `ShapeOf<T>` makes
 * each constant list exactly the fields of its type, so types.ts, these shapes and (through
 * test/unit/api/crd-schema.test.ts) the CRD files cannot drift apart.
 */
import { BOOLEAN, INTEGER, INT_OR_STRING, STRING, STRING_MAP, type ShapeOf } from './shape.js';
import type {
  AppProjectSpec,
  ApplicationDestination,
  ApplicationSource,
  ApplicationSpec,
  GroupKind,
  Operation,
  RetryStrategy,
} from './types.js';

const STRING_LIST = { kind: 'list', items: STRING } as const;

const SOURCE_SHAPE: ShapeOf<ApplicationSource> = {
  kind: 'object',
  required: ['repoURL'],
  fields: {
    repoURL: STRING,
    targetRevision: STRING,
    path: STRING,
    directory: {
      kind: 'object',
      required: [],
      fields: { recurse: BOOLEAN, include: STRING, exclude: STRING },
    },
    kustomize: {
      kind: 'object',
      required: [],
      fields: {
        namePrefix: STRING,
        nameSuffix: STRING,
        namespace: STRING,
        images: STRING_LIST,
        commonLabels: STRING_MAP,
        commonAnnotations: STRING_MAP,
        replicas: {
          kind: 'list',
          items: {
            kind: 'object',
            required: ['name', 'count'],
            fields: { name: STRING, count: INT_OR_STRING },
          },
        },
      },
    },
  },
};

const DESTINATION_SHAPE: ShapeOf<ApplicationDestination> = {
  kind: 'object',
  required: [],
  fields: { server: STRING, name: STRING, namespace: STRING },
};

const RETRY_SHAPE: ShapeOf<RetryStrategy> = {
  kind: 'object',
  required: [],
  fields: {
    limit: INTEGER,
    backoff: {
      kind: 'object',
      required: [],
      fields: { duration: STRING, factor: INTEGER, maxDuration: STRING },
    },
  },
};

export const APPLICATION_SPEC_SHAPE: ShapeOf<ApplicationSpec> = {
  kind: 'object',
  required: ['source', 'destination'],
  fields: {
    project: STRING,
    source: SOURCE_SHAPE,
    destination: DESTINATION_SHAPE,
    syncPolicy: {
      kind: 'object',
      required: [],
      fields: {
        automated: {
          kind: 'object',
          required: [],
          fields: { prune: BOOLEAN, selfHeal: BOOLEAN, allowEmpty: BOOLEAN },
        },
        syncOptions: STRING_LIST,
        retry: RETRY_SHAPE,
      },
    },
    ignoreDifferences: {
      kind: 'list',
      items: {
        kind: 'object',
        required: ['kind'],
        fields: {
          group: STRING,
          kind: STRING,
          name: STRING,
          namespace: STRING,
          jsonPointers: STRING_LIST,
          jqPathExpressions: STRING_LIST,
          managedFieldsManagers: STRING_LIST,
        },
      },
    },
    revisionHistoryLimit: INTEGER,
  },
};

export const OPERATION_SHAPE: ShapeOf<Operation> = {
  kind: 'object',
  required: [],
  fields: {
    sync: {
      kind: 'object',
      required: [],
      fields: {
        revision: STRING,
        source: SOURCE_SHAPE,
        prune: BOOLEAN,
        dryRun: BOOLEAN,
        resources: {
          kind: 'list',
          items: {
            kind: 'object',
            required: ['kind', 'name'],
            fields: { group: STRING, kind: STRING, name: STRING, namespace: STRING },
          },
        },
        syncOptions: STRING_LIST,
      },
    },
    initiatedBy: {
      kind: 'object',
      required: [],
      fields: { username: STRING, automated: BOOLEAN },
    },
    retry: RETRY_SHAPE,
  },
};

const GROUP_KIND_LIST: ShapeOf<GroupKind[]> = {
  kind: 'list',
  items: { kind: 'object', required: ['group', 'kind'], fields: { group: STRING, kind: STRING } },
};

export const APP_PROJECT_SPEC_SHAPE: ShapeOf<AppProjectSpec> = {
  kind: 'object',
  required: [],
  fields: {
    description: STRING,
    sourceRepos: STRING_LIST,
    destinations: { kind: 'list', items: DESTINATION_SHAPE },
    clusterResourceWhitelist: GROUP_KIND_LIST,
    clusterResourceBlacklist: GROUP_KIND_LIST,
    namespaceResourceWhitelist: GROUP_KIND_LIST,
    namespaceResourceBlacklist: GROUP_KIND_LIST,
  },
};
