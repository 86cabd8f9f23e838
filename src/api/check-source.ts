/** Semantic checks of `spec.source` that the CRD schema cannot express. */
import { InvalidSpecError } from '../model/index.js';
import type { DeepPartial } from './shape.js';
import type { ApplicationSource, ApplicationSourceKustomize } from './types.js';

// git@github.com:org/repo.git — scp-like syntax, which always means SSH.
const SCP_LIKE_URL = /^[\w.~-]+@[\w.-]+:/u;
const SSH_SCHEME = /^(?:ssh|git\+ssh|ssh\+git):\/\//iu;
const ANY_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//iu;
const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'file']);

function describeRepoURLProblem(url: string): string | undefined {
  if (url.trim() === '') return 'must not be empty';
  if (SSH_SCHEME.test(url) || SCP_LIKE_URL.test(url)) {
    return (
      `"${url}" is an SSH URL, which Capstan cannot fetch: it uses isomorphic-git, ` +
      'which has no SSH transport; use the https:// URL of the repository'
    );
  }
  const scheme = ANY_SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && !ALLOWED_SCHEMES.has(scheme)) {
    return `the ${scheme}:// protocol is not supported; isomorphic-git fetches over http(s) only`;
  }
  return undefined;
}

/** True when `path` climbs above its starting directory (`../x`, `a/../../b`). */
function climbsAboveRoot(path: string): boolean {
  let depth = 0;
  for (const segment of path.split('/')) {
    if (segment === '..') depth -= 1;
    else if (segment !== '' && segment !== '.') depth += 1;
    if (depth < 0) return true;
  }
  return false;
}

// [old=]name[:tag][@digest]; the name may start with a registry host:port.
const IMAGE_REFERENCE =
  /^[^\s=@:/]+(?::[0-9]+)?(?:\/[^\s=@:/]+)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/u;
const IMAGE_NAME = /^[^\s=@:/]+(?::[0-9]+)?(?:\/[^\s=@:/]+)*$/u;

/** Whether a kustomize `images` entry is `[old=]name[:tag][@digest]`. */
function isKustomizeImage(entry: string): boolean {
  const equals = entry.indexOf('=');
  if (equals === -1) return IMAGE_REFERENCE.test(entry);
  return IMAGE_NAME.test(entry.slice(0, equals)) && IMAGE_REFERENCE.test(entry.slice(equals + 1));
}

function checkKustomizeOptions(
  kustomize: DeepPartial<ApplicationSourceKustomize>,
  errors: InvalidSpecError[],
  at: string,
): void {
  const path = `${at}.kustomize`;
  kustomize.images?.forEach((image, index) => {
    if (!isKustomizeImage(image)) {
      const message = `"${image}" is not an image override of the form [old=]name[:tag][@digest]`;
      errors.push(new InvalidSpecError(`${path}.images[${String(index)}]`, message));
    }
  });
  kustomize.replicas?.forEach((replica, index) => {
    const at = `${path}.replicas[${String(index)}]`;
    if (replica.name === '') errors.push(new InvalidSpecError(`${at}.name`, 'must not be empty'));
    const count = replica.count;
    const isCount =
      count === undefined || (typeof count === 'number' ? count >= 0 : /^[0-9]+$/u.test(count));
    if (!isCount) {
      const message = `must be a non-negative integer, not ${JSON.stringify(count)}`;
      errors.push(new InvalidSpecError(`${at}.count`, message));
    }
  });
}

/** Pushes one error per problem in `spec.source`; assumes the shape walk has run. */
export function checkApplicationSource(
  source: DeepPartial<ApplicationSource>,
  errors: InvalidSpecError[],
  at = 'spec.source',
): void {
  const urlProblem =
    source.repoURL === undefined ? undefined : describeRepoURLProblem(source.repoURL);
  if (urlProblem !== undefined) {
    errors.push(new InvalidSpecError(`${at}.repoURL`, urlProblem));
  }
  if (source.targetRevision !== undefined && /\s/u.test(source.targetRevision)) {
    const message =
      'must not contain whitespace (leave it empty or use HEAD for the default branch)';
    errors.push(new InvalidSpecError(`${at}.targetRevision`, message));
  }
  if (source.path !== undefined && climbsAboveRoot(source.path)) {
    errors.push(new InvalidSpecError(`${at}.path`, 'must stay inside the repository'));
  }
  if (source.kustomize !== undefined) checkKustomizeOptions(source.kustomize, errors, at);
}
