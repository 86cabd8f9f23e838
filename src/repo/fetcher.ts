/**
 * One fetch into a store with isomorphic-git, inside the store's marker protocol: the marker
 * is removed first, and written again after success or after a rollback of what a failed
 * fetch wrote (the shallow list). Wants exactly one ref or commit (single branch, no tags)
 * at the plan's depth; the transport makes the pack thin and offers our recent commits as
 * `have`, so an update brings only new objects.
 */
import * as git from 'isomorphic-git';
import type { HttpClient } from 'isomorphic-git';
import type { RepoStore } from './store.js';

/** git's INFINITE_DEPTH: deepen to the root. */
export const FULL_DEPTH = 0x7fffffff;

export interface FetchPlan {
  /** A full ref name, HEAD, or a commit SHA (when the server allows wanting one). */
  readonly want: string;
  /** Commits from the tip; FULL_DEPTH for the whole history. */
  readonly depth: number;
  /** Every branch and tag instead of `want` alone. */
  readonly allRefs: boolean;
}

/** No local ref has this name, so isomorphic-git adds no `have` of its own choosing. */
const NO_LOCAL_REF = 'refs/capstan/none';

/**
 * Fetches `plan` into `store`; `expected` (when given and now present) is recorded as a
 * recent commit. A failure rolls back and rethrows; if even the rollback fails the marker
 * stays absent, so the next open removes the store.
 */
export async function fetchIntoStore(
  store: RepoStore,
  plan: FetchPlan,
  io: { url: string; http: HttpClient; expected: string | undefined },
): Promise<void> {
  const journal = await store.beginFetch();
  try {
    await git.fetch({
      fs: store.fs,
      http: io.http,
      gitdir: store.dir,
      cache: store.gitCache,
      url: io.url,
      ref: NO_LOCAL_REF,
      remoteRef: plan.want,
      singleBranch: !plan.allRefs,
      tags: plan.allRefs,
      depth: plan.depth,
    });
  } catch (error) {
    await store.rollbackFetch(journal);
    throw error;
  }
  const tips =
    io.expected !== undefined && (await store.hasCommit(io.expected)) ? [io.expected] : [];
  await store.finishFetch(tips);
}
