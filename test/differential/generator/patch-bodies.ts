/**
 * The content of patches: strategic-merge bodies per kind (merge keys, `$patch: delete`,
 * `$patch: replace`, `$retainKeys`, null deletions) and JSON 6902 operation lists that
 * are valid for every object they will be applied to. Both update the model.
 */
import { readGroup, type Manifest, type ModelResource } from './model.js';
import type { Rng } from './prng.js';
import { pickLabelValue, pickValue } from './scalars.js';

type Entry = Record<string, unknown>;

function setPath(root: Entry, path: string, value: unknown): void {
  const parts = path.split('/');
  let node = root;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Entry;
  }
  node[parts[parts.length - 1] ?? ''] = value;
}

function patchPodSpec(rng: Rng, r: ModelResource, body: Entry): void {
  const podPath = r.podSpecPath ?? 'spec/template/spec';
  const main = r.containers[0];
  if (main === undefined) return;
  const how = rng.int(0, 6);
  if (how === 0) {
    main.envValues.push('FEATURE_X');
    main.hasEnv = true;
    setPath(body, `${podPath}/containers`, [
      { name: main.name, env: [{ name: 'FEATURE_X', value: pickValue(rng) }] },
    ]);
  } else if (how === 1) {
    main.image = rng.pick(['nginx:1.27.0', 'registry.example.com/team/api:v3.0.0', 'busybox:1.36']);
    setPath(body, `${podPath}/containers`, [{ name: main.name, image: main.image }]);
  } else if (how === 2) {
    // Kustomize's strategic merge puts list items new to the object first, not last.
    r.containers.unshift({
      name: 'proxy',
      image: 'envoyproxy/envoy:v1.30.0',
      envValues: [],
      hasEnv: false,
    });
    setPath(body, `${podPath}/containers`, [
      { name: 'proxy', image: 'envoyproxy/envoy:v1.30.0', ports: [{ containerPort: 15001 }] },
    ]);
  } else if (how === 3 && main.envValues.includes('LOG_LEVEL')) {
    main.envValues = main.envValues.filter((e) => e !== 'LOG_LEVEL');
    main.hasEnv = false;
    setPath(body, `${podPath}/containers`, [
      { name: main.name, env: [{ name: 'LOG_LEVEL', $patch: 'delete' }] },
    ]);
  } else if (how === 4) {
    setPath(body, `${podPath}/containers`, [
      { name: main.name, resources: { $patch: 'replace', limits: { cpu: '2', memory: '2Gi' } } },
    ]);
  } else if (how === 5) {
    setPath(body, `${podPath}/volumes`, [{ name: 'scratch', emptyDir: { medium: 'Memory' } }]);
    setPath(body, `${podPath}/containers`, [
      { name: main.name, volumeMounts: [{ name: 'scratch', mountPath: '/tmp/scratch' }] },
    ]);
  } else {
    setPath(body, `${podPath.replace(/\/spec$/, '')}/metadata/annotations`, {
      'example.com/restartedAt': '2024-05-01T00:00:00Z',
    });
  }
}

/** A strategic-merge patch body (without apiVersion/kind/metadata.name) for one object. */
export function makeSmpBody(rng: Rng, r: ModelResource): Entry {
  const body: Entry = {};
  if (r.podSpecPath !== undefined) {
    patchPodSpec(rng, r, body);
    if ((r.kind === 'Deployment' || r.kind === 'StatefulSet') && rng.chance(0.3))
      setPath(body, 'spec/replicas', rng.int(2, 9));
    if (r.kind === 'Deployment' && rng.chance(0.15))
      body['spec'] = {
        ...(body['spec'] as Entry),
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
      };
  } else if (r.kind === 'ConfigMap') {
    const data: Entry = { PATCHED: pickValue(rng, 0.6) };
    const removable = r.dataKeys.filter((k) => k !== 'MODE' && k !== 'PATCHED');
    const dropped = removable.length > 0 && rng.chance(0.4) ? rng.pick(removable) : undefined;
    if (dropped !== undefined) data[dropped] = null;
    body['data'] = data;
    r.dataKeys = [...r.dataKeys.filter((k) => k !== dropped), 'PATCHED'];
  } else if (r.kind === 'Service') {
    body['spec'] = rng.chance(0.5)
      ? { ports: [{ name: 'https', port: 443, targetPort: 8443 }] }
      : { type: 'NodePort' };
  } else if (r.kind === 'HorizontalPodAutoscaler') {
    body['spec'] = { maxReplicas: rng.int(11, 20) };
  } else if (r.kind === 'Widget') {
    body['spec'] = { size: rng.int(10, 20), color: null, extra: { nested: pickValue(rng) } };
  } else if (r.kind === 'Secret') {
    body['stringData'] = { token: pickValue(rng, 0.2) };
  }
  if (Object.keys(body).length === 0 || rng.chance(0.3)) patchMetadata(rng, r, body);
  return body;
}

