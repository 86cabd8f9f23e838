import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  encodePktLines,
  parsePktLines,
  rewriteUploadPackRequest,
} from '../../../src/repo/upload-pack-request.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** The request isomorphic-git sends for a depth-1 single-branch fetch with one have. */
const REQUEST = encodePktLines([
  {
    kind: 'data',
    text: `want ${A} multi_ack_detailed no-done side-band-64k ofs-delta agent=git/isomorphic-git\n`,
  },
  { kind: 'data', text: `shallow ${B}\n` },
  { kind: 'data', text: 'deepen 1\n' },
  { kind: 'flush' },
  { kind: 'data', text: `have ${B}\n` },
  { kind: 'data', text: 'done\n' },
]);

describe('rewriteUploadPackRequest', () => {
  it('asks for a thin pack on the first want line and fixes its length prefix', () => {
    const out = rewriteUploadPackRequest(REQUEST, { thinPack: true, extraHaves: [] });
    const lines = parsePktLines(out);
    assert.ok(lines);
    const first = lines[0];
    assert.ok(first?.kind === 'data');
    assert.match(first.text, / ofs-delta agent=git\/isomorphic-git thin-pack\n$/);
    assert.equal(text(out).slice(0, 4), (first.text.length + 4).toString(16).padStart(4, '0'));
    assert.equal(lines.length, 6);
  });

  it('adds our haves before done, skipping ones already there and anything not a SHA', () => {
    const out = rewriteUploadPackRequest(REQUEST, {
      thinPack: false,
      extraHaves: [B, C, C, 'nope'],
    });
    const lines = parsePktLines(out) ?? [];
    const haves = lines.flatMap((l) =>
      l.kind === 'data' && l.text.startsWith('have ') ? [l.text] : [],
    );
    assert.deepEqual(haves, [`have ${B}\n`, `have ${C}\n`]);
    const last = lines[lines.length - 1];
    assert.deepEqual(last, { kind: 'data', text: 'done\n' });
    assert.doesNotMatch(text(out), /thin-pack/);
  });

  it('does not add thin-pack twice', () => {
    const once = rewriteUploadPackRequest(REQUEST, { thinPack: true, extraHaves: [] });
    const twice = rewriteUploadPackRequest(once, { thinPack: true, extraHaves: [] });
    assert.equal(text(twice).match(/thin-pack/g)?.length, 1);
  });

  it('leaves bytes that are not pkt-lines untouched', () => {
    const junk = new TextEncoder().encode('zzzz not a pkt line');
    assert.equal(rewriteUploadPackRequest(junk, { thinPack: true, extraHaves: [C] }), junk);
  });

  it('round-trips pkt-lines through parse and encode', () => {
    assert.deepEqual(encodePktLines(parsePktLines(REQUEST) ?? []), REQUEST);
  });
});
