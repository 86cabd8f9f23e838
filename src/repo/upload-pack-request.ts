/**
 * Rewrites the upload-pack request isomorphic-git sends (protocol v0/v1, one stateless POST:
 * wants, shallows, deepen, flush, haves, done) before it goes on the wire:
 * - asks for a thin pack: without `thin-pack`, git's pack-objects walks a shallow fetch with
 *   plain `--objects` and resends every object of the new commit even when we hold all but
 *   one of them; with it, the server uses `--objects-edge-aggressive` and sends only what
 *   changed (measured: a one-file change in a 500-file repo, 27 KB → 0.5 KB). isomorphic-git
 *   reads thin packs from its store (it resolves external bases on read); git would not,
 *   which is fine because only this module reads the cache.
 * - adds `have` lines for commits we hold, because isomorphic-git offers at most one.
 * Pure: bytes in, bytes out.
 */

export interface UploadPackRewrite {
  readonly thinPack: boolean;
  /** Commits to announce as `have`, beyond the ones already in the request. */
  readonly extraHaves: readonly string[];
}

type PktLine = { readonly kind: 'flush' } | { readonly kind: 'data'; readonly text: string };

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The request with the rewrite applied; the bytes unchanged when it cannot be parsed. */
export function rewriteUploadPackRequest(body: Uint8Array, rewrite: UploadPackRewrite): Uint8Array {
  const lines = parsePktLines(body);
  if (lines === undefined) return body;
  const out = lines.map((line, index) =>
    index === 0 && line.kind === 'data' && rewrite.thinPack
      ? addCapability(line.text, 'thin-pack')
      : line,
  );
  const doneAt = out.findIndex((line) => line.kind === 'data' && line.text === 'done\n');
  if (doneAt >= 0 && rewrite.extraHaves.length > 0) {
    const present = new Set(
      out.flatMap((line) =>
        line.kind === 'data' && line.text.startsWith('have ') ? [line.text.slice(5, 45)] : [],
      ),
    );
    const added = [...new Set(rewrite.extraHaves)]
      .filter((sha) => /^[0-9a-f]{40}$/.test(sha) && !present.has(sha))
      .map((sha): PktLine => ({ kind: 'data', text: `have ${sha}\n` }));
    out.splice(doneAt, 0, ...added);
  }
  return encodePktLines(out);
}

function addCapability(text: string, capability: string): PktLine {
  if (!text.startsWith('want ') || text.split(/[ \n]/).includes(capability))
    return { kind: 'data', text };
  const newline = text.endsWith('\n') ? '\n' : '';
  return {
    kind: 'data',
    text: `${text.slice(0, text.length - newline.length)} ${capability}${newline}`,
  };
}

/** Splits pkt-lines; undefined when the bytes are not a well-formed sequence of them. */
export function parsePktLines(body: Uint8Array): PktLine[] | undefined {
  const lines: PktLine[] = [];
  let at = 0;
  while (at < body.length) {
    if (at + 4 > body.length) return undefined;
    const length = Number.parseInt(decoder.decode(body.subarray(at, at + 4)), 16);
    if (
      !Number.isInteger(length) ||
      (length !== 0 && length < 4) ||
      at + Math.max(length, 4) > body.length
    ) {
      return undefined;
    }
    if (length === 0) {
      lines.push({ kind: 'flush' });
      at += 4;
    } else {
      lines.push({ kind: 'data', text: decoder.decode(body.subarray(at + 4, at + length)) });
      at += length;
    }
  }
  return lines;
}

export function encodePktLines(lines: readonly PktLine[]): Uint8Array {
  const parts = lines.map((line) => {
    if (line.kind === 'flush') return encoder.encode('0000');
    const payload = encoder.encode(line.text);
    return encoder.encode(`${(payload.length + 4).toString(16).padStart(4, '0')}${line.text}`);
  });
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
