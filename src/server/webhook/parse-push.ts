/**
 * From a webhook request's headers and JSON body to what a push changed: which repository
 * (every URL the payload names for it), which refs, the default branch and the changed files.
 * Pure: no I/O, no clock. A payload we cannot read is a value (`invalid`), never a throw.
 */

export type WebhookProvider = 'github' | 'gitlab' | 'bitbucket' | 'gitea';

/** Request headers as node:http gives them: lowercase names. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface WebhookSender {
  readonly provider: WebhookProvider;
  /** The provider's event name, e.g. `push`, `Push Hook`, `repo:push`. */
  readonly event: string;
}

export interface PushEvent {
  readonly provider: WebhookProvider;
  /** Every URL the payload gives for the repository (web page, HTTPS and SSH clone URLs). */
  readonly repoURLs: readonly string[];
  /** Full refs the push moved: `refs/heads/main`, `refs/tags/v1.2.0`. */
  readonly refs: readonly string[];
  /** The repository's default branch; undefined when the payload does not say. */
  readonly defaultBranch: string | undefined;
  /** Paths from the repository root; undefined when the payload does not list them all. */
  readonly changedFiles: readonly string[] | undefined;
}

export type ParsedWebhook =
  | { readonly kind: 'push'; readonly push: PushEvent }
  | { readonly kind: 'ignored'; readonly event: string }
  | { readonly kind: 'invalid'; readonly problem: string };

/** GitHub sends at most this many commits in a push payload; more means the list is cut. */
const GITHUB_MAX_COMMITS = 2048;
const ZERO_SHA = /^0+$/u;

/** One header's value (the first when repeated), trimmed; undefined when absent or empty. */
export function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  const raw = headers[name.toLowerCase()];
  const value = (typeof raw === 'string' ? raw : raw?.[0])?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Who sent the request, by its event header. Gitea also sends GitHub's and Gogs' headers, so
 * it is recognised first; Bitbucket Cloud is the one that sends `X-Event-Key`.
 */
export function detectWebhookSender(headers: WebhookHeaders): WebhookSender | undefined {
  const gitea = readHeader(headers, 'x-gitea-event') ?? readHeader(headers, 'x-gogs-event');
  if (gitea !== undefined) return { provider: 'gitea', event: gitea };
  const github = readHeader(headers, 'x-github-event');
  if (github !== undefined) return { provider: 'github', event: github };
  const gitlab = readHeader(headers, 'x-gitlab-event');
  if (gitlab !== undefined) return { provider: 'gitlab', event: gitlab };
  const bitbucket = readHeader(headers, 'x-event-key');
  if (bitbucket !== undefined) return { provider: 'bitbucket', event: bitbucket };
  return undefined;
}

/** Reads a push out of a decoded JSON payload; other events are `ignored`. */
export function parsePushPayload(sender: WebhookSender, payload: unknown): ParsedWebhook {
  if (!isPushEvent(sender, payload)) return { kind: 'ignored', event: sender.event };
  if (!isRecord(payload)) return { kind: 'invalid', problem: 'the payload is not a JSON object' };
  const read = readPush(sender.provider, payload);
  const push = { ...read, repoURLs: [...new Set(read.repoURLs)] };
  if (push.repoURLs.length === 0)
    return { kind: 'invalid', problem: 'the push names no repository URL' };
  if (push.refs.length === 0) return { kind: 'invalid', problem: 'the push names no ref' };
  return { kind: 'push', push };
}

function isPushEvent(sender: WebhookSender, payload: unknown): boolean {
  switch (sender.provider) {
    case 'github':
    case 'gitea':
      return sender.event === 'push';
    case 'gitlab': {
      if (sender.event === 'Push Hook' || sender.event === 'Tag Push Hook') return true;
      // System hooks carry pushes of every project, marked by object_kind.
      const kind = isRecord(payload) ? payload['object_kind'] : undefined;
      return sender.event === 'System Hook' && (kind === 'push' || kind === 'tag_push');
    }
    case 'bitbucket':
      return sender.event === 'repo:push';
  }
}

function readPush(provider: WebhookProvider, payload: Record<string, unknown>): PushEvent {
  switch (provider) {
    case 'github':
    case 'gitea':
      return readGitHubStylePush(provider, payload);
    case 'gitlab':
      return readGitLabPush(payload);
    case 'bitbucket':
      return readBitbucketPush(payload);
  }
}

