/**
 * Which Applications a push refreshes (Argo CD's rules): the app's repoURL names the pushed
 * repository, its targetRevision names a pushed ref, and — when it sets
 * `capstan.dev/manifest-generate-paths` — a changed file lies under one of those paths.
 * Pure: takes the Application objects as the API server sent them, unvalidated.
 */
import { ANNOTATION, readAnnotation, type KubeObject } from '../../model/index.js';
import type { PushEvent } from './parse-push.js';

interface SourceView {
  readonly repoURL?: unknown;
  readonly targetRevision?: unknown;
  readonly path?: unknown;
}

/** A predicate over Applications for one push; repository identities are computed once. */
export function selectAppsForPush(push: PushEvent): (app: KubeObject) => boolean {
  const pushed = new Set(push.repoURLs.flatMap((url) => repoIdentityOf(url) ?? []));
  return (app) => {
    const source = sourceOf(app);
    if (source === undefined || typeof source.repoURL !== 'string') return false;
    const identity = repoIdentityOf(source.repoURL);
    if (identity === undefined || !pushed.has(identity)) return false;
    const revision = typeof source.targetRevision === 'string' ? source.targetRevision : '';
    if (!isRevisionPushed(revision, push)) return false;
    const sourcePath = typeof source.path === 'string' ? source.path : '';
    return haveAppFilesChanged(manifestPathsOf(app, sourcePath), push.changedFiles);
  };
}

/**
 * One repository, however a URL spells it: `host/path`, lowercased, without scheme,
 * credentials, port, `.git` or trailing slashes, and without the `ssh.`/`altssh.` host
 * prefix some providers use for SSH. The web page, HTTPS and SSH URLs of a repository all
 * map here. The port is dropped as Argo CD does: payloads give the web port, apps the Git one.
 */
export function repoIdentityOf(url: string): string | undefined {
  const trimmed = url.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\/([^/]+)(\/.*)?$/iu.exec(trimmed);
  const scpLike = withScheme ? null : /^([^/\s:]+):(?!\/\/)(.+)$/u.exec(trimmed);
  const authority = withScheme?.[1] ?? scpLike?.[1];
  const rawPath = withScheme ? (withScheme[2] ?? '') : (scpLike?.[2] ?? '');
  if (authority === undefined) return undefined;
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  const host = hostAndPort
    .replace(/^\[([^\]]+)\](:\d*)?$/u, '$1')
    .replace(/:\d*$/u, '')
    .replace(/^(alt)?ssh\./iu, '');
  let path = rawPath.split(/[?#]/u)[0] ?? '';
  for (;;) {
    const next = path.replace(/\/+$/u, '').replace(/\.git$/iu, '');
    if (next === path) break;
    path = next;
  }
  path = path.replace(/^\/+/u, '');
  if (host === '' || path === '') return undefined;
  return `${host}/${path}`.toLowerCase();
}

/**
 * Whether `targetRevision` names a ref the push moved. HEAD (or empty) follows the default
 * branch — any pushed branch when the payload does not say which that is; `refs/…` must be
 * that exact ref; a bare name matches a branch or a tag of that name (Argo CD does not tell
 * them apart either). A commit SHA never moves, so it matches nothing.
 */
export function isRevisionPushed(targetRevision: string, push: PushEvent): boolean {
  const revision = targetRevision.trim();
  if (revision === '' || revision === 'HEAD') {
    const branches = push.refs.filter((ref) => ref.startsWith('refs/heads/'));
    if (push.defaultBranch === undefined) return branches.length > 0;
    return branches.includes(`refs/heads/${push.defaultBranch}`);
  }
  if (revision.startsWith('refs/')) return push.refs.includes(revision);
  return push.refs.some(
    (ref) => ref === `refs/heads/${revision}` || ref === `refs/tags/${revision}`,
  );
}

/**
 * The app's refresh paths from the repository root, from its manifest-generate-paths
 * annotation (`;`-separated): `/x` is from the root, anything else (`.` included) from
 * spec.source.path. Paths that climb out of the repository are dropped. None: no filter.
 */
export function manifestPathsOf(app: KubeObject, sourcePath: string): string[] {
  const annotations = (app['metadata'] as { annotations?: Record<string, unknown> } | undefined)
    ?.annotations;
  const value = readAnnotation(annotations, ANNOTATION.manifestGeneratePaths);
  if (value === undefined) return [];
  const paths: string[] = [];
  for (const item of value.split(';').map((part) => part.trim())) {
    if (item === '') continue;
    const joined = item.startsWith('/') ? item : `${sourcePath}/${item}`;
    const normalized = normalizeRepoPath(joined);
    if (normalized !== undefined) paths.push(normalized);
  }
  return paths;
}

/**
 * Whether a push touched the app's paths. Unknown changed files, or an app without refresh
 * paths, always refresh: skipping a refresh that was needed is the costly mistake. A path
 * matches a file that is it or lies under it; a glob (`*`, `?`, `[…]`, within one path
 * segment) matches the file or one of its parent directories.
 */
export function haveAppFilesChanged(
  refreshPaths: readonly string[],
  changedFiles: readonly string[] | undefined,
): boolean {
  if (changedFiles === undefined || refreshPaths.length === 0) return true;
  const matchers = refreshPaths.map(compilePathMatcher);
  return changedFiles.some((file) => {
    const normalized = normalizeRepoPath(file);
    return normalized !== undefined && matchers.some((matches) => matches(normalized));
  });
}

function compilePathMatcher(refreshPath: string): (file: string) => boolean {
  if (refreshPath === '') return () => true;
  if (!/[*?[]/u.test(refreshPath))
    return (file) => file === refreshPath || file.startsWith(`${refreshPath}/`);
  const glob = globToRegExp(refreshPath);
  return (file) => {
    const segments = file.split('/');
    for (let count = segments.length; count > 0; count -= 1) {
      if (glob.test(segments.slice(0, count).join('/'))) return true;
    }
    return false;
  };
}

/** A shell glob as a RegExp: `*` and `?` never cross a `/`; `[!…]` negates a class. */
function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index] ?? '';
    if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else if (char === '[') {
      const close = glob.indexOf(']', index + 2);
      if (close === -1) {
        pattern += '\\[';
        continue;
      }
      const body = glob
        .slice(index + 1, close)
        .replace(/^[!^]/u, '^')
        .replace(/\\/gu, '\\\\');
      pattern += `[${body}]`;
      index = close;
    } else pattern += char.replace(/[.+^${}()|\\\]]/gu, '\\$&');
  }
  return new RegExp(`^${pattern}$`, 'u');
}

/** `a/./b/../c/` → `a/c`; the root is ''; undefined when the path climbs above the root. */
function normalizeRepoPath(path: string): string | undefined {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.pop() === undefined) return undefined;
    } else out.push(segment);
  }
  return out.join('/');
}

function sourceOf(app: KubeObject): SourceView | undefined {
  const spec = app['spec'];
  if (typeof spec !== 'object' || spec === null) return undefined;
  const source = (spec as { source?: unknown }).source;
  return typeof source === 'object' && source !== null ? source : undefined;
}
