import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findDefaultBranch,
  findRefAt,
  matchRevision,
  readRemoteInfo,
  type RemoteRef,
} from '../../../src/repo/remote-refs.js';

const MAIN = '1'.repeat(40);
const DEV = '2'.repeat(40);
const TAG_OBJECT = '3'.repeat(40);
const TAGGED = '4'.repeat(40);
const AMBIG = '5'.repeat(40);

const refs = new Map<string, RemoteRef>(
  [
    { name: 'HEAD', oid: MAIN, target: 'refs/heads/main' },
    { name: 'refs/heads/main', oid: MAIN },
    { name: 'refs/heads/dev', oid: DEV },
    { name: 'refs/heads/both', oid: DEV },
    { name: 'refs/tags/both', oid: AMBIG },
    { name: 'refs/tags/v1', oid: TAG_OBJECT, peeled: TAGGED },
    { name: 'refs/pull/7/head', oid: DEV },
  ].map((r) => [r.name, r]),
);

describe('matchRevision', () => {
  it('reads HEAD and the empty revision as the branch HEAD points at', () => {
    assert.deepEqual(matchRevision(refs, 'HEAD'), {
      kind: 'ref',
      ref: 'refs/heads/main',
      commit: MAIN,
    });
    assert.deepEqual(matchRevision(refs, ''), {
      kind: 'ref',
      ref: 'refs/heads/main',
      commit: MAIN,
    });
  });

  it('finds branches and tags by short and full name', () => {
    assert.deepEqual(matchRevision(refs, 'dev'), {
      kind: 'ref',
      ref: 'refs/heads/dev',
      commit: DEV,
    });
    assert.deepEqual(matchRevision(refs, 'refs/heads/dev'), {
      kind: 'ref',
      ref: 'refs/heads/dev',
      commit: DEV,
    });
    assert.deepEqual(matchRevision(refs, 'pull/7/head'), {
      kind: 'ref',
      ref: 'refs/pull/7/head',
      commit: DEV,
    });
  });

  it('peels an annotated tag to the commit it points at', () => {
    assert.deepEqual(matchRevision(refs, 'v1'), {
      kind: 'ref',
      ref: 'refs/tags/v1',
      commit: TAGGED,
    });
  });

  it('prefers a tag over a branch of the same name, as git rev-parse does', () => {
    assert.deepEqual(matchRevision(refs, 'both'), {
      kind: 'ref',
      ref: 'refs/tags/both',
      commit: AMBIG,
    });
  });

  it('classifies unknown hex as a full or abbreviated SHA, lowercased', () => {
    assert.deepEqual(matchRevision(refs, 'ABCDEF0123456789ABCDEF0123456789ABCDEF01'), {
      kind: 'sha',
      sha: 'abcdef0123456789abcdef0123456789abcdef01',
    });
    assert.deepEqual(matchRevision(refs, 'AbCdEf1'), { kind: 'abbreviated', prefix: 'abcdef1' });
  });

  it('does not take fewer than 7 hex digits or non-hex names for a SHA', () => {
    assert.deepEqual(matchRevision(refs, 'abcdef'), { kind: 'none' });
    assert.deepEqual(matchRevision(refs, 'deleted-branch'), { kind: 'none' });
  });

  it('answers none for HEAD when the server advertises no HEAD', () => {
    assert.deepEqual(matchRevision(new Map(), 'HEAD'), { kind: 'none' });
  });
});

describe('findRefAt and findDefaultBranch', () => {
  it('find a ref whose tip or peeled tag is the SHA', () => {
    assert.equal(findRefAt(refs, DEV), 'refs/heads/dev');
    assert.equal(findRefAt(refs, TAGGED), 'refs/tags/v1');
    assert.equal(findRefAt(refs, '9'.repeat(40)), undefined);
  });

  it('name the branch HEAD points at', () => {
    assert.equal(findDefaultBranch(refs), 'refs/heads/main');
    assert.equal(findDefaultBranch(new Map()), undefined);
  });
});

describe('readRemoteInfo', () => {
  it('indexes the advertised refs by name, keeping peeled tags and symref targets', () => {
    const answer = {
      refs: [
        { ref: 'HEAD', oid: MAIN, target: 'refs/heads/main' },
        { ref: 'refs/tags/v1', oid: TAG_OBJECT, peeled: TAGGED },
      ],
    };
    const info = readRemoteInfo(answer, undefined);
    assert.equal(info.refs.get('HEAD')?.target, 'refs/heads/main');
    assert.equal(info.refs.get('refs/tags/v1')?.peeled, TAGGED);
    assert.equal(readRemoteInfo({}, undefined).refs.size, 0);
  });
});
