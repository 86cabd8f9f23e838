import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyWebhookSignature, type WebhookSecrets } from '../../../../src/server/index.js';
import { hmacHex, readFixtureBody } from './support.js';

const SECRETS: WebhookSecrets = {
  'github.secret': 'gh-s3cret',
  'gitlab.secret': 'gl-t0ken',
  'bitbucket.uuid': '{7D9C5A10-1234-4ABC-9DEF-0123456789AB}',
  'gitea.secret': 'gt-s3cret',
};

describe('verifyWebhookSignature', () => {
  const body = readFixtureBody('github-push.json');

  it('accepts a GitHub body signed with the secret and refuses any other', () => {
    const good = { 'x-hub-signature-256': `sha256=${hmacHex('gh-s3cret', body)}` };
    assert.deepEqual(verifyWebhookSignature('github', good, body, SECRETS), { ok: true });
    const wrongKey = { 'x-hub-signature-256': `sha256=${hmacHex('guess', body)}` };
    assert.equal(verifyWebhookSignature('github', wrongKey, body, SECRETS).ok, false);
    const tampered = Buffer.concat([body, Buffer.from(' ')]);
    const verdict = verifyWebhookSignature('github', good, tampered, SECRETS);
    assert.deepEqual(verdict, { ok: false, status: 403, reason: 'BadSignature' });
  });

  it('refuses GitHub without the SHA-256 signature, and the SHA-1 header alone', () => {
    assert.deepEqual(verifyWebhookSignature('github', {}, body, SECRETS), {
      ok: false,
      status: 401,
      reason: 'MissingSignature',
    });
    const sha1Only = { 'x-hub-signature': `sha1=${'0'.repeat(40)}` };
    assert.equal(verifyWebhookSignature('github', sha1Only, body, SECRETS).ok, false);
    const noPrefix = { 'x-hub-signature-256': hmacHex('gh-s3cret', body) };
    assert.equal(verifyWebhookSignature('github', noPrefix, body, SECRETS).ok, false);
  });

  it('checks the GitLab token as sent', () => {
    assert.ok(verifyWebhookSignature('gitlab', { 'x-gitlab-token': 'gl-t0ken' }, body, SECRETS).ok);
    const wrong = verifyWebhookSignature('gitlab', { 'x-gitlab-token': 'gl-t0ke' }, body, SECRETS);
    assert.deepEqual(wrong, { ok: false, status: 403, reason: 'BadSignature' });
    assert.equal(verifyWebhookSignature('gitlab', {}, body, SECRETS).ok, false);
  });

  it('checks the Gitea signature under any header Gitea sends it with', () => {
    const hex = hmacHex('gt-s3cret', body);
    for (const headers of [
      { 'x-gitea-signature': hex },
      { 'x-gogs-signature': hex },
      { 'x-hub-signature-256': `sha256=${hex}` },
    ])
      assert.ok(
        verifyWebhookSignature('gitea', headers, body, SECRETS).ok,
        JSON.stringify(headers),
      );
    const wrong = { 'x-gitea-signature': hmacHex('gh-s3cret', body) };
    assert.equal(verifyWebhookSignature('gitea', wrong, body, SECRETS).ok, false);
  });

  it('matches the Bitbucket hook UUID with or without braces and case', () => {
    const uuid = '7d9c5a10-1234-4abc-9def-0123456789ab';
    assert.ok(verifyWebhookSignature('bitbucket', { 'x-hook-uuid': uuid }, body, SECRETS).ok);
    const other = { 'x-hook-uuid': '{00000000-1234-4abc-9def-0123456789ab}' };
    assert.equal(verifyWebhookSignature('bitbucket', other, body, SECRETS).ok, false);
    assert.equal(verifyWebhookSignature('bitbucket', {}, body, SECRETS).ok, false);
  });

  it('requires the Bitbucket HMAC signature when its secret is set, and the UUID too when both are', () => {
    const secrets: WebhookSecrets = { ...SECRETS, 'bitbucket.secret': 'bb-s3cret' };
    const signature = `sha256=${hmacHex('bb-s3cret', body)}`;
    const uuid = '{7D9C5A10-1234-4ABC-9DEF-0123456789AB}';
    const both = { 'x-hub-signature': signature, 'x-hook-uuid': uuid };
    assert.ok(verifyWebhookSignature('bitbucket', both, body, secrets).ok);
    const noUuid = verifyWebhookSignature(
      'bitbucket',
      { 'x-hub-signature': signature },
      body,
      secrets,
    );
    assert.equal(noUuid.ok, false);
    const onlySecret: WebhookSecrets = { 'bitbucket.secret': 'bb-s3cret' };
    const signed = { 'x-hub-signature': signature };
    assert.ok(verifyWebhookSignature('bitbucket', signed, body, onlySecret).ok);
    assert.deepEqual(
      verifyWebhookSignature('bitbucket', { 'x-hook-uuid': uuid }, body, onlySecret),
      {
        ok: false,
        status: 401,
        reason: 'MissingSignature',
      },
    );
  });

  it('refuses every provider whose secret is not configured, even with a signature', () => {
    const signed = {
      'x-hub-signature-256': `sha256=${hmacHex('', body)}`,
      'x-gitlab-token': '',
      'x-gitea-signature': hmacHex('', body),
      'x-hook-uuid': 'x',
    };
    for (const provider of ['github', 'gitlab', 'bitbucket', 'gitea'] as const) {
      assert.deepEqual(verifyWebhookSignature(provider, signed, body, {}), {
        ok: false,
        status: 403,
        reason: 'NotConfigured',
      });
      const blank: WebhookSecrets = {
        'github.secret': ' ',
        'gitlab.secret': '',
        'gitea.secret': '\n',
      };
      assert.equal(verifyWebhookSignature(provider, signed, body, blank).ok, false);
    }
  });
});