function patchMetadata(rng: Rng, r: ModelResource, body: Entry): void {
  const meta: Entry = { labels: { patched: pickLabelValue(rng) } };
  r.labelKeys.push('patched');
  if (rng.chance(0.5)) {
    const annotations: Entry = { 'example.com/patched-by': pickValue(rng) };
    if (r.annotationKeys.includes('note') && r.annotationKeys.length >= 2 && rng.chance(0.4)) {
      annotations['note'] = null;
      r.annotationKeys = r.annotationKeys.filter((k) => k !== 'note');
    }
    meta['annotations'] = annotations;
    r.hasAnnotations = true;
    r.annotationKeys.push('example.com/patched-by');
  }
  body['metadata'] = meta;
}

/** A complete strategic-merge patch document addressing `r` by name (and namespace). */
export function makeSmpPatch(rng: Rng, r: ModelResource, nameOverride?: string): Manifest {
  const body = makeSmpBody(rng, r);
  const metadata: Entry = { ...((body['metadata'] ?? {}) as Entry), name: nameOverride ?? r.name };
  const namespace = rng.pick(r.origNamespaces);
  if (nameOverride === undefined && namespace !== '' && !r.clusterScoped)
    metadata['namespace'] = namespace;
  return { apiVersion: r.apiVersion, kind: r.kind, ...body, metadata };
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** JSON 6902 ops valid for every target; with `narrow` false only label ops are used. */
export function makeJsonOps(rng: Rng, targets: readonly ModelResource[], narrow: boolean): Entry[] {
  const key = rng.pick(['patched-json', 'example.com/json', 'tier']);
  const value = pickLabelValue(rng);
  const unlabelled = narrow && targets.some((t) => t.labelKeys.length === 0);
  const ops: Entry[] = unlabelled
    ? [{ op: 'add', path: '/metadata/labels', value: { [key]: value } }]
    : [{ op: 'add', path: `/metadata/labels/${escapePointer(key)}`, value }];
  for (const t of targets) t.labelKeys.push(key);
  if (rng.chance(0.2))
    ops.push({ op: 'test', path: '/metadata/labels/' + escapePointer(key), value });
  if (!narrow) return ops;
  const t = targets[0];
  if (t === undefined) return ops;
  if (targets.every((x) => x.hasAnnotations) && rng.chance(0.5)) {
    ops.push({
      op: 'add',
      path: '/metadata/annotations/example.com~1json-patched',
      value: pickValue(rng),
    });
    for (const x of targets) x.annotationKeys.push('example.com/json-patched');
  }
  if (!unlabelled && rng.chance(0.3))
    ops.push({ op: 'copy', from: '/metadata/name', path: '/metadata/labels/copied-name' });
  if (targets.length !== 1) return ops;
  if (t.kind === 'Deployment' || t.kind === 'StatefulSet')
    ops.push({ op: 'replace', path: '/spec/replicas', value: rng.int(1, 9) });
  const main = t.containers[0];
  if (t.podSpecPath !== undefined && main !== undefined) {
    const base = `/${t.podSpecPath}/containers/0`;
    if (rng.chance(0.5)) {
      main.image = rng.pick(['nginx:1.26.1', 'redis:7.4', 'ghcr.io/acme/worker:2024.07.01']);
      ops.push({ op: 'replace', path: `${base}/image`, value: main.image });
    }
    if (main.hasEnv && rng.chance(0.6)) {
      ops.push({
        op: 'add',
        path: `${base}/env/-`,
        value: { name: 'FROM_JSON_PATCH', value: pickValue(rng) },
      });
      main.envValues.push('FROM_JSON_PATCH');
    }
    if (rng.chance(0.3))
      ops.push({
        op: 'add',
        path: `/${t.podSpecPath}/nodeSelector`,
        value: { 'kubernetes.io/os': 'linux' },
      });
  }
  if (t.kind === 'ConfigMap' && t.dataKeys.length > 0) {
    ops.push({ op: 'add', path: '/data/FROM_JSON', value: pickValue(rng) });
    t.dataKeys.push('FROM_JSON');
  }
  if (t.annotationKeys.includes('note') && t.annotationKeys.length >= 2 && rng.chance(0.3)) {
    ops.push({ op: 'remove', path: '/metadata/annotations/note' });
    t.annotationKeys = t.annotationKeys.filter((k) => k !== 'note');
  }
  return ops;
}

/** A target selector for exactly `r`, in one of several equivalent spellings. */
export function makeExactTarget(rng: Rng, r: ModelResource): Entry {
  const target: Entry = {};
  if (rng.chance(0.4)) {
    const group = readGroup(r.apiVersion);
    if (group !== '') target['group'] = group;
    target['version'] = r.apiVersion.split('/').pop();
  }
  target['kind'] = r.kind;
  target['name'] = rng.chance(0.2) ? `^${r.name}$` : r.name;
  return target;
}
