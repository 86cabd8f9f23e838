/**
 * The benchmark's Git repository and Applications: one directory per app under `apps/`
 * (a kustomization with `namespace`, `labels`, `images` and generators over a handful of
 * manifest files, as teams keep them in a monorepo), each deployed to its own namespace by
 * one Application. Pure and seeded: data in, file map and manifests out.
 */
import { createSeededRandom } from '../../test/helpers/seeded-random.js';
import { IMAGE_REGISTRY, writeAppParts, type AppPart } from './app-manifests.js';

export const APP_NAMESPACE = 'capstan-system';
export const APPS_DIR = 'apps';

export interface BenchApp {
  readonly name: string;
  /** Destination namespace (the app's own). */
  readonly namespace: string;
  readonly path: string;
  /** Kind and name of every object the app renders, generated ones without hash suffix. */
  readonly objects: readonly { kind: string; name: string }[];
}

export interface BenchRepoTree {
  readonly files: Record<string, string>;
  readonly apps: readonly BenchApp[];
}

/** app-000, app-001, … (wider when there are more than 1,000). */
export function nameBenchApp(index: number, total: number): string {
  const width = Math.max(3, String(total - 1).length);
  return `app-${String(index).padStart(width, '0')}`;
}

function writeKustomization(
  name: string,
  team: string,
  parts: readonly AppPart[],
  random: () => number,
): string {
  const files = [...new Set(parts.flatMap((p) => ('file' in p ? [p.file] : [])))];
  const generators = (kind: 'ConfigMap' | 'Secret'): string =>
    parts.flatMap((p) => ('generator' in p && p.kind === kind ? [p.generator] : [])).join('');
  const configMaps = generators('ConfigMap');
  const secrets = generators('Secret');
  const tag = `1.${String(Math.floor(random() * 30))}.${String(Math.floor(random() * 10))}`;
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    `namespace: ${name}`,
    'labels:',
    '- pairs:',
    `    app.kubernetes.io/part-of: ${name}`,
    `    bench.capstan.dev/team: ${team}`,
    '  includeSelectors: false',
    'images:',
    `- name: ${IMAGE_REGISTRY}/web`,
    `  newTag: ${tag}`,
    `- name: ${IMAGE_REGISTRY}/worker`,
    `  newTag: ${tag}`,
    ...(files.length > 0 ? ['resources:', ...files.map((f) => `- ${f}`)] : []),
    ...(configMaps ? ['configMapGenerator:', configMaps.trimEnd()] : []),
    ...(secrets ? ['secretGenerator:', secrets.trimEnd()] : []),
    '',
  ].join('\n');
}

/** Every file of the repository and the apps it holds. */
export function generateBenchRepo(
  apps: number,
  objectsPerApp: number,
  seed: number,
): BenchRepoTree {
  const files: Record<string, string> = {};
  const list: BenchApp[] = [];
  for (let i = 0; i < apps; i++) {
    const random = createSeededRandom(seed * 100_003 + i);
    const name = nameBenchApp(i, apps);
    const team = `team-${String(i % 12)}`;
    const parts = writeAppParts({ name, team, random }, objectsPerApp);
    const path = `${APPS_DIR}/${name}`;
    const byFile = new Map<string, string[]>();
    for (const part of parts) {
      if (!('file' in part)) continue;
      const texts = byFile.get(part.file) ?? [];
      texts.push(part.text);
      byFile.set(part.file, texts);
    }
    for (const [file, texts] of byFile) files[`${path}/${file}`] = texts.join('---\n');
    files[`${path}/kustomization.yaml`] = writeKustomization(name, team, parts, random);
    list.push({
      name,
      namespace: name,
      path,
      objects: parts.map((p) => ({ kind: p.kind, name: p.name })),
    });
  }
  return { files, apps: list };
}

/** Automated sync for every app; absent: the apps are only compared. */
export interface BenchSyncPolicy {
  readonly prune: boolean;
  readonly selfHeal: boolean;
}

function writeSyncPolicy(automated: BenchSyncPolicy | undefined): string {
  if (automated === undefined) return '';
  return `  syncPolicy:
    automated:
      prune: ${String(automated.prune)}
      selfHeal: ${String(automated.selfHeal)}
`;
}

/** One multi-document YAML file of the Applications, for `kubectl apply -f`. */
export function writeApplicationsYaml(
  apps: readonly BenchApp[],
  repoURL: string,
  automated?: BenchSyncPolicy,
): string {
  return apps
    .map(
      (app) => `apiVersion: capstan.dev/v1alpha1
kind: Application
metadata:
  name: ${app.name}
  namespace: ${APP_NAMESPACE}
spec:
  project: default
  source:
    repoURL: ${repoURL}
    path: ${app.path}
    targetRevision: HEAD
  destination:
    server: https://kubernetes.default.svc
    namespace: ${app.namespace}
${writeSyncPolicy(automated)}`,
    )
    .join('---\n');
}
