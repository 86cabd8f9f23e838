import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RepoError } from '../../../src/repo/index.js';
import {
  restateForRevision,
  stripUrlCredentials,
  wrapRepoFailure,
} from '../../../src/repo/errors.js';

const context = { repoURL: 'https://h/org/app', revision: 'main' };
const httpError = (statusCode: number) =>
  Object.assign(new Error(`HTTP Error: ${String(statusCode)}`), {
    code: 'HttpError',
    data: { statusCode },
  });

describe('wrapRepoFailure', () => {
  const cases: [unknown, string, boolean][] = [
    [httpError(401), 'AuthFailed', false],
    [httpError(403), 'AuthFailed', false],
    [httpError(404), 'NotARepository', false],
    [httpError(503), 'Unreachable', true],
    [
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'Unreachable',
      true,
    ],
    [Object.assign(new Error('nope'), { code: 'SmartHttpError' }), 'NotARepository', false],
    [
      Object.assign(new Error('no shallow'), { code: 'RemoteCapabilityError' }),
      'Unsupported',
      false,
    ],
    [Object.assign(new Error('ref gone'), { code: 'NotFoundError' }), 'UnknownRevision', false],
    [
      Object.assign(new Error('The operation was aborted due to timeout'), {
        name: 'TimeoutError',
      }),
      'Timeout',
      true,
    ],
  ];
  for (const [error, reason, transient] of cases) {
    it(`maps ${(error as Error).message} to ${reason} (transient ${String(transient)})`, () => {
      const mapped = wrapRepoFailure(error, context);
      assert.equal(mapped.reason, reason);
      assert.equal(mapped.transient, transient);
      assert.equal(mapped.retryable, transient);
      assert.equal(mapped.code, 'Repo');
      assert.match(mapped.message, /^repo https:\/\/h\/org\/app: revision main: /);
    });
  }

  it('puts the subject first and leaves the revision out when there is none', () => {
    const error = new RepoError({
      reason: 'Unsupported',
      repoURL: 'git@h:x',
      problem: 'SSH URLs are not supported',
    });
    assert.equal(error.message, 'repo git@h:x: SSH URLs are not supported');
  });

  it('strips credentials from URLs in the detail of an unknown failure', () => {
    const mapped = wrapRepoFailure(new Error('failed for https://u:hunter2@h/org/app'), context);
    assert.doesNotMatch(mapped.message, /hunter2/);
    assert.equal(
      stripUrlCredentials('see http://a:b@h/x and https://t@h/y'),
      'see http://h/x and https://h/y',
    );
  });

  it('restates a shared failure for another revision, keeping reason and transience', () => {
    const original = wrapRepoFailure(httpError(503), context);
    const restated = restateForRevision(original, 'v2');
    assert.ok(restated instanceof RepoError);
    assert.equal(
      restated.message,
      'repo https://h/org/app: revision v2: Git server error (HTTP 503)',
    );
    assert.deepEqual([restated.reason, restated.transient], ['Unreachable', true]);
    assert.equal(restateForRevision(original, 'main'), original);
  });
});
