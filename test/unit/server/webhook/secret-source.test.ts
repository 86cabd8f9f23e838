import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeWebhookSecrets } from '../../../../src/server/index.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('decodeWebhookSecrets', () => {
  it('decodes the known keys of a Secret and skips the rest', () => {
    const data = {
      'github.secret': b64('gh'),
      'gitlab.secret': b64('gl'),
      'bitbucket.uuid': b64('{uuid}'),
      'bitbucket.secret': b64('bb'),
      'gitea.secret': b64('gt'),
      'webhook.github.secret': b64('argo-style key, not read'),
      'github.token': b64('unrelated'),
    };
    assert.deepEqual(decodeWebhookSecrets(data), {
      'github.secret': 'gh',
      'gitlab.secret': 'gl',
      'bitbucket.uuid': '{uuid}',
      'bitbucket.secret': 'bb',
      'gitea.secret': 'gt',
    });
  });

  it('answers no secrets for a missing Secret or one without data', () => {
    assert.deepEqual(decodeWebhookSecrets(undefined), {});
    assert.deepEqual(decodeWebhookSecrets({ 'github.secret': 42 }), {});
  });
});
