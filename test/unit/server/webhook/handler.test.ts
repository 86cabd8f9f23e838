import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLogger } from '../../../../src/log/index.js';
import { createMetrics } from '../../../../src/metrics/index.js';
import type { KubeObject } from '../../../../src/model/index.js';
import {
  createWebhookHandler,
  startHttpServer,
  type RunningHttpServer,
  type WebhookProvider,
  type WebhookSecrets,
} from '../../../../src/server/index.js';
import { hmacHex, readFixtureBody } from './support.js';

const MAX_BYTES = 64 * 1024;
const SECRETS: WebhookSecrets = {
  'github.secret': 'gh-s3cret',
  'gitlab.secret': 'gl-t0ken',
  'bitbucket.uuid': '{7d9c5a10-1234-4abc-9def-0123456789ab}',
  'bitbucket.secret': 'bb-s3cret',
  'gitea.secret': 'gt-s3cret',
};

function application(name: string, repoURL: string, targetRevision = 'HEAD'): KubeObject {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'capstan-system' },
    spec: { source: { repoURL, targetRevision, path: '.' } },
  };
}

/** One app per provider fixture, plus one on an unrelated repository. */
const APPS = [
  application('gh', 'https://github.com/Octo-Org/Hello-World.git'),
  application('gl', 'https://gitlab.example.com/mike/diaspora.git', 'feature/login'),
  application('bb', 'https://bitbucket.org/acme-team/platform-config.git', 'release/2026.12'),
  application('gt', 'https://gitea.example.com/ops/cluster-apps.git', 'develop'),
  application('unrelated', 'https://github.com/Octo-Org/Other.git'),
];

function nameOf(app: KubeObject): string {
  return (app['metadata'] as { name: string }).name;
}

interface Delivery {
  readonly provider: WebhookProvider;
  readonly fixture: string;
  readonly app: string;
  /** Headers of a genuine delivery of `body`. */
  readonly sign: (body: Buffer) => Record<string, string>;
  /** The same delivery with a wrong signature or token. */
  readonly forge: (body: Buffer) => Record<string, string>;
  /** Only the event header: no signature at all. */
  readonly unsigned: Record<string, string>;
}

