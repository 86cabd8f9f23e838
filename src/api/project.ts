/**
 * AppProject permission checks with Argo CD's semantics: which repositories, destinations and
 * kinds an Application of a project may use. Pure; answers are values (denials, booleans).
 * The project the app names is looked up by the caller; a name mismatch is not checked here.
 */
import type { AppProject, Application, ApplicationDestination, GroupKind } from './types.js';

/** Why an Application may not use its project: the spec field at fault and a sentence. */
export interface ProjectDenial {
  readonly field: string;
  readonly message: string;
}

/** Argo CD's built-in cluster, which a destination may name either way. */
const IN_CLUSTER = { name: 'in-cluster', server: 'https://kubernetes.default.svc' } as const;

// ---- globs ------------------------------------------------------------------------------

/** Characters with a meaning in a RegExp, outside and inside a class (`u` mode rules). */
const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/]/gu;
const CLASS_SPECIAL = /[\\\][^-]/gu;

function escapeRegExp(text: string): string {
  return text.replace(REGEXP_SPECIAL, '\\$&');
}

/** `[...]` starting at `start` (the `[`): its RegExp form and the index after `]`. */
function translateClass(pattern: string, start: number): { source: string; end: number } | null {
  let index = start + 1;
  const negated = pattern[index] === '!' || pattern[index] === '^';
  if (negated) index += 1;
  let body = '';
  for (; index < pattern.length && pattern[index] !== ']'; index += 1) {
    const escaped = pattern[index] === '\\' && index + 1 < pattern.length;
    if (escaped) index += 1;
    const char = pattern[index] ?? '';
    const isRange = !escaped && char === '-' && body !== '' && pattern[index + 1] !== ']';
    body += isRange ? '-' : char.replace(CLASS_SPECIAL, '\\$&');
  }
  // gobwas/glob refuses an unclosed or empty class; so do we (the pattern then matches nothing)
  if (index >= pattern.length || body === '') return null;
  return { source: `[${negated ? '^' : ''}${body}]`, end: index + 1 };
}

/**
 * A glob as RegExp source: `*` (not across `separator` when one is given), `**` (across it),
 * `?`, `[abc]`, `[!a-z]`, `{a,b}`, `\` escapes. null when malformed.
 */
function translateGlob(pattern: string, separator: string | undefined): string | null {
  const notSeparator = separator === undefined ? '.' : `[^${escapeRegExp(separator)}]`;
  let source = '';
  let braces = 0;
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += escapeRegExp(pattern[index] ?? '');
    } else if (char === '*') {
      const double = pattern[index + 1] === '*';
      if (double) index += 1;
      source += double ? '.*' : `${notSeparator}*`;
    } else if (char === '?') source += notSeparator;
    else if (char === '[') {
      const charClass = translateClass(pattern, index);
      if (charClass === null) return null;
      source += charClass.source;
      index = charClass.end - 1;
    } else if (char === '{') {
      braces += 1;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces -= 1;
      source += ')';
    } else if (char === ',' && braces > 0) source += '|';
    else source += escapeRegExp(char);
  }
  return braces === 0 ? source : null;
}

/**
 * Argo CD's glob match (gobwas/glob): `*` any run of characters, `?` one, `[abc]` / `[a-z]` /
 * `[!abc]` a class, `{a,b}` alternatives, `\` escapes; anything else is compared exactly.
 * With a `separator`, `*` and `?` stop at it and `**` crosses it, as Argo CD matches
 * `sourceRepos` with `/`. A lone `*` matches everything. A malformed pattern matches nothing.
 */
