/**
 * `replacements` (inline and from files; sources by kind/name with fieldPath, delimiter
 * and index options; targets with list selectors `[name=x]`, `create`, `reject`) and the
 * legacy `vars` whose `$(NAME)` references workloads put in their container args.
 */
import { stringify } from 'yaml';
import { addFile, listLive, type CaseContext, type ModelResource } from './model.js';

type Entry = Record<string, unknown>;

function dotted(path: string): string {
  return path.replace(/\//g, '.');
}

function makeSource(r: ModelResource, fieldPath?: string, options?: Entry): Entry {
  const source: Entry = { kind: r.kind, name: r.name };
  if (fieldPath !== undefined) source['fieldPath'] = fieldPath;
  if (options !== undefined) source['options'] = options;
  return source;
}

/** ConfigMap data → a container's env value, addressed through list selectors. */
function makeDataToEnv(ctx: CaseContext, live: ModelResource[]): Entry | undefined {
  const { rng } = ctx;
  const sources = live.filter(
    (r) => r.kind === 'ConfigMap' && r.dataKeys.some((k) => !k.includes('.')),
  );
  const targets = live.filter(
    (r) => r.podSpecPath !== undefined && r.containers[0]?.envValues.length,
  );
  if (sources.length === 0 || targets.length === 0) return undefined;
  const source = rng.pick(sources);
  const target = rng.pick(targets);
  const container = target.containers[0];
  if (container === undefined) return undefined;
  const env = rng.pick(container.envValues);
  const fieldPath = `${dotted(target.podSpecPath ?? '')}.containers.[name=${container.name}].env.[name=${env}].value`;
  return {
    source: makeSource(source, `data.${rng.pick(source.dataKeys.filter((k) => !k.includes('.')))}`),
    targets: [{ select: { kind: target.kind, name: target.name }, fieldPaths: [fieldPath] }],
  };
}

/** Service name → Ingress backend, and optionally the first label of its host. */
function makeServiceToIngress(ctx: CaseContext, live: ModelResource[]): Entry | undefined {
  const { rng } = ctx;
  const ingresses = live.filter((r) => r.kind === 'Ingress');
  const services = live.filter((r) => r.kind === 'Service');
  if (ingresses.length === 0 || services.length === 0) return undefined;
  const ingress = rng.pick(ingresses);
  const targets: Entry[] = [
    {
      select: { kind: 'Ingress', name: ingress.name },
      fieldPaths: ['spec.rules.0.http.paths.0.backend.service.name'],
    },
  ];
  if (rng.chance(0.5)) {
    targets.push({
      select: { kind: 'Ingress' },
      fieldPaths: ['spec.rules.0.host'],
      options: { delimiter: '.', index: 0 },
    });
  }
  return {
    source: makeSource(rng.pick(services), rng.chance(0.5) ? 'metadata.name' : undefined),
    targets,
  };
}

/** An image tag → a created ConfigMap key, or a name → created pod-template annotations. */
function makeCreatingReplacement(ctx: CaseContext, live: ModelResource[]): Entry | undefined {
  const { rng } = ctx;
  const workloads = live.filter(
    (r) => r.podSpecPath !== undefined && r.containers[0]?.image.includes(':'),
  );
  const configs = live.filter((r) => r.kind === 'ConfigMap' || r.kind === 'Secret');
  if (workloads.length > 0 && rng.chance(0.5)) {
    const w = rng.pick(workloads);
    const target: Entry = {
      select: { kind: 'ConfigMap' },
      fieldPaths: ['data.IMAGE_TAG'],
      options: { create: true },
    };
    const cms = live.filter((r) => r.kind === 'ConfigMap');
    const rejected = cms.length > 1 && rng.chance(0.5) ? rng.pick(cms).name : undefined;
    if (rejected !== undefined) target['reject'] = [{ name: rejected }];
    for (const cm of cms) if (cm.name !== rejected) cm.dataKeys.push('IMAGE_TAG');
    return {
      source: makeSource(w, `${dotted(w.podSpecPath ?? '')}.containers.0.image`, {
        delimiter: ':',
        index: 1,
      }),
      targets: [target],
    };
  }
  if (configs.length === 0) return undefined;
  const kind = rng.pick(['Deployment', 'StatefulSet', 'DaemonSet']);
  return {
    source: makeSource(rng.pick(configs), 'metadata.name'),
    targets: [
      {
        select: { kind },
        fieldPaths: ['spec.template.metadata.annotations.config-source'],
        options: { create: true },
      },
    ],
  };
}

/** `replacements`: one to three, inline or from a file. */
export function addReplacements(
  ctx: CaseContext,
  dir: string,
  body: Entry,
  scope: ModelResource[],
): void {
  const { rng } = ctx;
  const live = listLive(scope);
  const makers = rng.sample(
    [makeDataToEnv, makeServiceToIngress, makeCreatingReplacement],
    rng.int(1, 3),
  );
  const entries: Entry[] = [];
  for (const make of makers) {
    const replacement = make(ctx, live);
    if (replacement === undefined) continue;
    if (rng.chance(0.3)) {
      const path = `${rng.pick(['', 'replacements/'])}replacement-${String(entries.length)}.yaml`;
      addFile(
        ctx,
        `${dir}/${path}`,
        stringify(rng.chance(0.5) ? replacement : [replacement], { lineWidth: 0 }),
      );
      entries.push({ path });
    } else {
      entries.push(replacement);
    }
  }
  if (entries.length > 0) body['replacements'] = entries;
}

/** `vars` for pending `$(NAME)` references whose object is in scope here. */
export function addVars(
  ctx: CaseContext,
  body: Entry,
  scope: ModelResource[],
  force: boolean,
): void {
  const { rng } = ctx;
  const live = listLive(scope);
  const vars: Entry[] = [];
  for (const v of ctx.pendingVars) {
    if (ctx.definedVars.has(v.name) || !(force || rng.chance(0.6))) continue;
    const object = live.find((r) => r.kind === v.kind && r.name === v.objectName);
    if (object === undefined) continue;
    const entry: Entry = {
      name: v.name,
      objref: { kind: v.kind, name: v.objectName, apiVersion: v.apiVersion },
    };
    const paths = ['metadata.name', 'metadata.name', 'spec.ports[0].port', undefined];
    const fieldpath = rng.pick(
      object.namespace === undefined ? paths : [...paths, 'metadata.namespace'],
    );
    if (fieldpath !== undefined) entry['fieldref'] = { fieldpath };
    vars.push(entry);
    ctx.definedVars.add(v.name);
  }
  if (vars.length > 0) body['vars'] = vars;
}
