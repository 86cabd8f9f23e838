/**
 * The builtin transformer fields of a kustomization: namespace, namePrefix/nameSuffix,
 * commonLabels, labels (pairs, includeSelectors, includeTemplates, fields),
 * commonAnnotations, images, replicas and configurations. Each adder writes its field and
 * moves the model forward the way Kustomize would, in Kustomize's own order.
 */
import { addFile, listLive, type CaseContext, type ModelResource } from './model.js';
import type { Rng } from './prng.js';
import { ENV_WORDS, makeHex, pickLabelValue, pickValue, TEAM_WORDS } from './scalars.js';

type Entry = Record<string, unknown>;

/** `namespace:`: every namespaced object moves into it. */
export function addNamespace(body: Entry, scope: ModelResource[], namespace: string): void {
  body['namespace'] = namespace;
  for (const r of scope) {
    if (r.clusterScoped) continue;
    r.namespace = namespace;
    if (!r.renamed && !r.origNamespaces.includes(namespace)) r.origNamespaces.push(namespace);
  }
}

/** `namePrefix` and/or `nameSuffix`. */
export function addNameAffixes(rng: Rng, body: Entry, scope: ModelResource[]): void {
  for (const r of scope) r.renamed = true;
  if (rng.chance(0.7)) body['namePrefix'] = `${rng.pick([...ENV_WORDS, ...TEAM_WORDS])}-`;
  if (rng.chance(0.4) || body['namePrefix'] === undefined)
    body['nameSuffix'] = rng.pick(['-v2', '-blue', '-east', '-01']);
}

/** `commonLabels` or `labels` (or both). */
export function addLabels(rng: Rng, body: Entry, scope: ModelResource[]): void {
  const keys: string[] = [];
  if (rng.chance(0.5)) {
    const common: Record<string, string> = { env: rng.pick(ENV_WORDS) };
    if (rng.chance(0.5))
      common['app.kubernetes.io/part-of'] = rng.pick(['shop', 'platform', 'analytics']);
    if (rng.chance(0.2)) common['release'] = pickLabelValue(rng);
    body['commonLabels'] = common;
    keys.push(...Object.keys(common));
  }
  if (rng.chance(0.6) || keys.length === 0) {
    const entries: Entry[] = [];
    for (let i = rng.int(1, 2); i > 0; i--) {
      const key = rng.pick([
        'team',
        'tier',
        'app.kubernetes.io/managed-by',
        'cost-center',
        'version',
      ]);
      const entry: Entry = {
        pairs: { [key]: rng.chance(0.5) ? pickLabelValue(rng) : rng.pick(TEAM_WORDS) },
      };
      if (rng.chance(0.4)) entry['includeSelectors'] = rng.chance(0.6);
      if (rng.chance(0.4)) entry['includeTemplates'] = true;
      if (rng.chance(0.25)) {
        entry['fields'] = [
          rng.chance(0.5)
            ? { kind: 'Widget', path: 'spec/selector/matchLabels', create: true }
            : {
                kind: 'Deployment',
                path: 'spec/template/metadata/annotations',
                create: rng.chance(0.5),
              },
        ];
      }
      entries.push(entry);
      keys.push(key);
    }
    body['labels'] = entries;
  }
  for (const r of scope) r.labelKeys = [...new Set([...r.labelKeys, ...keys])];
}

/** `commonAnnotations`, with tricky values. */
export function addAnnotations(rng: Rng, body: Entry, scope: ModelResource[]): void {
  const annotations: Record<string, string> = { 'example.com/managed': pickValue(rng, 0.6) };
  if (rng.chance(0.5)) annotations['description'] = pickValue(rng, 0.7);
  if (rng.chance(0.2)) annotations['example.com/build'] = String(rng.int(1, 9999));
  body['commonAnnotations'] = annotations;
  for (const r of scope) {
    r.hasAnnotations = true;
    r.annotationKeys = [...new Set([...r.annotationKeys, ...Object.keys(annotations)])];
  }
}

/** The image name as `images[].name` matches it (no tag, no digest). */
export function readImageName(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

function applyImageEntry(image: string, entry: ImageEntry): string {
  const name = entry.newName ?? readImageName(image);
  if (entry.digest !== undefined) return `${name}@${entry.digest}`;
  if (entry.newTag !== undefined) return `${name}:${entry.newTag}`;
  return name + image.slice(readImageName(image).length);
}

/** `images`: new names, tags and digests for images in use (and one not in use). */
export function addImages(rng: Rng, body: Entry, scope: ModelResource[]): void {
  const inUse = [
    ...new Set(listLive(scope).flatMap((r) => r.containers.map((c) => readImageName(c.image)))),
  ];
  const names = rng.sample(inUse, rng.int(1, 2));
  if (rng.chance(0.2) || names.length === 0) names.push('unused/image');
  const entries: ImageEntry[] = names.map((name) => {
    const entry: ImageEntry = { name };
    const how = rng.int(0, 4);
    if (how === 0 || how === 2)
      entry.newName = rng.pick([
        `mirror.example.com/${name.split('/').pop() ?? name}`,
        `registry.local:5000/x/${name.split('/').pop() ?? name}`,
      ]);
    if (how === 1 || how === 2)
      entry.newTag = rng.pick(['1.2.3', 'latest', '2024.06', '1.10', 'v0']);
    if (how === 3 || (how === 4 && rng.chance(0.5))) entry.digest = `sha256:${makeHex(rng, 64)}`;
    if (how === 4) entry.newTag = 'stable';
    return entry;
  });
  body['images'] = entries;
  for (const r of scope) {
    for (const c of r.containers) {
      const entry = entries.find((e) => e.name === readImageName(c.image));
      if (entry !== undefined) c.image = applyImageEntry(c.image, entry);
    }
  }
}

/** `replicas` for some Deployments and StatefulSets in scope. */
export function addReplicas(rng: Rng, body: Entry, scope: ModelResource[]): void {
  const scalable = listLive(scope).filter(
    (r) => r.kind === 'Deployment' || r.kind === 'StatefulSet',
  );
  if (scalable.length === 0) return;
  body['replicas'] = rng
    .sample(scalable, rng.int(1, 2))
    .map((r) => ({ name: r.name, count: rng.int(0, 7) }));
}

/** `configurations`: teach name references, labels and images about Widget fields. */
export function addConfigurations(ctx: CaseContext, dir: string, body: Entry): void {
  const path = ctx.rng.pick(['kustomizeconfig.yaml', 'config/widget-refs.yaml']);
  const text = [
    'nameReference:',
    '- kind: ConfigMap',
    '  fieldSpecs:',
    '  - kind: Widget',
    '    path: spec/configMapName',
    '- kind: Secret',
    '  fieldSpecs:',
    '  - kind: Widget',
    '    path: spec/secretName',
    'commonLabels:',
    '- kind: Widget',
    '  path: spec/selector/matchLabels',
    '  create: true',
    '',
  ].join('\n');
  addFile(ctx, `${dir}/${path}`, text);
  body['configurations'] = [path];
}