/** GitHub and Gitea (Gogs-compatible) share the shape of a push payload. */
function readGitHubStylePush(
  provider: WebhookProvider,
  payload: Record<string, unknown>,
): PushEvent {
  const repository = recordAt(payload, 'repository');
  const commits = arrayAt(payload, 'commits');
  const total = provider === 'gitea' ? numberAt(payload, 'total_commits') : undefined;
  // A force push lists only the new commits, not what the old ones changed.
  const isListComplete =
    payload['forced'] !== true &&
    (provider !== 'github' || commits.length < GITHUB_MAX_COMMITS) &&
    (total === undefined || total <= commits.length);
  return {
    provider,
    repoURLs: stringsAt(repository, ['html_url', 'clone_url', 'ssh_url', 'git_url', 'url']),
    refs: stringsAt(payload, ['ref']).filter(isFullRef),
    defaultBranch: stringAt(repository, 'default_branch'),
    changedFiles: isListComplete ? changedFilesOf(payload, commits) : undefined,
  };
}

function readGitLabPush(payload: Record<string, unknown>): PushEvent {
  const project = recordAt(payload, 'project');
  const repository = recordAt(payload, 'repository');
  const commits = arrayAt(payload, 'commits');
  // GitLab sends at most 20 commits and says how many there were.
  const total = numberAt(payload, 'total_commits_count');
  const isListComplete = total === undefined || total <= commits.length;
  return {
    provider: 'gitlab',
    repoURLs: [
      ...stringsAt(project, ['web_url', 'git_http_url', 'git_ssh_url', 'http_url', 'ssh_url']),
      ...stringsAt(repository, ['homepage', 'git_http_url', 'git_ssh_url', 'url']),
    ],
    refs: stringsAt(payload, ['ref']).filter(isFullRef),
    defaultBranch: stringAt(project, 'default_branch'),
    changedFiles: isListComplete ? changedFilesOf(payload, commits) : undefined,
  };
}

/** Bitbucket Cloud lists ref changes but no files; a deleted ref has only `old`. */
function readBitbucketPush(payload: Record<string, unknown>): PushEvent {
  const repository = recordAt(payload, 'repository');
  const html = recordAt(recordAt(repository, 'links'), 'html');
  const refs: string[] = [];
  for (const change of arrayAt(recordAt(payload, 'push'), 'changes')) {
    if (!isRecord(change)) continue;
    const side = isRecord(change['new']) ? change['new'] : recordAt(change, 'old');
    const name = stringAt(side, 'name');
    if (name === undefined) continue;
    refs.push(side['type'] === 'tag' ? `refs/tags/${name}` : `refs/heads/${name}`);
  }
  return {
    provider: 'bitbucket',
    repoURLs: stringsAt(html, ['href']),
    refs,
    defaultBranch: stringAt(recordAt(repository, 'mainbranch'), 'name'),
    changedFiles: undefined,
  };
}

/**
 * Files added, modified or removed by the pushed commits. A new branch (before is all
 * zeros) or a push without commits says nothing about files: unknown, so nothing is skipped.
 */
function changedFilesOf(
  payload: Record<string, unknown>,
  commits: readonly unknown[],
): string[] | undefined {
  const before = stringAt(payload, 'before');
  if (commits.length === 0 || (before !== undefined && ZERO_SHA.test(before))) return undefined;
  const files = new Set<string>();
  for (const commit of commits) {
    if (!isRecord(commit)) return undefined;
    for (const field of ['added', 'modified', 'removed']) {
      for (const file of arrayAt(commit, field)) if (typeof file === 'string') files.add(file);
    }
  }
  return [...files];
}

function isFullRef(ref: string): boolean {
  return ref.startsWith('refs/heads/') || ref.startsWith('refs/tags/');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordAt(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const field = value[key];
  return isRecord(field) ? field : {};
}

function arrayAt(value: Record<string, unknown>, key: string): readonly unknown[] {
  const field = value[key];
  return Array.isArray(field) ? field : [];
}

function stringAt(value: Record<string, unknown>, key: string): string | undefined {
  const field = value[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

function numberAt(value: Record<string, unknown>, key: string): number | undefined {
  const field = value[key];
  return typeof field === 'number' && Number.isFinite(field) ? field : undefined;
}

function stringsAt(value: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.flatMap((key) => stringAt(value, key) ?? []);
}
