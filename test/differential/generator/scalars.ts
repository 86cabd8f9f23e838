/**
 * Realistic names and values, plus a sprinkle of tricky scalars (numbers as strings,
 * YAML 1.1 booleans, multi-line, long, empty and unicode strings) for ConfigMap data,
 * annotations and label values: the places where YAML printing differences hide.
 */
import type { Rng } from './prng.js';

export const APP_WORDS = [
  'web',
  'api',
  'worker',
  'cache',
  'auth',
  'billing',
  'search',
  'gateway',
  'frontend',
  'backend',
  'metrics',
  'queue',
  'mailer',
  'ledger',
  'catalog',
  'checkout',
  'profile',
  'notifier',
  'scheduler',
  'reports',
  'inventory',
  'payments',
  'ingest',
  'router',
] as const;

export const ENV_WORDS = ['dev', 'staging', 'prod', 'qa', 'canary', 'perf'] as const;
export const REGION_WORDS = ['eu', 'us', 'apac', 'west', 'east'] as const;
export const FEATURE_WORDS = [
  'monitoring',
  'tls',
  'debug',
  'tracing',
  'hardening',
  'backup',
] as const;
export const TEAM_WORDS = ['platform', 'core', 'growth', 'data', 'sre', 'mobile'] as const;

export const IMAGES = [
  'nginx:1.25.3',
  'redis:7.2',
  'busybox',
  'postgres:16-alpine',
  'registry.example.com/team/api:v2.3.1',
  'ghcr.io/acme/worker:2024.05.01',
  'quay.io/prometheus/node-exporter:v1.8.0',
  'alpine:3.19',
  'docker.io/library/python:3.12-slim',
  'gcr.io/distroless/static',
  'localhost:5000/tools/migrate:1.0',
] as const;

/** Strings that a careless YAML printer gets wrong. */
const TRICKY = [
  '8080',
  '0.10',
  '1.0',
  '012',
  '0x1F',
  '1e3',
  '-1',
  '+5',
  '.5',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'null',
  '~',
  'Null',
  'TRUE',
  '',
  ' ',
  ' leading space',
  'trailing space ',
  'line one\nline two\n',
  'line one\nline two',
  'tail newlines\n\n\n',
  '  indented first line\nsecond',
  'héllo wörld ✓ 日本語 🚀',
  '#not a comment',
  'key: value',
  '- dash first',
  'a: b: c',
  '*star',
  '&anchor',
  '!tag',
  '@at sign',
  '%percent',
  '{braces}',
  '[brackets]',
  "it's",
  '"double quoted"',
  'tab\there',
  'back\\slash',
  'colon:no-space',
  'url=https://example.com/a?b=c&d=e#frag',
  '2024-01-02',
  '12:30:45',
  '1_000',
  '0o17',
  '.inf',
  '-.Inf',
  '.NaN',
  'null\nnull',
  '|',
  '>',
  '---',
  '...',
  '?',
  ',',
  'trailing colon:',
  ' # space hash',
  'ünïcödé-ключ',
] as const;

const PLAIN_VALUES = [
  'info',
  'debug',
  'enabled',
  'us-east-1',
  'postgres://db.internal:5432/app',
  'https://api.example.com',
  'redis-master:6379',
  'blue',
  'v2',
  'retry-on-5xx',
  'gzip',
  'UTC',
  'ops@example.com',
  '/var/lib/data',
] as const;

/** A realistic value, or (with probability p) a tricky one. */
export function pickValue(rng: Rng, p = 0.35): string {
  if (rng.chance(p)) return rng.chance(0.06) ? makeLongString(rng) : rng.pick(TRICKY);
  return rng.pick(PLAIN_VALUES);
}

/** A label value: labels must be short, so tricky here means quoting, not shape. */
export function pickLabelValue(rng: Rng): string {
  return rng.pick([
    'v1',
    'prod',
    'true',
    'false',
    '1.0',
    '42',
    'yes',
    'null',
    'blue',
    'green',
    'stable',
  ]);
}

/** A long single-line string (wraps in naive printers). */
export function makeLongString(rng: Rng): string {
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india'];
  const parts: string[] = [];
  const count = rng.int(20, 40);
  for (let i = 0; i < count; i++) parts.push(rng.pick(words));
  return parts.join(' ');
}

/** A data key for ConfigMaps, env files and literals. */
export function pickDataKey(rng: Rng): string {
  return rng.pick([
    'LOG_LEVEL',
    'FEATURE_FLAGS',
    'DB_HOST',
    'DB_PORT',
    'TIMEOUT',
    'MODE',
    'REGION',
    'CACHE_TTL',
    'app.properties',
    'config.json',
    'nginx.conf',
    'settings.yaml',
    'greeting',
    'empty',
    'flag',
    'MAX_CONNECTIONS',
    'retries',
    'motd',
    'banner.txt',
    'version',
  ]);
}

/** A hex string of the given length (digests, tokens). */
export function makeHex(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'[rng.int(0, 15)] ?? '0';
  return out;
}

/** File contents for a generator `files:` entry. */
export function makeFileContent(rng: Rng, key: string): string {
  if (key.endsWith('.json'))
    return `{\n  "retries": ${String(rng.int(1, 9))},\n  "name": "${rng.pick(APP_WORDS)}"\n}\n`;
  if (key.endsWith('.conf'))
    return `server {\n  listen ${String(rng.pick([80, 8080]))};\n  location / { return 200; }\n}\n`;
  if (key.endsWith('.yaml')) return `mode: ${rng.pick(['fast', 'safe'])}\nlimits:\n  cpu: "500m"\n`;
  if (key.endsWith('.properties')) return `a.b=c\nnumber=${String(rng.int(1, 100))}\n# comment\n`;
  return rng.chance(0.3) ? pickValue(rng, 1) : `${pickValue(rng)}\n`;
}
