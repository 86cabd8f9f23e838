import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RepoError } from '../../../src/repo/index.js';
import { hashRepoKey, normalizeRepoURL, parseRepoURL } from '../../../src/repo/url.js';

describe('normalizeRepoURL', () => {
  const cases: [string, string][] = [
    ['https://github.com/org/repo', 'https://github.com/org/repo'],
    ['https://github.com/org/repo.git', 'https://github.com/org/repo'],
    ['https://github.com/org/repo/', 'https://github.com/org/repo'],
    ['https://github.com/org/repo.git/', 'https://github.com/org/repo'],
    ['HTTPS://GitHub.COM/Org/Repo.git', 'https://github.com/Org/Repo'],
    ['  https://github.com/org/repo  ', 'https://github.com/org/repo'],
    ['https://github.com:443/org/repo', 'https://github.com/org/repo'],
    ['http://git.example.com:8080/org/repo', 'http://git.example.com:8080/org/repo'],
    ['https://user:pa%40ss@github.com/org/repo.git', 'https://github.com/org/repo'],
    ['https://token@github.com/org/repo', 'https://github.com/org/repo'],
    ['https://github.com/org/repo#readme', 'https://github.com/org/repo'],
  ];
  for (const [input, expected] of cases) {
    it(`normalises ${input} to ${expected}`, () => {
      assert.equal(normalizeRepoURL(input), expected);
    });
  }

  it('keeps the path case, because most Git servers treat paths case-sensitively', () => {
    assert.notEqual(normalizeRepoURL('https://h/Org/Repo'), normalizeRepoURL('https://h/org/repo'));
  });

  for (const url of [
    'git@github.com:org/repo.git',
    'ssh://git@github.com/org/repo.git',
    'git+ssh://github.com/org/repo',
  ]) {
    it(`refuses the SSH URL ${url} with an Unsupported RepoError that says to use https`, () => {
      assert.throws(
        () => normalizeRepoURL(url),
        (error: unknown) =>
          error instanceof RepoError &&
          error.reason === 'Unsupported' &&
          !error.transient &&
          /SSH URLs are not supported/.test(error.message) &&
          /https:\/\//.test(error.message),
      );
    });
  }

  for (const url of ['file:///srv/repo', 'git://github.com/org/repo', 'not a url']) {
    it(`refuses ${url} as Unsupported`, () => {
      assert.throws(
        () => normalizeRepoURL(url),
        (e: unknown) => e instanceof RepoError && e.reason === 'Unsupported',
      );
    });
  }

  it('never shows the password of an unparsable URL in its error', () => {
    assert.throws(
      () => normalizeRepoURL('ftp://user:hunter2@host/repo'),
      (e: unknown) =>
        e instanceof RepoError &&
        !e.message.includes('hunter2') &&
        e.message.includes('ftp://host/repo'),
    );
  });
});

describe('parseRepoURL', () => {
  it('fetches from the URL as given, minus credentials, and keeps the credentials apart', () => {
    const parsed = parseRepoURL('https://me:s%3Acret@git.example.com/org/repo.git');
    assert.equal(parsed.fetchURL, 'https://git.example.com/org/repo.git');
    assert.equal(parsed.key, 'https://git.example.com/org/repo');
    assert.deepEqual(parsed.embedded, { username: 'me', password: 's:cret' });
  });

  it('has no embedded credentials for a plain URL', () => {
    assert.equal(parseRepoURL('https://git.example.com/org/repo').embedded, undefined);
  });
});

describe('hashRepoKey', () => {
  it('gives one stable 32-hex directory name per normalised URL', () => {
    const a = hashRepoKey(normalizeRepoURL('https://github.com/org/repo.git'));
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.equal(a, hashRepoKey(normalizeRepoURL('HTTPS://github.com/org/repo/')));
    assert.notEqual(a, hashRepoKey(normalizeRepoURL('https://github.com/org/other')));
  });
});
