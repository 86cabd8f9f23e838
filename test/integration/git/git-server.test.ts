/**
 * The test Git server helper, checked against the real `git` client over HTTP: what later
 * integration tests rely on (clone, ls-remote, push, auth, force-moves, request counts).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { access, lstat, readFile, readlink } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  addUrlCredentials,
  cloneTestRepo,
  GitCommandError,
  listRemoteRefs,
  listWorkTreeFiles,
  makeGitTempDir,
  runGit,
  startGitServer,
  type GitServer,
} from '../../helpers/git-server/index.js';
import { eventually } from '../../helpers/eventually.js';

const credentials = { username: 'capstan', password: 's3cret:with-colon' };
let server: GitServer;
let authServer: GitServer;
let privateUrl: string;

before(async () => {
  [server, authServer] = await Promise.all([
    startGitServer(),
    startGitServer({ auth: credentials }),
  ]);
  const repo = await authServer.createRepo('private');
  await repo.commit({ 'secret.yaml': 'kind: ConfigMap\n' });
  privateUrl = repo.url;
});

after(() => Promise.all([server.close(), authServer.close()]));

test('serves a repository whose clone contains exactly the committed files', async (t) => {
  const repo = await server.createRepo('guestbook');
  await repo.commit({
    'README.md': 'hello\n',
    'apps/guestbook/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'apps/guestbook/deployment.yaml': 'kind: Deployment\n',
    'scripts/run.sh': { mode: 'executable', content: '#!/bin/sh\necho hi\n' },
    'docs/readme-link': { symlink: '../README.md' },
  });
  const second = await repo.commit(
    { 'apps/guestbook/deployment.yaml': null, 'README.md': 'hello again\n' },
    { message: 'Remove the deployment' },
  );
  const clone = await cloneTestRepo(repo.url, await makeGitTempDir(t));
  assert.deepEqual(await listWorkTreeFiles(clone), [
    'README.md',
    'apps/guestbook/kustomization.yaml',
    'docs/readme-link',
    'scripts/run.sh',
  ]);
  assert.equal(await readFile(path.join(clone, 'README.md'), 'utf8'), 'hello again\n');
  assert.equal(await readlink(path.join(clone, 'docs/readme-link')), '../README.md');
  assert.equal((await lstat(path.join(clone, 'scripts/run.sh'))).mode & 0o111, 0o111);
  const head = await runGit(['rev-parse', 'HEAD'], { cwd: clone });
  assert.equal(head.stdout.trim(), second);
  const subject = await runGit(['log', '-1', '--format=%s %an'], { cwd: clone });
  assert.equal(subject.stdout.trim(), 'Remove the deployment Capstan Test');
});

test('makes the tree exactly the given files with replaceTree and starts branches from a ref', async () => {
  const repo = await server.createRepo('replace');
  const first = await repo.commit({ 'a.txt': 'a', 'dir/b.txt': 'b' });
  await repo.commit({ 'c.txt': 'c' }, { branch: 'feature', from: 'main' });
  const replaced = await repo.commit({ 'only.txt': 'x' }, { replaceTree: true });
  const orphan = await repo.commit({ 'o.txt': 'o' }, { branch: 'orphan' });
  const listFiles = async (ref: string): Promise<string[]> => {
    const args = [`--git-dir=${repo.path}`, 'ls-tree', '-r', '--name-only', ref];
    return (await runGit(args)).stdout.split('\n').filter((l) => l !== '');
  };
  assert.deepEqual(await listFiles('main'), ['only.txt']);
  assert.deepEqual(await listFiles('feature'), ['a.txt', 'c.txt', 'dir/b.txt']);
  assert.deepEqual(await listFiles('orphan'), ['o.txt']);
  const parents = async (sha: string): Promise<string> =>
    (await runGit([`--git-dir=${repo.path}`, 'log', '-1', '--format=%P', sha])).stdout.trim();
  assert.equal(await parents(replaced), await repo.resolve('main~1'));
  assert.equal(await parents(await repo.resolve('feature')), first);
  assert.equal(await parents(orphan), '');
});

test('keeps every commit when commits to one branch are made concurrently', async () => {
  const repo = await server.createRepo('concurrent');
  const names = ['a', 'b', 'c', 'd', 'e'];
  const shas = await Promise.all(names.map((n) => repo.commit({ [`${n}.txt`]: n })));
  const args = [`--git-dir=${repo.path}`, 'rev-list', '--count', 'main'];
  assert.equal((await runGit(args)).stdout.trim(), '5');
  assert.equal(await repo.resolve('main'), shas.at(-1));
  const tree = await runGit([`--git-dir=${repo.path}`, 'ls-tree', '--name-only', 'main']);
  assert.deepEqual(tree.stdout.trim().split('\n'), ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']);
});

test('lists branches and tags, annotated tags peeled, with the SHAs the helper returned', async () => {
  const repo = await server.createRepo('tags');
  const main = await repo.commit({ 'app.yaml': 'v: 1\n' });
  const release = await repo.commit({ 'app.yaml': 'v: 2\n' }, { branch: 'release', from: 'main' });
  const light = await repo.tag('v1.0.0', main);
  const annotated = await repo.tag('v2.0.0', 'release', { annotated: true, message: 'v2' });
  assert.equal(light, main);
  assert.notEqual(annotated, release, 'an annotated tag is its own object');
  assert.deepEqual(
    await listRemoteRefs(repo.url),
    new Map([
      ['HEAD', main],
      ['refs/heads/main', main],
      ['refs/heads/release', release],
      ['refs/tags/v1.0.0', main],
      ['refs/tags/v2.0.0', annotated],
      ['refs/tags/v2.0.0^{}', release],
    ]),
  );
  assert.equal(await repo.resolve('v2.0.0'), release);
});

test('accepts a push over HTTP and the pushed commit is visible through resolve', async (t) => {
  const repo = await server.createRepo('push');
  const base = await repo.commit({ 'a.txt': 'a\n' });
  const clone = await cloneTestRepo(repo.url, await makeGitTempDir(t));
  await runGit(['commit', '--quiet', '--allow-empty', '-m', 'pushed'], { cwd: clone });
  server.clearRequests();
  await runGit(['push', '--quiet', 'origin', 'HEAD:main', 'HEAD:refs/heads/pushed'], {
    cwd: clone,
  });
  const pushed = (await runGit(['rev-parse', 'HEAD'], { cwd: clone })).stdout.trim();
  assert.notEqual(pushed, base);
  assert.equal(await repo.resolve('main'), pushed);
  assert.equal(await repo.resolve('pushed'), pushed);
  assert.equal(server.requestCount({ endpoint: 'git-receive-pack', method: 'POST' }), 1);
});

test('shows a branch force-moved to an older or unrelated commit and hides a deleted one', async () => {
  const repo = await server.createRepo('moves');
  const older = await repo.commit({ 'a.txt': '1' });
  const newer = await repo.commit({ 'a.txt': '2' });
  await repo.commit({ 'f.txt': 'f' }, { branch: 'feature', from: 'main' });
  assert.equal((await listRemoteRefs(repo.url)).get('refs/heads/main'), newer);
  assert.equal(await repo.forcePush('main', older), older);
  assert.equal((await listRemoteRefs(repo.url)).get('refs/heads/main'), older);
  const unrelated = await repo.commit({ 'u.txt': 'u' }, { branch: 'scratch' });
  await repo.forcePush('main', unrelated);
  assert.equal((await listRemoteRefs(repo.url)).get('refs/heads/main'), unrelated);
  await repo.deleteBranch('feature');
  const refs = await listRemoteRefs(repo.url);
  assert.equal(refs.has('refs/heads/feature'), false);
  assert.equal(refs.has('refs/heads/scratch'), true);
  await assert.rejects(repo.deleteBranch('feature'), /refs\/heads\/feature does not exist/);
});

test('serves HEAD from the branch named by setHead', async () => {
  const repo = await server.createRepo('head', { defaultBranch: 'trunk' });
  const trunk = await repo.commit({ 'a.txt': 'a' });
  const other = await repo.commit({ 'b.txt': 'b' }, { branch: 'other' });
  assert.equal((await listRemoteRefs(repo.url)).get('HEAD'), trunk);
  await repo.setHead('other');
  assert.equal((await listRemoteRefs(repo.url)).get('HEAD'), other);
  const next = await repo.commit({ 'c.txt': 'c' });
  assert.equal(await repo.resolve('other'), next, 'commit defaults to the HEAD branch');
});

test('records exactly one upload-pack info/refs request for one ls-remote, over protocol v2', async () => {
  const repo = await server.createRepo('counted');
  await repo.commit({ 'a.txt': 'a' });
  server.clearRequests();
  await listRemoteRefs(repo.url);
  const infoRefs = server.requests.filter((r) => r.endpoint === 'info/refs');
  assert.equal(infoRefs.length, 1);
  assert.deepEqual(infoRefs[0], {
    method: 'GET',
    path: '/counted.git/info/refs',
    service: 'git-upload-pack',
    endpoint: 'info/refs',
    gitProtocol: 'version=2',
    contentEncoding: undefined,
    status: 200,
  });
  assert.equal(server.requestCount({ endpoint: 'info/refs', service: 'git-upload-pack' }), 1);
  // Protocol v2 lists refs with a POSTed ls-refs command; v0 would not POST at all.
  assert.equal(server.requestCount({ endpoint: 'git-upload-pack', method: 'POST' }), 1);
  assert.equal(server.requestCount(), 2);
});

test('serves fetches whose request bodies git sends gzip-compressed', async (t) => {
  const repo = await server.createRepo('gzip');
  const shas = new Set<string>();
  for (let i = 0; i < 30; i += 1) {
    shas.add(await repo.commit({ 'n.txt': String(i) }, { branch: `b${String(i)}` }));
  }
  server.clearRequests();
  const clone = await cloneTestRepo(repo.url, await makeGitTempDir(t));
  const gzipped = server.requests.filter((r) => r.contentEncoding === 'gzip');
  assert.ok(gzipped.length > 0, 'git sent no gzip body; the test would prove nothing');
  assert.ok(gzipped.every((r) => r.status === 200));
  const fetched = await runGit(['for-each-ref', '--format=%(objectname)'], { cwd: clone });
  assert.deepEqual(new Set(fetched.stdout.trim().split('\n')), shas);
});

test('answers 404 for a repository that does not exist', async () => {
  const response = await fetch(`${server.url}/missing.git/info/refs?service=git-upload-pack`);
  assert.equal(response.status, 404);
  await response.body?.cancel();
});

test('lets a clone with the right credentials in the URL succeed', async (t) => {
  const url = addUrlCredentials(privateUrl, credentials);
  const clone = await cloneTestRepo(url, await makeGitTempDir(t));
  assert.deepEqual(await listWorkTreeFiles(clone), ['secret.yaml']);
});

test('fails a clone with a wrong password as an authentication failure without leaking it', async (t) => {
  const wrong = addUrlCredentials(privateUrl, { username: 'capstan', password: 'wrong-pass' });
  const error = await cloneTestRepo(wrong, await makeGitTempDir(t)).then(
    () => assert.fail('clone with a wrong password succeeded'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof GitCommandError);
  assert.notEqual(error.exitCode, 0);
  assert.match(error.stderr, /Authentication failed/);
  assert.equal(error.message.includes('wrong-pass'), false, error.message);
});

test('fails a clone without credentials instead of prompting', async (t) => {
  authServer.clearRequests();
  await assert.rejects(
    cloneTestRepo(privateUrl, await makeGitTempDir(t), { env: { GIT_ASKPASS: undefined } }),
    (e: unknown) => e instanceof GitCommandError && /terminal prompts disabled/.test(e.stderr),
  );
  const statuses = authServer.requests.map((r) => r.status);
  assert.deepEqual(statuses, [401]);
});

test('challenges missing and wrong credentials with 401 and the capstan-test realm', async () => {
  const infoRefs = `${privateUrl}/info/refs?service=git-upload-pack`;
  const wrong = Buffer.from('capstan:nope').toString('base64');
  const right = Buffer.from(`capstan:${credentials.password}`).toString('base64');
  for (const headers of [{}, { Authorization: `Basic ${wrong}` }]) {
    const response = await fetch(infoRefs, { headers });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Basic realm="capstan-test"');
    await response.body?.cancel();
  }
  const ok = await fetch(infoRefs, { headers: { Authorization: `Basic ${right}` } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-type'), 'application/x-git-upload-pack-advertisement');
  await ok.body?.cancel();
});

test('close frees the port and removes the temp directory, and may be called twice', async () => {
  const closing = await startGitServer();
  const repo = await closing.createRepo('gone');
  await repo.commit({ 'a.txt': 'a' });
  const probe = connect(closing.port, '127.0.0.1');
  await once(probe, 'connect');
  probe.destroy();
  await closing.close();
  await assert.rejects(once(connect(closing.port, '127.0.0.1'), 'connect'), {
    code: 'ECONNREFUSED',
  });
  await assert.rejects(access(closing.rootDir), { code: 'ENOENT' });
  await assert.rejects(access(repo.path), { code: 'ENOENT' });
  await closing.close();
});

test('close ends a request still streaming its body to the CGI', { timeout: 20_000 }, async () => {
  const closing = await startGitServer();
  const repo = await closing.createRepo('streaming');
  const req = request(`${repo.url}/git-upload-pack`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-git-upload-pack-request', 'Content-Length': 1000 },
  });
  const ended = new Promise<string>((resolve) => {
    req.on('error', (error) => {
      resolve(error.message);
    });
    // http-backend sends its headers before reading the body, so the response may start.
    req.on('response', (res) => {
      res.resume();
      res.on('close', () => {
        resolve(res.complete ? 'complete' : 'aborted');
      });
    });
  });
  req.write('0014command=ls-refs\n');
  const isRecorded = (): void => {
    assert.equal(closing.requestCount(), 1);
  };
  await eventually(isRecorded, { timeoutMs: 5_000, intervalMs: 10 });
  await closing.close();
  assert.match(await ended, /aborted|socket hang up|ECONNRESET/);
  await assert.rejects(access(closing.rootDir), { code: 'ENOENT' });
});
