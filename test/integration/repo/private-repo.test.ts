/**
 * A private repository behind HTTP Basic auth: credentials from a repository Secret make it
 * work; without them (or with a wrong password) resolve fails with a clear, permanent
 * AuthFailed error; and the password never shows in logs, error messages or metrics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { credentialsFromSecrets, RepoError, type SecretLike } from '../../../src/repo/index.js';
import {
  addUrlCredentials,
  startGitServer,
  type GitServer,
} from '../../helpers/git-server/index.js';
import { openCache, text } from './support.js';

const PASSWORD = 'pa55-w0rd:with/odd@chars';
let server: GitServer;
let url: string;

before(async () => {
  server = await startGitServer({ auth: { username: 'deployer', password: PASSWORD } });
  const repo = await server.createRepo('org/private');
  await repo.commit({ 'app/secret-config.yaml': 'kind: ConfigMap\n' });
  await repo.tag('v1', 'main', { annotated: true });
  url = repo.url;
});
after(() => server.close());

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function repositorySecret(password: string): SecretLike {
  return {
    metadata: {
      name: 'private-repo',
      namespace: 'capstan-system',
      labels: { 'capstan.dev/secret-type': 'repository' },
    },
    data: { url: b64(url), username: b64('deployer'), password: b64(password) },
  };
}

describe('a private repository', () => {
  it('resolves and reads with the credentials of a repository Secret, without leaking the password', async (t) => {
    const lookup = credentialsFromSecrets([repositorySecret(PASSWORD)]);
    const { cache, logs, metrics } = await openCache(t, { credentials: lookup });
    const resolved = await cache.resolveRevision(url, 'v1');
    const content = await cache.openSource(url, resolved.sha).readFile('app/secret-config.yaml');
    assert.equal(text(content), 'kind: ConfigMap\n');
    assert.ok(logs.length > 0, 'the cache logged something to search');
    assert.ok(!logs.join('').includes(PASSWORD));
    assert.ok(!(await metrics.registry.metrics()).includes(PASSWORD));
    // No 401 round trips: the Authorization header goes out with the first request.
    assert.equal(server.requestCount({ status: 401 }), 0);
  });

  it('resolves with a repo-creds Secret whose URL prefix covers the repository', async (t) => {
    const creds: SecretLike = {
      metadata: { name: 'org-creds', labels: { 'capstan.dev/secret-type': 'repo-creds' } },
      stringData: { url: `${server.url}/org`, username: 'deployer', password: PASSWORD },
    };
    const { cache } = await openCache(t, { credentials: credentialsFromSecrets([creds]) });
    assert.match((await cache.resolveRevision(url, 'main')).sha, /^[0-9a-f]{40}$/);
  });

  for (const [what, password] of [
    ['without credentials', undefined],
    ['with a wrong password', `${PASSWORD}-old`],
  ] as const) {
    it(`fails ${what} with a permanent AuthFailed error that names the repo and not the password`, async (t) => {
      const secrets = password === undefined ? [] : [repositorySecret(password)];
      const { cache, logs, metrics } = await openCache(t, {
        credentials: credentialsFromSecrets(secrets),
      });
      const error = await cache.resolveRevision(url, 'main').then(
        () => assert.fail('resolve should fail'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof RepoError);
      assert.equal(error.reason, 'AuthFailed');
      assert.equal(error.transient, false);
      assert.equal(error.repoURL, url.replace(/\.git$/, ''));
      assert.match(
        error.message,
        /^repo http:\/\/127\.0\.0\.1:\d+\/org\/private: revision main: authentication failed/,
      );
      const everything = [
        error.message,
        String(error.stack),
        JSON.stringify(error),
        logs.join(''),
        await metrics.registry.metrics(),
      ];
      for (const place of everything) {
        assert.ok(!place.includes(PASSWORD), 'password leaked');
        if (password !== undefined) assert.ok(!place.includes(password), 'wrong password leaked');
      }
    });
  }

  it('uses credentials embedded in the URL but never shows them', async (t) => {
    const { cache, logs } = await openCache(t);
    const withCredentials = addUrlCredentials(url, { username: 'deployer', password: PASSWORD });
    const resolved = await cache.resolveRevision(withCredentials, 'main');
    assert.equal(resolved.repoURL, url.replace(/\.git$/, ''));
    assert.ok(!logs.join('').includes(encodeURIComponent(PASSWORD)));
    assert.ok(!logs.join('').includes(PASSWORD));
  });
});
