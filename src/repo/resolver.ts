/**
 * resolveRevision for one repository: ask the server for its refs (one request), match the
 * revision, and fetch only when the commit it names is not in the store yet — the branch or
 * tag at depth 1; a SHA asked for directly, and if the server does not send it, found by
 * deepening the default branch and then fetching every ref. A ref whose commit the server
 * refuses or omits (it moved since the advertisement) is resolved again from fresh refs.
 */
import { RepoError, isRepoError } from './errors.js';
import { FULL_DEPTH, type FetchPlan } from './fetcher.js';
import { findDefaultBranch, findRefAt, matchRevision, type RemoteInfo } from './remote-refs.js';
import type { RepoEntry } from './repo-entry.js';
import type { RepoStore } from './store.js';

export interface ResolvedRevision {
  /** The normalised repository URL. */
  readonly repoURL: string;
  /** The revision as asked. */
  readonly revision: string;
  /** The full commit SHA; its tree is in the cache, ready for openSource. */
  readonly sha: string;
  /** The full ref the revision named (refs/heads/main, refs/tags/v1), if any. */
  readonly ref: string | undefined;
  /** Whether this resolve waited for a fetch (its own or a shared one). */
  readonly fetched: boolean;
}

interface Attempt {
  readonly entry: RepoEntry;
  readonly store: RepoStore;
  readonly info: RemoteInfo;
  readonly revision: string;
  readonly signal: AbortSignal | undefined;
  /** Set when a ref's commit had to be fetched: refs may have moved meanwhile. */
  readonly fetchedRef: { value: boolean };
}

/** Deepening steps before giving up on a commit the server will not send by SHA. */
const DEEPEN_DEPTHS = [50, FULL_DEPTH];

export async function resolveInEntry(
  entry: RepoEntry,
  revision: string,
  signal: AbortSignal | undefined,
): Promise<ResolvedRevision> {
  const store = await entry.store();
  const info = await entry.remoteInfo(revision, signal);
  const fetchedRef = { value: false };
  try {
    return await resolveWith({ entry, store, info, revision, signal, fetchedRef });
  } catch (error) {
    // The ref may have moved since the advertisement (a race, or refs reused within the
    // TTL) and the server refuses or omits the commit it named: ask again, once, afresh.
    const isStale =
      fetchedRef.value &&
      isRepoError(error) &&
      (error.reason === 'Unreachable' || error.reason === 'UnknownRevision');
    if (!isStale) throw error;
    entry.forgetRefs();
    const fresh = await entry.remoteInfo(revision, signal, true);
    const retry = { entry, store, info: fresh, revision, signal, fetchedRef };
    return resolveWith(retry);
  }
}

async function resolveWith(attempt: Attempt): Promise<ResolvedRevision> {
  const { entry, store, info, revision } = attempt;
  const result = (sha: string, ref: string | undefined, fetched: boolean): ResolvedRevision => ({
    repoURL: entry.key,
    revision,
    sha,
    ref,
    fetched,
  });
  const match = matchRevision(info.refs, revision);
  switch (match.kind) {
    case 'ref': {
      const plan = { want: match.ref, depth: 1, allRefs: false };
      const isPresent = await store.hasCommit(match.commit);
      attempt.fetchedRef.value ||= !isPresent;
      const fetched = isPresent ? false : await fetchCommit(attempt, plan, match.commit);
      return result(match.commit, match.ref, fetched);
    }
    case 'sha': {
      const sha = match.sha;
      if (await store.hasCommit(sha)) return result(sha, undefined, false);
      if (await fetchBySha(attempt, sha)) return result(sha, undefined, true);
      await deepenUntil(attempt, async () => ((await store.hasCommit(sha)) ? sha : undefined));
      return result(sha, undefined, true);
    }
    case 'abbreviated': {
      const local = await expandAbbreviated(attempt, match.prefix);
      if (local !== undefined) return result(local, undefined, false);
      const sha = await deepenUntil(attempt, () => expandAbbreviated(attempt, match.prefix));
      return result(sha, undefined, true);
    }
    case 'none':
      throw unknownRevision(attempt, 'unknown revision: no branch, tag or commit of that name');
  }
}

/** Fetches `plan` unless `commit` is present; resolves whether a fetch was needed. */
async function fetchCommit(attempt: Attempt, plan: FetchPlan, commit: string): Promise<boolean> {
  if (await attempt.store.hasCommit(commit)) return false;
  const key = `${plan.want} ${String(plan.depth)} ${commit}`;
  await attempt.entry.fetch(key, plan, requestOf(attempt, commit), attempt.signal);
  if (!(await attempt.store.hasCommit(commit))) {
    throw unknownRevision(
      attempt,
      `the server did not send commit ${commit} (does the revision name a commit?)`,
    );
  }
  return true;
}

/**
 * Asks for the commit itself at depth 1 (by a ref when one points at it). Over smart HTTP,
 * git's upload-pack sends any commit a ref reaches, advertised capability or not; a server
 * that refuses, or omits the commit, leaves it absent and the caller deepens instead.
 */
async function fetchBySha(attempt: Attempt, sha: string): Promise<boolean> {
  const plan = { want: findRefAt(attempt.info.refs, sha) ?? sha, depth: 1, allRefs: false };
  try {
    await attempt.entry.fetch(
      `${plan.want} 1 ${sha}`,
      plan,
      requestOf(attempt, sha),
      attempt.signal,
    );
  } catch (error) {
    if (!isRepoError(error) || !['Unreachable', 'UnknownRevision'].includes(error.reason)) {
      throw error;
    }
  }
  return attempt.store.hasCommit(sha);
}

/** Deepens the default branch, then fetches every ref, until `find` finds the commit. */
async function deepenUntil(
  attempt: Attempt,
  find: () => Promise<string | undefined>,
): Promise<string> {
  const head = findDefaultBranch(attempt.info.refs);
  const anyRef = head ?? attempt.info.refs.keys().next().value;
  if (anyRef === undefined)
    throw unknownRevision(attempt, 'unknown revision: the repository is empty');
  const plans: FetchPlan[] = [
    ...(head === undefined
      ? []
      : DEEPEN_DEPTHS.map((depth) => ({ want: head, depth, allRefs: false }))),
    { want: anyRef, depth: FULL_DEPTH, allRefs: true },
  ];
  for (const plan of plans) {
    const key = `deepen ${plan.want} ${String(plan.depth)} ${String(plan.allRefs)}`;
    await attempt.entry.fetch(key, plan, requestOf(attempt, undefined), attempt.signal);
    const found = await find();
    if (found !== undefined) return found;
  }
  throw unknownRevision(attempt, 'unknown revision: no commit of the repository has that SHA');
}

async function expandAbbreviated(attempt: Attempt, prefix: string): Promise<string | undefined> {
  try {
    return await attempt.store.expandCommit(prefix);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'AmbiguousError') {
      throw unknownRevision(attempt, 'ambiguous abbreviated SHA: use more digits');
    }
    throw error;
  }
}

function requestOf(attempt: Attempt, expected: string | undefined) {
  return {
    revision: attempt.revision,
    expected,
    advertisement: attempt.info.advertisement,
  };
}

function unknownRevision(attempt: Attempt, problem: string): RepoError {
  return new RepoError({
    reason: 'UnknownRevision',
    repoURL: attempt.entry.key,
    revision: attempt.revision,
    problem,
  });
}
