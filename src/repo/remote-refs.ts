/**
 * What a server's ref advertisement says about a revision: the ref it names (git's rev-parse
 * order: exact, refs/, tags, heads, remotes) and the commit that ref points at (annotated
 * tags peeled), or that it looks like a full or abbreviated commit SHA. Pure.
 */
import type { Advertisement } from './http-transport.js';

export interface RemoteRef {
  readonly name: string;
  readonly oid: string;
  /** The commit an annotated tag points at. */
  readonly peeled?: string | undefined;
  /** The ref a symbolic ref (HEAD) points at. */
  readonly target?: string | undefined;
}

export interface RemoteInfo {
  readonly refs: ReadonlyMap<string, RemoteRef>;
  /** The raw advertisement, replayed by the fetch that follows. */
  readonly advertisement: Advertisement | undefined;
}

export type RevisionMatch =
  /** A ref: `ref` is the full name to fetch, `commit` the (peeled) commit it names. */
  | { readonly kind: 'ref'; readonly ref: string; readonly commit: string }
  | { readonly kind: 'sha'; readonly sha: string }
  | { readonly kind: 'abbreviated'; readonly prefix: string }
  | { readonly kind: 'none' };

const FULL_SHA = /^[0-9a-f]{40}$/i;
/** Like Argo CD: 7 to 39 hex digits may be a truncated commit SHA. */
const ABBREVIATED_SHA = /^[0-9a-f]{7,39}$/i;

interface ServerRefLike {
  ref: string;
  oid: string;
  target?: string | undefined;
  peeled?: string | undefined;
}

/** Builds RemoteInfo from isomorphic-git's getRemoteInfo2 (protocol v1) answer. */
export function readRemoteInfo(
  info: { refs?: ServerRefLike[] | undefined },
  advertisement: Advertisement | undefined,
): RemoteInfo {
  const refs = new Map<string, RemoteRef>();
  for (const ref of info.refs ?? []) {
    refs.set(ref.ref, { name: ref.ref, oid: ref.oid, peeled: ref.peeled, target: ref.target });
  }
  return { refs, advertisement };
}

/** What `revision` names according to the advertised refs. '' and 'HEAD' mean HEAD. */
export function matchRevision(
  refs: ReadonlyMap<string, RemoteRef>,
  revision: string,
): RevisionMatch {
  const wanted = revision.trim() === '' ? 'HEAD' : revision.trim();
  if (wanted === 'HEAD') {
    const head = refs.get('HEAD');
    if (head === undefined) return { kind: 'none' };
    const target = head.target === undefined ? undefined : refs.get(head.target);
    return target === undefined
      ? { kind: 'ref', ref: 'HEAD', commit: head.peeled ?? head.oid }
      : { kind: 'ref', ref: target.name, commit: target.peeled ?? target.oid };
  }
  for (const candidate of candidateRefNames(wanted)) {
    const ref = refs.get(candidate);
    if (ref !== undefined) return { kind: 'ref', ref: ref.name, commit: ref.peeled ?? ref.oid };
  }
  if (FULL_SHA.test(wanted)) return { kind: 'sha', sha: wanted.toLowerCase() };
  if (ABBREVIATED_SHA.test(wanted)) return { kind: 'abbreviated', prefix: wanted.toLowerCase() };
  return { kind: 'none' };
}

/** A ref whose tip is `sha`, so the server will surely send it when asked by that ref. */
export function findRefAt(refs: ReadonlyMap<string, RemoteRef>, sha: string): string | undefined {
  for (const ref of refs.values()) {
    if (ref.name !== 'HEAD' && (ref.oid === sha || ref.peeled === sha)) return ref.name;
  }
  return refs.get('HEAD')?.oid === sha ? 'HEAD' : undefined;
}

/** The branch HEAD points at (or HEAD itself), where a missing commit is most likely. */
export function findDefaultBranch(refs: ReadonlyMap<string, RemoteRef>): string | undefined {
  const head = refs.get('HEAD');
  if (head === undefined) return undefined;
  return head.target !== undefined && refs.has(head.target) ? head.target : 'HEAD';
}

function candidateRefNames(name: string): string[] {
  if (name.startsWith('refs/')) return [name];
  return [
    `refs/${name}`,
    `refs/tags/${name}`,
    `refs/heads/${name}`,
    `refs/remotes/${name}`,
    `refs/remotes/${name}/HEAD`,
  ];
}