export function matchGlob(pattern: string, value: string, separator?: string): boolean {
  if (pattern === '*') return true;
  if (!/[*?[{\\]/u.test(pattern)) return pattern === value;
  const source = translateGlob(pattern, separator);
  if (source === null) return false;
  try {
    return new RegExp(`^${source}$`, 'su').test(value);
  } catch {
    // a reversed range such as [z-a]; gobwas refuses it as well
    return false;
  }
}

function isDenyPattern(pattern: string): boolean {
  return pattern.startsWith('!');
}

/** A project pattern: `!glob` matches what `glob` does not. */
function matchProjectPattern(pattern: string, value: string, separator?: string): boolean {
  if (isDenyPattern(pattern)) return !matchGlob(pattern.slice(1), value, separator);
  return matchGlob(pattern, value, separator);
}

// ---- sources ----------------------------------------------------------------------------

/** As Argo CD compares repository URLs: case-insensitive, with or without `.git`. */
function normalizeRepoUrl(url: string): string {
  const lower = url.trim().toLowerCase();
  return lower.endsWith('.git') ? lower.slice(0, -'.git'.length) : lower;
}

/**
 * Argo CD's rule: the repo must match some entry, and an entry `!glob` whose glob matches it
 * denies outright. Like Argo CD, a deny entry that does not match counts as a match, so
 * `['!https://x/private/*']` alone permits every other repository.
 */
function isSourcePermitted(project: AppProject, repoURL: string): boolean {
  const repo = normalizeRepoUrl(repoURL);
  let matched = false;
  for (const entry of project.spec.sourceRepos ?? []) {
    const deny = isDenyPattern(entry);
    const pattern = deny ? `!${normalizeRepoUrl(entry.slice(1))}` : normalizeRepoUrl(entry);
    if (matchProjectPattern(pattern, repo, '/')) matched = true;
    else if (deny) return false;
  }
  return matched;
}

// ---- destinations -----------------------------------------------------------------------

/** Argo CD resolves a destination to both name and server; for the built-in cluster so do we. */
function resolveInCluster(destination: ApplicationDestination): ApplicationDestination {
  const { name = '', server = '' } = destination;
  if (server === '' && name === IN_CLUSTER.name)
    return { ...destination, server: IN_CLUSTER.server };
  if (name === '' && server === IN_CLUSTER.server) return { ...destination, name: IN_CLUSTER.name };
  return destination;
}

interface FieldMatch {
  readonly matched: boolean;
  readonly denied: boolean;
}

const UNSET_FIELD: FieldMatch = { matched: false, denied: false };

/** One field of a project destination against the app's value: allowed, denied, or neither. */
function matchDestinationField(pattern: string | undefined, value: string): FieldMatch {
  const text = pattern ?? '';
  const matched = matchProjectPattern(text, value);
  return { matched, denied: !matched && isDenyPattern(text) };
}

/**
 * Argo CD's rule: some entry matches (server or name, and namespace), and no entry's `!glob`
 * field matches the destination. Globs here have no separator: `*` crosses `/` and `.`.
 */
export function isDestinationPermitted(
  project: AppProject,
  destination: ApplicationDestination,
): boolean {
  const resolved = resolveInCluster(destination);
  const name = resolved.name ?? '';
  const server = resolved.server ?? '';
  let matched = false;
  for (const entry of project.spec.destinations ?? []) {
    // A deny on a cluster field the app leaves unset (a name when only a server is given)
    // denies nothing: Capstan has no cluster registry to infer the other field from.
    const byName = name === '' ? UNSET_FIELD : matchDestinationField(entry.name, name);
    const byServer = server === '' ? UNSET_FIELD : matchDestinationField(entry.server, server);
    const byNamespace = matchDestinationField(entry.namespace, resolved.namespace ?? '');
    if ((byName.matched || byServer.matched) && byNamespace.matched) matched = true;
    else if (byName.denied || byServer.denied || byNamespace.denied) return false;
  }
  return matched;
}

function describeDestination(destination: ApplicationDestination): string {
  const namespace = destination.namespace ?? '';
  const cluster =
    (destination.server ?? '') !== ''
      ? `server '${destination.server ?? ''}'`
      : `name '${destination.name ?? ''}'`;
  return `application destination ${cluster} and namespace '${namespace}'`;
}

// ---- the checks -------------------------------------------------------------------------

/** Everything in `app.spec` that `project` does not permit; empty when all is permitted. */
export function checkAppAgainstProject(app: Application, project: AppProject): ProjectDenial[] {
  const denials: ProjectDenial[] = [];
  const projectName = project.metadata.name;
  const { repoURL } = app.spec.source;
  if (!isSourcePermitted(project, repoURL)) {
    denials.push({
      field: 'spec.source.repoURL',
      message: `application repo ${repoURL} is not permitted in project '${projectName}'`,
    });
  }
  if (!isDestinationPermitted(project, app.spec.destination)) {
    const subject = describeDestination(app.spec.destination);
    denials.push({
      field: 'spec.destination',
      message: `${subject} do not match any of the allowed destinations in project '${projectName}'`,
    });
  }
  return denials;
}

/** Kubernetes group and kind against a list entry; both are globs (Go's filepath.Match). */
function isGroupKindListed(list: readonly GroupKind[], group: string, kind: string): boolean {
  return list.some((entry) => matchGlob(entry.kind, kind) && matchGlob(entry.group, group));
}

/**
 * Argo CD's rule: a cluster-scoped kind must be in `clusterResourceWhitelist` (empty or absent
 * allows none) and not in the blacklist; a namespaced kind must be in
 * `namespaceResourceWhitelist` when that field is present (absent allows all, `[]` none) and
 * not in its blacklist. The blacklist wins.
 */
export function isResourcePermitted(
  project: AppProject,
  group: string,
  kind: string,
  namespaced: boolean,
): boolean {
  const { spec } = project;
  const whitelist = namespaced ? spec.namespaceResourceWhitelist : spec.clusterResourceWhitelist;
  const blacklist = namespaced ? spec.namespaceResourceBlacklist : spec.clusterResourceBlacklist;
  const whitelisted =
    namespaced && whitelist === undefined ? true : isGroupKindListed(whitelist ?? [], group, kind);
  return whitelisted && !isGroupKindListed(blacklist ?? [], group, kind);
}

/**
 * The built-in `default` project, used when no AppProject named `default` exists: any repo,
 * any destination (by server or by name), any kind — as in Argo CD.
 */
export function defaultAppProject(namespace: string): AppProject {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'default', namespace },
    spec: {
      sourceRepos: ['*'],
      destinations: [
        { server: '*', namespace: '*' },
        { name: '*', namespace: '*' },
      ],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  };
}
