import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credentialsFromSecrets, type SecretLike } from '../../../src/repo/index.js';
import { formatAuthorization } from '../../../src/repo/credentials.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

function secret(
  name: string,
  type: string | undefined,
  fields: Record<string, string>,
  options: { plain?: boolean; namespace?: string } = {},
): SecretLike {
  const labels = type === undefined ? {} : { 'capstan.dev/secret-type': type };
  const metadata = { name, namespace: options.namespace ?? 'capstan-system', labels };
  if (options.plain === true) return { metadata, stringData: fields };
  return {
    metadata,
    data: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, b64(v)])),
  };
}

describe('credentialsFromSecrets', () => {
  it('gives a repository Secret to the repository whose URL matches after normalisation', () => {
    const lookup = credentialsFromSecrets([
      secret('repo', 'repository', {
        url: 'https://GitHub.com/org/app.git',
        username: 'alice',
        password: 'pw',
      }),
    ]);
    assert.deepEqual(lookup('https://github.com/org/app'), { username: 'alice', password: 'pw' });
    assert.deepEqual(lookup('https://github.com/org/app.git/'), {
      username: 'alice',
      password: 'pw',
    });
    assert.equal(lookup('https://github.com/org/app-two'), undefined);
  });

  it('gives repo-creds to every repository under its URL prefix, the longest prefix winning', () => {
    const lookup = credentialsFromSecrets([
      secret('org', 'repo-creds', { url: 'https://github.com/org', password: 'org-token' }),
      secret('team', 'repo-creds', { url: 'https://github.com/org/team', password: 'team-token' }),
    ]);
    assert.deepEqual(lookup('https://github.com/org/app'), {
      username: 'x-access-token',
      password: 'org-token',
    });
    assert.deepEqual(lookup('https://github.com/org/team/app'), {
      username: 'x-access-token',
      password: 'team-token',
    });
    assert.equal(lookup('https://gitlab.com/org/app'), undefined);
  });

  it('prefers a repository Secret over any matching repo-creds', () => {
    const lookup = credentialsFromSecrets([
      secret('creds', 'repo-creds', { url: 'https://github.com/org', password: 'template' }),
      secret('repo', 'repository', {
        url: 'https://github.com/org/app',
        username: 'bob',
        password: 'exact',
      }),
    ]);
    assert.deepEqual(lookup('https://github.com/org/app'), { username: 'bob', password: 'exact' });
  });

  it('reads stringData as well as base64 data, stringData winning for the same key', () => {
    const both: SecretLike = {
      metadata: { name: 'x', labels: { 'capstan.dev/secret-type': 'repository' } },
      data: { url: b64('https://h/org/app'), username: b64('from-data'), password: b64('old') },
      stringData: { password: 'new' },
    };
    assert.deepEqual(credentialsFromSecrets([both])('https://h/org/app'), {
      username: 'from-data',
      password: 'new',
    });
    const plain = secret(
      'p',
      'repository',
      { url: 'https://h/org/plain', username: 'u', password: 'p' },
      { plain: true },
    );
    assert.deepEqual(credentialsFromSecrets([plain])('https://h/org/plain'), {
      username: 'u',
      password: 'p',
    });
  });

  it('sends a password given alone as a token with a fixed username, and a bearerToken as Bearer', () => {
    const lookup = credentialsFromSecrets([
      secret('token', 'repository', { url: 'https://h/org/token', password: 'ghp_abc' }),
      secret('bearer', 'repository', { url: 'https://h/org/bearer', bearerToken: 'bbb' }),
    ]);
    const token = lookup('https://h/org/token');
    assert.deepEqual(token, { username: 'x-access-token', password: 'ghp_abc' });
    assert.equal(
      formatAuthorization({ username: 'x-access-token', password: 'ghp_abc' }),
      `Basic ${b64('x-access-token:ghp_abc')}`,
    );
    const bearer = lookup('https://h/org/bearer');
    assert.deepEqual(bearer, { bearerToken: 'bbb' });
    assert.equal(formatAuthorization({ bearerToken: 'bbb' }), 'Bearer bbb');
  });

  it('ignores unlabelled, Helm, project-scoped, password-less and SSH Secrets', () => {
    const lookup = credentialsFromSecrets([
      secret('nolabel', undefined, { url: 'https://h/org/a', password: 'x' }),
      secret('other', 'cluster', { url: 'https://h/org/a', password: 'x' }),
      secret('helm', 'repository', { url: 'https://h/org/a', password: 'x', type: 'helm' }),
      secret('project', 'repository', { url: 'https://h/org/a', password: 'x', project: 'team-a' }),
      secret('nopass', 'repository', { url: 'https://h/org/a', username: 'u' }),
      secret('ssh', 'repo-creds', { url: 'git@h:org', sshPrivateKey: 'k' }),
    ]);
    assert.equal(lookup('https://h/org/a'), undefined);
  });

  it('chooses among equal matches by namespace/name, whatever the list order', () => {
    const first = secret('a', 'repository', {
      url: 'https://h/org/app',
      username: 'a',
      password: '1',
    });
    const second = secret('b', 'repository', {
      url: 'https://h/org/app',
      username: 'b',
      password: '2',
    });
    assert.deepEqual(credentialsFromSecrets([second, first])('https://h/org/app'), {
      username: 'a',
      password: '1',
    });
    assert.deepEqual(credentialsFromSecrets([first, second])('https://h/org/app'), {
      username: 'a',
      password: '1',
    });
  });

  it('answers undefined for an SSH or malformed repository URL instead of throwing', () => {
    const lookup = credentialsFromSecrets([
      secret('c', 'repo-creds', { url: 'https://h', password: 'x' }),
    ]);
    assert.equal(lookup('git@h:org/app.git'), undefined);
    assert.equal(lookup('nonsense'), undefined);
  });
});
