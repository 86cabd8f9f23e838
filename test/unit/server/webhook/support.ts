/** Fixture payloads and request signing shared by the webhook tests. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixturesDir = fileURLToPath(
  new URL('../../../../../test/fixtures/webhook/', import.meta.url),
);

/** A fixture's raw bytes (signatures are over the bytes, not the parsed JSON). */
export function readFixtureBody(name: string): Buffer {
  return readFileSync(`${fixturesDir}${name}`);
}

export function readFixtureJson(name: string): unknown {
  return JSON.parse(readFixtureBody(name).toString('utf8')) as unknown;
}

export function hmacHex(secret: string, body: Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