const DELIVERIES: Delivery[] = [
  {
    provider: 'github',
    fixture: 'github-push.json',
    app: 'capstan-system/gh',
    unsigned: { 'x-github-event': 'push' },
    sign: (body) => ({
      'x-github-event': 'push',
      'x-github-delivery': 'd-1',
      'x-hub-signature-256': `sha256=${hmacHex('gh-s3cret', body)}`,
    }),
    forge: (body) => ({
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${hmacHex('gh-guess', body)}`,
    }),
  },
  {
    provider: 'gitlab',
    fixture: 'gitlab-push.json',
    app: 'capstan-system/gl',
    unsigned: { 'x-gitlab-event': 'Push Hook' },
    sign: () => ({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'gl-t0ken' }),
    forge: () => ({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'gl-guess' }),
  },
  {
    provider: 'bitbucket',
    fixture: 'bitbucket-push.json',
    app: 'capstan-system/bb',
    unsigned: { 'x-event-key': 'repo:push' },
    sign: (body) => ({
      'x-event-key': 'repo:push',
      'x-hook-uuid': '{7d9c5a10-1234-4abc-9def-0123456789ab}',
      'x-hub-signature': `sha256=${hmacHex('bb-s3cret', body)}`,
    }),
    forge: (body) => ({
      'x-event-key': 'repo:push',
      'x-hook-uuid': '{7d9c5a10-1234-4abc-9def-0123456789ab}',
      'x-hub-signature': `sha256=${hmacHex('bb-guess', body)}`,
    }),
  },
  {
    provider: 'gitea',
    fixture: 'gitea-push.json',
    app: 'capstan-system/gt',
    unsigned: { 'x-gitea-event': 'push', 'x-github-event': 'push' },
    sign: (body) => ({ 'x-gitea-event': 'push', 'x-gitea-signature': hmacHex('gt-s3cret', body) }),
    forge: (body) => ({ 'x-gitea-event': 'push', 'x-gitea-signature': hmacHex('gt-guess', body) }),
  },
];

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** A raw request, so a body can be declared larger than what is sent. */
function send(
  port: number,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer; declared?: number },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = options.body ?? Buffer.alloc(0);
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/webhook',
        method: options.method ?? 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(options.declared ?? body.length),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    // The server may close the connection on a 413 before the upload ends.
    request.on('error', reject);
    request.end(body);
  });
}

describe('POST /api/webhook', () => {
  let server: RunningHttpServer;
  let logLines: string[];
  let refreshed: string[][];
  let secretsFail: boolean;

  before(async () => {
    logLines = [];
    server = await startHttpServer({
      address: '127.0.0.1:0',
      registry: createMetrics().registry,
      isReady: () => true,
      logger: createLogger({
        level: 'debug',
        destination: { write: (line) => logLines.push(line) },
      }),
      webhook: createWebhookHandler({
        readSecrets: () =>
          secretsFail ? Promise.reject(new Error('forbidden')) : Promise.resolve(SECRETS),
        refreshApps: (select) => {
          const keys = APPS.filter(select).map((app) => `capstan-system/${nameOf(app)}`);
          refreshed.push(keys);
          return Promise.resolve(keys);
        },
        logger: createLogger({
          level: 'debug',
          destination: { write: (line) => logLines.push(line) },
        }),
        maxBodyBytes: MAX_BYTES,
      }),
    });
  });
  after(() => server.close());
  beforeEach(() => {
    refreshed = [];
    secretsFail = false;
  });

  for (const delivery of DELIVERIES) {
    describe(delivery.provider, () => {
      const body = readFixtureBody(delivery.fixture);

      it('refreshes exactly the app of the pushed repository and ref on a valid delivery', async () => {
        const answer = await send(server.port, { headers: delivery.sign(body), body });
        assert.equal(answer.status, 200, answer.body);
        assert.deepEqual(JSON.parse(answer.body), {
          event: delivery.unsigned[Object.keys(delivery.unsigned)[0] ?? ''],
          refreshed: 1,
        });
        assert.deepEqual(refreshed, [[delivery.app]]);
      });

      it('refuses a wrong signature with 403 and refreshes nothing', async () => {
        const answer = await send(server.port, { headers: delivery.forge(body), body });
        assert.equal(answer.status, 403, answer.body);
        assert.deepEqual(refreshed, []);
      });

      it('refuses a delivery without signature with 401', async () => {
        const answer = await send(server.port, { headers: delivery.unsigned, body });
        assert.equal(answer.status, 401, answer.body);
        assert.deepEqual(refreshed, []);
      });

      it('refuses a signed body padded past the cap with 413', async () => {
        const padded = Buffer.concat([body, Buffer.alloc(MAX_BYTES, 0x20)]);
        const answer = await send(server.port, { headers: delivery.sign(padded), body: padded });
        assert.equal(answer.status, 413, answer.body);
        assert.deepEqual(refreshed, []);
      });
    });
  }

  it('answers 413 on the declared length alone, before the body is uploaded', async () => {
    const body = readFixtureBody('github-push.json');
    const declared = 512 * 1024 * 1024;
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/webhook',
          method: 'POST',
          headers: { 'x-github-event': 'push', 'content-length': String(declared) },
        },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, body: '' });
          request.destroy();
        },
      );
      request.on('error', (error) => {
        if (!request.destroyed) reject(error);
      });
      // Only a first chunk is ever written: the answer must come without the rest.
      request.write(body);
    });
    assert.equal(answer.status, 413);
  });

  it('refuses a chunked body once it passes the cap', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/webhook',
          method: 'POST',
          headers: { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'gl-t0ken' },
        },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, body: '' });
          request.destroy();
        },
      );
      request.on('error', (error) => {
        if (!request.destroyed) reject(error);
      });
      // No Content-Length: chunked. Twice the cap, in 8 KiB chunks, never ended.
      for (let sent = 0; sent < 2 * MAX_BYTES; sent += 8192)
        request.write(Buffer.alloc(8192, 0x20));
    });
    assert.equal(answer.status, 413);
    assert.deepEqual(refreshed, []);
  });

  it('acknowledges a signed ping without refreshing anything', async () => {
    const body = readFixtureBody('github-ping.json');
    const headers = {
      'x-github-event': 'ping',
      'x-hub-signature-256': `sha256=${hmacHex('gh-s3cret', body)}`,
    };
    const answer = await send(server.port, { headers, body });
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), { event: 'ping', refreshed: 0 });
    assert.deepEqual(refreshed, []);
  });

  it('accepts GitHub form-encoded deliveries, signed over the form body', async () => {
    const json = readFixtureBody('github-push.json').toString();
    const body = Buffer.from(new URLSearchParams({ payload: json }).toString());
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${hmacHex('gh-s3cret', body)}`,
    };
    const answer = await send(server.port, { headers, body });
    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(refreshed, [['capstan-system/gh']]);
  });

  it('refuses other methods, unknown senders, unreadable pushes and unreadable secrets', async () => {
    const get = await send(server.port, { method: 'GET', headers: { 'x-github-event': 'push' } });
    assert.equal(get.status, 405);
    const unknown = await send(server.port, { body: Buffer.from('{}') });
    assert.equal(unknown.status, 400);
    const garbage = Buffer.from('{"ref": ');
    const headers = {
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${hmacHex('gh-s3cret', garbage)}`,
    };
    assert.equal((await send(server.port, { headers, body: garbage })).status, 400);
    secretsFail = true;
    const body = readFixtureBody('github-push.json');
    const unavailable = await send(server.port, { headers: DELIVERIES[0]?.sign(body) ?? {}, body });
    assert.equal(unavailable.status, 503);
    assert.deepEqual(refreshed, []);
  });

  it('logs provider, event, repository and outcome, never the body or a secret', async () => {
    logLines.length = 0;
    for (const delivery of DELIVERIES) {
      const body = readFixtureBody(delivery.fixture);
      await send(server.port, { headers: delivery.sign(body), body });
      await send(server.port, { headers: delivery.forge(body), body });
    }
    const log = logLines.join('');
    assert.match(
      log,
      /"provider":"github","event":"push".*"repo":"https:\/\/github.com\/Octo-Org\/Hello-World"/u,
    );
    assert.match(log, /"status":403,"reason":"BadSignature"/u);
    assert.match(log, /"delivery":"d-1"/u);
    for (const secret of ['gh-s3cret', 'gl-t0ken', 'gl-guess', 'bb-s3cret', 'gt-s3cret'])
      assert.ok(!log.includes(secret), `log shows ${secret}`);
    for (const fragment of [
      'bump replicas',
      'Catalan',
      hmacHex('gh-s3cret', readFixtureBody('github-push.json')),
    ])
      assert.ok(!log.includes(fragment), `log shows ${fragment}`);
  });
});

describe('/api/webhook without a handler', () => {
  it('is served only when a handler is given', async () => {
    const server = await startHttpServer({
      address: '127.0.0.1:0',
      registry: createMetrics().registry,
      isReady: () => true,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const answer = await send(server.port, { headers: { 'x-github-event': 'push' } });
      assert.equal(answer.status, 405);
      assert.equal(
        (await fetch(`http://127.0.0.1:${String(server.port)}/api/webhook`)).status,
        404,
      );
    } finally {
      await server.close();
    }
  });
});
